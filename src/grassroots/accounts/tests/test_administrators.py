"""The separated administrators (三权分立): each does its own job and reaches nothing else."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grassroots.accounts import services
from grassroots.accounts.models import Account, RoleGrant
from grassroots.accounts.services import throttle
from grassroots.accounts.tests.conftest import events
from grassroots.audit.models import AuditEvent
from grassroots.cli import main
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD, make_account

REGISTRY = "/registry/"
DEMANDS = "/demands/"
PEOPLE = "/people/"
AUDIT_LOG = "/audit/"
SYSTEM = "/system/"
ACCOUNT_ADMIN = "/admin/accounts/account/"
AUDIT_ADMIN_PAGE = "/admin/audit/auditevent/"
PERSONAL = (REGISTRY, DEMANDS, PEOPLE)
REFUSED = {403, 404, 302}  # 302: the admin sends a non-staff account to its login


@pytest.fixture
def admins(tree):
    """The three administrators as createadmin makes them."""
    return {
        Role.SYSTEM_ADMIN: make_account(tree.district, Role.SYSTEM_ADMIN, username="sysadmin"),
        Role.SECURITY_ADMIN: make_account(
            tree.district, Role.SECURITY_ADMIN, username="secadmin", is_staff=True
        ),
        Role.AUDIT_ADMIN: make_account(tree.district, Role.AUDIT_ADMIN, username="auditor"),
    }


def _status(client, account, url):
    client.force_login(account)
    return client.get(url).status_code


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_no_administrator_reaches_personal_data_or_daily_work(client, admins, role):
    for url in PERSONAL:
        assert _status(client, admins[role], url) in REFUSED, url


def test_the_audit_administrator_reads_the_audit_log_and_nothing_else(client, admins):
    auditor = admins[Role.AUDIT_ADMIN]
    assert _status(client, auditor, AUDIT_LOG) == 200
    for url in (SYSTEM, ACCOUNT_ADMIN, *PERSONAL):
        assert _status(client, auditor, url) in REFUSED, url


def test_the_security_administrator_manages_accounts_but_not_the_audit_log(
    client, admins, personas
):
    security = admins[Role.SECURITY_ADMIN]
    assert _status(client, security, ACCOUNT_ADMIN) == 200
    worker = personas[Role.GRID_WORKER]
    assert _status(client, security, f"{ACCOUNT_ADMIN}{worker.pk}/change/") == 200
    assert _status(client, security, "/admin/accounts/apitoken/") == 200
    for url in (AUDIT_LOG, AUDIT_ADMIN_PAGE, SYSTEM, *PERSONAL):
        assert _status(client, security, url) in REFUSED, url
    assert 'href="/admin/accounts/account/"' in client.get("/").content.decode()
    index = client.get("/admin/").content.decode()
    assert "账号" in index and "审计" not in index and "人员" not in index


def test_the_security_administrator_cannot_touch_an_operator_account(client, admins):
    operator = Account.objects.create_superuser(
        "root-op", password="Op-pass-2026", org_node=admins[Role.AUDIT_ADMIN].org_node
    )
    client.force_login(admins[Role.SECURITY_ADMIN])
    assert client.get(f"{ACCOUNT_ADMIN}{operator.pk}/password/").status_code in REFUSED
    assert client.get(f"{ACCOUNT_ADMIN}{operator.pk}/change/").status_code in REFUSED
    assert "root-op" not in client.get(ACCOUNT_ADMIN).content.decode()


def test_the_security_administrator_cannot_make_anyone_an_operator(client, admins, personas):
    client.force_login(admins[Role.SECURITY_ADMIN])
    worker = personas[Role.GRID_WORKER]
    form = client.get(f"{ACCOUNT_ADMIN}{worker.pk}/change/").context["adminform"].form
    assert "is_superuser" not in form.fields and "is_staff" not in form.fields


def test_the_system_administrator_sees_how_the_system_runs_and_nothing_else(client, admins):
    system = admins[Role.SYSTEM_ADMIN]
    client.force_login(system)
    response = client.get(SYSTEM)
    html = response.content.decode()
    assert response.status_code == 200 and "运行状况" in html and "grassroots backup" in html
    assert 'href="/system/"' in client.get("/").content.decode()
    for url in (AUDIT_LOG, ACCOUNT_ADMIN, *PERSONAL):
        assert _status(client, system, url) in REFUSED, url


def test_the_audit_log_is_closed_to_the_system_and_security_administrators(client, admins):
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        assert _status(client, admins[role], AUDIT_LOG) == 404


@pytest.mark.parametrize(
    "roles",
    [
        [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN],
        [Role.SECURITY_ADMIN, Role.AUDIT_ADMIN],
        [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN],
    ],
)
def test_one_account_cannot_hold_two_administrator_roles(admins, roles):
    account = admins[roles[0]]
    with pytest.raises(ValidationError, match="三权分立：一个账号只能担任"):
        services.set_roles(account, roles, actor=None)
    assert account.role_codes == (roles[0],)


def test_an_administrator_role_is_never_combined_with_daily_work(admins, personas):
    with pytest.raises(ValidationError, match="不能与日常业务角色"):
        services.grant_role(admins[Role.AUDIT_ADMIN], Role.DISTRICT_ADMIN, actor=None)
    with pytest.raises(ValidationError, match="不能与日常业务角色"):
        services.grant_role(personas[Role.DISTRICT_ADMIN], Role.SECURITY_ADMIN, actor=None)
    assert RoleGrant.objects.filter(account=personas[Role.DISTRICT_ADMIN]).count() == 1


def test_creating_an_account_with_two_administrator_roles_writes_nothing(tree):
    with pytest.raises(ValidationError, match="三权分立"):
        services.create_account(
            username="both",
            password="Both-pass-2026",
            org_node=tree.district,
            roles=[Role.AUDIT_ADMIN, Role.SECURITY_ADMIN],
        )
    assert not Account.objects.filter(username="both").exists()


def test_the_account_admin_refuses_to_combine_administrator_roles(client, admins, personas):
    client.force_login(admins[Role.SECURITY_ADMIN])
    target = admins[Role.AUDIT_ADMIN]
    grant = RoleGrant.objects.get(account=target)
    data = {
        "username": target.username,
        "display_name": "",
        "email": "",
        "org_node": target.org_node_id,
        "must_change_password": "",
        "is_active": "on",
        "role_grants-TOTAL_FORMS": "2",
        "role_grants-INITIAL_FORMS": "1",
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
        "role_grants-0-id": grant.pk,
        "role_grants-0-account": target.pk,
        "role_grants-0-role": Role.AUDIT_ADMIN,
        "role_grants-1-account": target.pk,
        "role_grants-1-role": Role.STREET_STAFF,
    }
    response = client.post(f"{ACCOUNT_ADMIN}{target.pk}/change/", data)
    assert response.status_code == 200
    assert "不能与日常业务角色" in response.content.decode()
    assert target.role_codes == (Role.AUDIT_ADMIN,)


def test_the_security_administrator_unlocks_an_account_in_the_admin(client, admins, personas):
    worker = personas[Role.GRID_WORKER]
    for address in ("192.0.2.1", "192.0.2.2"):
        for _ in range(5):
            throttle.count_failure(
                throttle.name_key(worker.username), address, worker, timezone.now()
            )
    assert worker.is_locked()
    client.force_login(admins[Role.SECURITY_ADMIN])
    response = client.post(
        ACCOUNT_ADMIN, {"action": "unlock_accounts", "_selected_action": [worker.pk]}
    )
    assert response.status_code == 302
    assert not worker.is_locked()
    (unlocked,) = events("account_unlocked")
    assert unlocked.actor_id == admins[Role.SECURITY_ADMIN].pk
    assert unlocked.detail["addresses"] == 2 and unlocked.detail["account"] == worker.username
    assert services.authenticate_account(None, worker.username, PASSWORD).ok


def test_the_unlock_command_lifts_the_locks_and_is_audited(personas, capsys):
    worker = personas[Role.GRID_WORKER]
    for _ in range(5):
        services.authenticate_account(None, worker.username, "Wrong-pass-99")
    assert worker.is_locked()
    assert main(["accounts", "unlock", worker.username]) == 0
    out = capsys.readouterr().out
    assert "已解除账号" in out and "1 个地址" in out
    assert not worker.is_locked()
    assert AuditEvent.objects.filter(action="account_unlocked", detail__via="cli").exists()


def test_the_unlock_command_names_an_unknown_account(db, capsys):
    assert main(["accounts", "unlock", "nobody"]) == 1
    assert "账号不存在" in capsys.readouterr().err
