"""``grassroots demo``: seeds once, prints the address and the logins, then serves."""

import pytest

from grassroots.cli import build_parser
from grassroots.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from grassroots.org.models import OrgNode


def parse(*argv):
    return build_parser(["grassroots.demo.cli"]).parse_args(["demo", *argv])


@pytest.fixture
def served(monkeypatch):
    calls = []

    def fake_serve_app(*, host, port, workers):
        calls.append({"host": host, "port": port, "workers": workers})
        return 0

    monkeypatch.setattr("grassroots.site.cli.serve_app", fake_serve_app)
    return calls


def test_the_defaults_are_a_small_district_served_on_localhost():
    args = parse()
    assert (args.residents, args.host, args.port, args.no_serve) == (
        20_000,
        "127.0.0.1",
        8000,
        False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--residents", "0"],
        ["--residents", "many"],
        ["--residents", "99999999"],
        ["--port", "70000"],
    ],
)
def test_a_bad_option_is_refused_before_anything_runs(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse(*argv)
    assert exit_info.value.code == 2


def test_no_serve_seeds_prints_the_address_and_every_login(db, capsys, served):
    args = parse("--residents", "3000", "--no-serve")
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert DEMO_PASSWORD in out
    for login in DEMO_LOGINS:
        assert login.username in out
    assert "账号 Username" in out
    assert "演示账号免两步验证" in out and "exempt from two-factor sign-in" in out
    assert served == []
    assert OrgNode.objects.filter(code="420606000000").exists()


def test_running_the_demo_again_keeps_the_district_and_serves_it(db, capsys, served):
    first = parse("--residents", "3000", "--no-serve")
    first.func(first)
    count = OrgNode.objects.count()
    capsys.readouterr()
    again = parse("--residents", "3000", "--host", "0.0.0.0", "--port", "8123", "--workers", "3")
    assert again.func(again) == 0
    out = capsys.readouterr().out
    assert "已有演示区县" in out
    assert "http://0.0.0.0:8123" in out
    assert OrgNode.objects.count() == count
    assert served == [{"host": "0.0.0.0", "port": 8123, "workers": 3}]
