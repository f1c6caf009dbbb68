"""The grassroots command: serve, migrate, the data directory, and help in Chinese and English."""

import argparse
import io
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import grassroots.web
from grassroots import cli
from grassroots.site import cli as core_cli
from grassroots.site.tests.conftest import RUNNER, command_env, run_grassroots

CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
KEYS = {"django-secret", "field-encryption", "blind-index"}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _children(pid):
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _eventually(condition, deadline=20):
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > deadline:
            return False
        time.sleep(0.1)
    return True


def _wait_until_up(url, server, deadline=60):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {deadline}s")


def test_serve_runs_gunicorn_workers_that_answer_healthz_and_static_files(make_site, tmp_path):
    site = make_site(migrated=False)  # a fresh data dir and database just work
    port = _free_port()
    log = (tmp_path / "out.log").open("w+"), (tmp_path / "err.log").open("w+")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUNNER,
            "--data",
            str(site.data),
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=site.env,
        cwd=tmp_path,
        stdout=log[0],
        stderr=log[1],
        stdin=subprocess.DEVNULL,
    )
    try:
        status, body = _wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        assert status == 200
        assert json.loads(body)["database"] == {"vendor": site.vendor, "ok": True}
        status, css = _get(f"http://127.0.0.1:{port}/static/grassroots/app.css")
        assert status == 200
        assert (
            css
            == Path(grassroots.web.__file__)
            .with_name("static")
            .joinpath("grassroots", "app.css")
            .read_bytes()
        )
        assert _eventually(lambda: len(_children(server.pid)) == 2), "two worker processes"
        workers = _children(server.pid)
        assert (site.data / "static" / "staticfiles.json").is_file()
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C sends
        try:
            returncode = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        for fh in log:
            fh.close()
    assert f"http://127.0.0.1:{port}" in (tmp_path / "out.log").read_text()
    assert returncode == 0
    assert _eventually(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers))


def test_default_workers_follow_the_cores_within_a_sensible_cap(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(1)))
    assert core_cli.default_workers() == 2
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(4)))
    assert core_cli.default_workers() == 4
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(32)))
    assert core_cli.default_workers() == core_cli.MAX_DEFAULT_WORKERS


def test_serve_refuses_a_port_out_of_range_in_chinese(capsys):
    parser = cli.build_parser(["grassroots.site.cli"])
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--port", "70000"])
    assert "端口须在" in capsys.readouterr().err


def test_migrate_says_how_many_migrations_it_applied_then_that_the_database_is_current(
    make_site,
):
    site = make_site(migrated=False)
    first = site.grassroots("migrate")
    assert first.returncode == 0, first.stderr
    assert re.search(r"已应用 \d+ 个数据库迁移", first.stdout)
    assert len(first.stdout.splitlines()) == 1
    again = site.grassroots("migrate")
    assert again.stdout.strip() == "数据库已是最新 / database is up to date"


@pytest.mark.parametrize("where", ["before", "after", "environment"])
def test_the_data_dir_holds_the_sqlite_file_and_the_keys(tmp_path, where):
    data = tmp_path / "elsewhere"
    args = {
        "before": ["--data", str(data), "migrate"],
        "after": ["migrate", "--data", str(data)],
        "environment": ["migrate"],
    }[where]
    env = command_env(**({"GRASSROOTS_DATA": str(data)} if where == "environment" else {}))

    done = run_grassroots(*args, env=env, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert (data / "grassroots.sqlite3").stat().st_size > 0
    assert {p.name for p in (data / "keys").iterdir()} >= KEYS
    assert not (tmp_path / "var").exists()


def _all_parsers(parser, name="grassroots"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _all_parsers(sub, f"{name} {sub_name}")


def test_every_command_says_what_it_does_in_chinese_and_english():
    parsers = dict(_all_parsers(cli.build_parser()))
    assert {
        "grassroots serve",
        "grassroots migrate",
        "grassroots backup",
        "grassroots restore",
    } <= set(parsers)
    for name, parser in parsers.items():
        text = parser.description or ""
        assert CHINESE.search(text), f"{name} --help has no Chinese description"
        assert ENGLISH.search(text), f"{name} --help has no English description"
        parser.format_help()  # every help renders


def test_help_of_backup_explains_that_the_keys_are_not_in_a_database_backup():
    parsers = dict(_all_parsers(cli.build_parser(["grassroots.site.cli"])))
    text = parsers["grassroots backup"].format_help()
    assert "--with-keys" in text and "密钥" in text and "keys" in text


@pytest.mark.parametrize(
    ("answer", "goes_ahead"), [("yes\n", True), ("是\n", True), ("no\n", False), ("\n", False)]
)
def test_restore_goes_ahead_only_when_the_operator_types_yes(answer, goes_ahead):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown = io.StringIO()
    assert core_cli.confirmed(Path("x.bak"), Terminal(answer), shown) is goes_ahead
    assert "yes" in shown.getvalue()
