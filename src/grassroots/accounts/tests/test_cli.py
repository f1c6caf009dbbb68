"""The createadmin and token commands, run through the real command-line entry point."""

import pytest

from grassroots.accounts.models import Account, ApiToken
from grassroots.accounts.services.tokens import authenticate_token
from grassroots.accounts.tests.conftest import events
from grassroots.audit.models import Action
from grassroots.cli import main
from grassroots.kernel.permissions import Role


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("kind", "role", "zh", "en"),
    [
        ("system", Role.SYSTEM_ADMIN, "系统管理员", "System administrator"),
        ("security", Role.SECURITY_ADMIN, "安全管理员", "Security administrator"),
        ("audit", Role.AUDIT_ADMIN, "审计管理员", "Audit administrator"),
    ],
)
def test_createadmin_makes_the_kind_of_administrator_asked_for_and_says_which(
    tree, capsys, kind, role, zh, en
):
    code, out, _ = run(
        capsys, "createadmin", "chief", "--kind", kind, "--password", "Chief-pass-2026"
    )
    assert code == 0
    assert f"已创建{zh}“chief”" in out and f"{en} 'chief' created" in out
    assert "首次登录须修改密码" in out and "可以 / may:" in out
    chief = Account.objects.get(username="chief")
    assert not chief.is_superuser and chief.must_change_password
    assert chief.role_codes == (role,) and chief.org_node == tree.district
    assert chief.is_staff == (kind == "security")  # only the security admin uses /admin/
    assert chief.check_password("Chief-pass-2026")
    assert events(Action.ACCOUNT_CREATED)[0].detail["account"] == "chief"


def test_createadmin_without_a_kind_names_the_kinds_and_creates_nothing(tree, capsys):
    code, _, err = run(capsys, "createadmin", "chief", "--password", "Chief-pass-2026")
    assert code == 1
    assert "--kind" in err and all(k in err for k in ("system", "security", "audit"))
    assert "系统管理员" in err and "安全管理员" in err and "审计管理员" in err
    assert not Account.objects.filter(username="chief").exists()


@pytest.mark.django_db
def test_createadmin_before_any_org_tree_says_to_import_it_first(capsys):
    code, _, err = run(
        capsys, "createadmin", "chief", "--kind", "security", "--password", "Chief-pass-2026"
    )
    assert code == 1
    assert "尚无组织架构" in err and "grassroots org import FILE" in err
    assert not Account.objects.filter(username="chief").exists()


def test_createadmin_refuses_an_unknown_kind(tree, capsys):
    with pytest.raises(SystemExit) as done:
        main(["createadmin", "chief", "--kind", "root", "--password", "Chief-pass-2026"])
    assert done.value.code == 2 and "--kind 须为" in capsys.readouterr().err
    assert not Account.objects.filter(username="chief").exists()


def test_createadmin_with_a_node_attaches_the_unit_and_grants_district_admin(tree, capsys):
    code, out, _ = run(
        capsys,
        "createadmin",
        "qu",
        "--kind",
        "district",
        "--password",
        "Qu-pass-2026",
        "--node",
        tree.district.code,
    )
    assert code == 0 and tree.district.name in out and "区(县)管理员" in out
    qu = Account.objects.get(username="qu")
    assert qu.org_node == tree.district and qu.role_codes == (Role.DISTRICT_ADMIN,)
    assert not qu.is_superuser and not qu.is_staff


def test_a_district_administrator_needs_a_node(tree, capsys):
    code, _, err = run(
        capsys, "createadmin", "qu", "--kind", "district", "--password", "Qu-pass-2026"
    )
    assert code == 1 and "--node" in err
    assert not Account.objects.filter(username="qu").exists()


def test_createadmin_with_an_unknown_node_creates_nothing(db, capsys):
    code, _, err = run(
        capsys,
        "createadmin",
        "qu",
        "--kind",
        "district",
        "--password",
        "Qu-pass-2026",
        "--node",
        "999999999999",
    )
    assert code == 1 and "组织节点编码不存在" in err
    assert not Account.objects.filter(username="qu").exists()


def test_createadmin_explains_a_weak_password_in_chinese(tree, capsys):
    code, _, err = run(capsys, "createadmin", "chief", "--kind", "audit", "--password", "chief")
    assert code == 1
    assert "密码至少需要8个字符" in err and "至少三类" in err
    assert not Account.objects.filter(username="chief").exists()


def test_createadmin_refuses_an_existing_name(personas, capsys):
    name = personas[Role.RESIDENT].username
    code, _, err = run(
        capsys, "createadmin", name, "--kind", "audit", "--password", "Chief-pass-2026"
    )
    assert code == 1 and f"账号“{name}”已存在" in err
    assert not Account.objects.get(username=name).is_superuser


def test_createadmin_prompts_twice_when_no_password_is_given(tree, capsys, monkeypatch):
    answers = iter(["Typed-pass-2026", "Typed-pass-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, _ = run(capsys, "createadmin", "typed", "--kind", "system")
    assert code == 0 and Account.objects.get(username="typed").check_password("Typed-pass-2026")


def test_createadmin_stops_when_the_two_prompts_differ(tree, capsys, monkeypatch):
    answers = iter(["Typed-pass-2026", "Typed-pass-2027"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "createadmin", "typed", "--kind", "system")
    assert code == 1 and "两次输入的密码不一致" in err
    assert not Account.objects.filter(username="typed").exists()


def test_token_create_prints_the_token_alone_on_its_last_line(personas, capsys):
    worker = personas[Role.GRID_WORKER]
    code, out, _ = run(capsys, "token", "create", worker.username, "--name", "巡查App")
    assert code == 0
    raw = out.strip().splitlines()[-1]
    assert raw.startswith("gr_") and " " not in raw
    assert authenticate_token(raw) == worker
    token = ApiToken.objects.get(account=worker)
    assert token.name == "巡查App" and token.digest != raw and raw not in token.digest
    assert events(Action.TOKEN_CREATED)[0].detail["prefix"] == token.prefix


def test_token_create_for_an_unknown_account_fails(db, capsys):
    code, out, err = run(capsys, "token", "create", "nobody")
    assert code == 1 and "账号不存在" in err and "gr_" not in out


def test_token_list_shows_each_token_without_the_token_itself(personas, capsys):
    worker, resident = personas[Role.GRID_WORKER], personas[Role.RESIDENT]
    _, out, _ = run(capsys, "token", "create", worker.username, "--name", "巡查App")
    raw = out.strip().splitlines()[-1]
    run(capsys, "token", "create", resident.username)
    code, listing, _ = run(capsys, "token", "list")
    assert code == 0 and raw not in listing
    for token in ApiToken.objects.all():
        assert token.prefix in listing and token.digest not in listing
    assert "巡查App" in listing and "有效" in listing
    _, only_worker, _ = run(capsys, "token", "list", worker.username)
    assert worker.username in only_worker and resident.username not in only_worker


def test_token_revoke_by_prefix_stops_the_token_working(personas, capsys):
    worker = personas[Role.GRID_WORKER]
    _, out, _ = run(capsys, "token", "create", worker.username)
    raw = out.strip().splitlines()[-1]
    prefix = ApiToken.objects.get().prefix
    code, out, _ = run(capsys, "token", "revoke", prefix)
    assert code == 0 and "已撤销" in out
    assert authenticate_token(raw) is None
    _, listing, _ = run(capsys, "token", "list")
    assert "已撤销" in listing
    assert len(events(Action.TOKEN_REVOKED)) == 1


def test_token_revoke_by_id_and_twice_is_harmless(personas, capsys):
    _, out, _ = run(capsys, "token", "create", personas[Role.GRID_WORKER].username)
    raw = out.strip().splitlines()[-1]
    token_id = str(ApiToken.objects.get().pk)
    assert run(capsys, "token", "revoke", token_id)[0] == 0
    code, out, _ = run(capsys, "token", "revoke", token_id)
    assert code == 0 and "此前已撤销" in out
    assert authenticate_token(raw) is None
    assert len(events(Action.TOKEN_REVOKED)) == 1


def test_token_revoke_of_an_unknown_token_fails(db, capsys):
    code, _, err = run(capsys, "token", "revoke", "gr_zzzzzz")
    assert code == 1 and "找不到令牌" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["createadmin", "--help"],
        ["token", "--help"],
        ["token", "create", "--help"],
        ["token", "list", "--help"],
        ["token", "revoke", "--help"],
    ],
)
def test_each_account_command_explains_itself_in_chinese_and_english(capsys, argv):
    with pytest.raises(SystemExit) as done:
        main(argv)
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert any("\u4e00" <= c <= "\u9fff" for c in out)
    assert any(w in out for w in ("create", "token", "superuser"))


def test_token_without_an_action_prints_its_help(db, capsys):
    # As every command group does: the help goes to stderr, like argparse's own errors.
    code, out, err = run(capsys, "token")
    assert code == 2 and "create" in err and "revoke" in err and out == ""


def test_createadmin_without_a_terminal_to_ask_fails_cleanly(tree, capsys, monkeypatch):
    def no_input(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_input)
    code, _, err = run(capsys, "createadmin", "typed", "--kind", "system")
    assert code == 1 and "未能读取" in err


def test_createadmin_refuses_an_existing_name_before_asking_for_a_password(
    personas, capsys, monkeypatch
):
    def must_not_ask(prompt=""):
        raise AssertionError("asked for a password")

    monkeypatch.setattr("getpass.getpass", must_not_ask)
    code, _, err = run(capsys, "createadmin", personas[Role.RESIDENT].username, "--kind", "system")
    assert code == 1 and "已存在" in err
