"""The ``grassroots`` console script for operators (运维命令行).

Each app contributes its sub-commands through the module its plugin names as ``commands``
(its ``cli.py``), which exposes ``register(subparsers)``; every sub-command sets
``func(args) -> int`` as its handler. The command reads the plugins from the list of installed
apps, without setting Django up, so nothing here names an app.
Django is set up only after the data directory is known, so ``--data`` reaches the settings;
the parser is therefore built before Django is ready, and a command module imports models and
services inside its handlers, not at the top.

A command runs only on a database that is migrated; otherwise it says in one line what to run.
Commands that migrate by themselves (``serve``, ``demo``, ``migrate``, ``restore``) say so with
``set_defaults(migrates=True)``. No command ends in a traceback: what goes wrong is said in
one line (``GRASSROOTS_DEBUG=1`` shows the traceback as well).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from grassroots import __version__
from grassroots.datadir import ENV_VAR
from grassroots.kernel.plugins import installed_plugins
from grassroots.settings.apps import GRASSROOTS_APPS

DESCRIPTION = (
    "基层治理平台运维命令 / Grassroots operator commands.\n"
    "所有数据保存在一个数据目录中（--data 或环境变量 GRASSROOTS_DATA，默认 ./var）；"
    "设置 DATABASE_URL=postgres://... 则使用 PostgreSQL。\n"
    "All state lives in one data directory (--data or GRASSROOTS_DATA, default ./var); "
    "set DATABASE_URL=postgres://... to use PostgreSQL."
)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    pass


def command_modules(app_names: Sequence[str] = GRASSROOTS_APPS) -> list[str]:
    """The command modules of the installed apps' plugins, in ``INSTALLED_APPS`` order."""
    return [p.commands for p in installed_plugins(app_names) if p.commands]


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grassroots", description=DESCRIPTION, formatter_class=HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"grassroots {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="数据目录 / data directory (default: $GRASSROOTS_DATA or ./var)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令 / commands")
    for module_name in command_modules() if modules is None else modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def setup_django(data: str | None) -> None:
    if data:
        os.environ[ENV_VAR] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings.base")
    import django

    django.setup()


def database_problem() -> str | None:
    """Why commands cannot run on the database yet, in one line, or None when it is ready."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"无法连接数据库 / cannot reach the database: {_first_line(exc)}"
    if pending:
        return (
            f"数据库尚未初始化或不是最新（{len(pending)} 个迁移待执行），请先运行 grassroots "
            "migrate / the database is not migrated: run `grassroots migrate` first"
        )
    from grassroots.kernel.keys import key_problem

    return key_problem()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        setup_django(args.data)
    except ImproperlyConfigured as exc:  # a setting given in the environment is wrong
        if os.environ.get("GRASSROOTS_DEBUG"):
            raise
        return fail(f"配置错误 / configuration error: {exc}")
    try:
        if not getattr(args, "migrates", False):
            problem = database_problem()
            if problem:
                return fail(problem)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `grassroots ... | head`: the reader has gone; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - an operator gets one line, never a traceback
        from grassroots.kernel.crypto import DecryptionError

        if os.environ.get("GRASSROOTS_DEBUG"):
            raise
        if isinstance(exc, DecryptionError):
            return fail(
                "数据库中的加密信息与数据目录 keys/ 中的密钥不匹配：请使用与该数据库配套的 "
                "keys/ 目录，或用带 --with-keys 的备份恢复 / the database was encrypted "
                "with other keys: use the keys/ directory that belongs to it"
            )
        return fail(
            f"命令失败 / command failed: {_first_line(exc)}"
            "（设置 GRASSROOTS_DEBUG=1 可查看详细信息 / GRASSROOTS_DEBUG=1 shows the traceback）"
        )


def add_command(
    subparsers: argparse._SubParsersAction, name: str, *, zh: str, en: str, **kwargs: object
) -> argparse.ArgumentParser:
    """Add a sub-command whose --help says what it does in Chinese and English."""
    parser = subparsers.add_parser(
        name,
        # argparse %-formats a help text: a literal 95% would stop --help with a traceback.
        help=f"{zh} / {en}".replace("%", "%%"),
        description=f"{zh}\n{en}",
        formatter_class=HelpFormatter,
        **kwargs,  # type: ignore[arg-type]
    )
    # Accept --data after the command too (grassroots demo --data DIR).
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="数据目录 / data directory (default: $GRASSROOTS_DATA or ./var)",
    )
    return parser


def fail(message: str) -> int:
    """Say on stderr what went wrong and what to do; exit status 1."""
    print(message, file=sys.stderr)
    return 1


def import_failed(failure: Any) -> int:
    """A failed import: each row error as ``第N行 列名: 原因`` on stderr, then how many there
    were and that nothing was written; exit status 1. ``failure`` is the kernel's
    ``ImportFailed``."""
    for line in failure.lines():
        print(line, file=sys.stderr)
    return fail(_("导入失败，共%(n)d处错误，未写入任何数据。") % {"n": len(failure.errors)})


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"必须是正整数 / must be a positive integer: {value}")
    return int(value)


def port_number(value: str) -> int:
    """An argparse type: a TCP port."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"端口须在 1–65535 之间 / port must be 1-65535: {value}")
    return int(value)


def usage(parser: argparse.ArgumentParser) -> int:
    """What a command group without its sub-command does: show its help, exit status 2."""
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
