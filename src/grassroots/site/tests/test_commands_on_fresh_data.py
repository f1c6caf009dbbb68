"""Every command of ``grassroots --help`` on a data directory that has not been migrated: one
line saying what to run, never a traceback, and no output file left behind."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grassroots.cli import build_parser

# Runs each command in one process, as the console script would, and reports what it printed
# on stderr and how it ended; an exception escaping the command is reported as a crash.
DRIVER = """
import contextlib, io, json, sys, traceback
from grassroots import cli
report = {}
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        code = "crash"
        err.write(traceback.format_exc())
    report[" ".join(argv[2:])] = [code, err.getvalue()]
print(json.dumps(report))
"""

SAMPLES = ("1", "2026-09-30", "2026Q3", "2026-09", "420606000000")
# Values by what the help calls them, for arguments whose text is checked past the parser.
BY_METAVAR = {"YEAR": "2021", "CODE": "420606000000", "YYYY-MM-DD": "2026-09-30"}


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield path, parser
    for group in groups:
        for name, child in group.choices.items():
            yield from _leaves(child, (*path, name))


def _sample(action: argparse.Action, out: Path) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.metavar in BY_METAVAR:
        return BY_METAVAR[str(action.metavar)]
    if action.type is None or action.type is str:
        return str(out / f"{action.dest}.xlsx")
    for text in SAMPLES:
        try:
            action.type(text)
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue
        return text
    return str(out / action.dest)


def _argv(path: tuple[str, ...], parser: argparse.ArgumentParser, out: Path) -> list[str]:
    argv = list(path)
    for action in parser._actions:
        if action.dest in {"help", "data"} or not (action.required or not action.option_strings):
            continue
        value = _sample(action, out)
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    return argv


def _commands(out: Path) -> list[list[str]]:
    """Every sub-command that needs the database (those that migrate by themselves, such as
    ``serve`` and ``demo``, would start for real), with a plausible value for each required
    argument."""
    commands = []
    for path, parser in _leaves(build_parser()):
        if not path or parser.get_default("migrates") or parser.get_default("func") is None:
            continue
        commands.append(_argv(path, parser, out))
    return commands


def test_every_command_on_an_unmigrated_data_dir_says_to_migrate_without_a_traceback(
    make_site, tmp_path
):
    site = make_site(migrated=False)
    out = tmp_path / "out"
    out.mkdir()
    commands = _commands(out)
    assert len(commands) >= 20, commands  # the walk reached the apps' commands
    argvs = [["--data", str(site.data), *argv] for argv in commands]
    run = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(argvs)],
        env=site.env,
        cwd=site.data.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    problems = [
        f"{command}: exit {code}: {stderr.strip()[-300:]}"
        for command, (code, stderr) in report.items()
        if code != 1 or "Traceback" in stderr or "grassroots migrate" not in stderr
    ]
    assert not problems, "\n".join(problems)
    assert all(len(stderr.strip().splitlines()) == 1 for _, stderr in report.values())
    assert list(out.iterdir()) == []


def _parser_with_failing_command(error: Exception) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grassroots")
    parser.add_argument("--data")
    commands = parser.add_subparsers(dest="command")

    def boom(args: argparse.Namespace) -> int:
        raise error

    commands.add_parser("boom").set_defaults(func=boom)
    return parser


def test_an_unexpected_failure_is_said_in_one_line_and_a_debug_switch_shows_the_traceback(
    db, monkeypatch, capsys
):
    from grassroots import cli

    monkeypatch.setattr(cli, "build_parser", lambda: _parser_with_failing_command(KeyError("k")))
    monkeypatch.delenv("GRASSROOTS_DEBUG", raising=False)
    assert cli.main(["boom"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "命令失败 / command failed: KeyError: 'k'" in err and "GRASSROOTS_DEBUG=1" in err
    monkeypatch.setenv("GRASSROOTS_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(["boom"])


def test_data_encrypted_with_other_keys_is_said_with_what_to_do(db, monkeypatch, capsys):
    from grassroots import cli
    from grassroots.kernel.crypto import DecryptionError

    failing = _parser_with_failing_command(DecryptionError("ciphertext does not match the key"))
    monkeypatch.setattr(cli, "build_parser", lambda: failing)
    monkeypatch.delenv("GRASSROOTS_DEBUG", raising=False)
    assert cli.main(["boom"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "keys/" in err[0] and "密钥不匹配" in err[0]


# Each argument's type, given a bad value, before Django is set up (as the console script
# parses its arguments): argparse turns ArgumentTypeError, ValueError and TypeError into a
# usage message; anything else would end the command in a traceback.
BAD_VALUES = """
import argparse, json
from grassroots.cli import build_parser
from grassroots.site.tests.test_commands_on_fresh_data import _leaves
escaped = []
for path, parser in _leaves(build_parser()):
    for action in parser._actions:
        if not callable(action.type) or action.type is str:
            continue
        try:
            action.type("bad")
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            pass
        except Exception as exc:
            escaped.append(f"{' '.join(path)} {action.dest}: {type(exc).__name__}")
print(json.dumps(escaped))
"""


def test_a_bad_argument_value_is_a_usage_message_before_django_is_set_up(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["GRASSROOTS_DATA"] = str(tmp_path / "data")
    run = subprocess.run(
        [sys.executable, "-c", BAD_VALUES],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []
