"""Audit log commands: ``audit verify`` and ``audit archive --before DATE FILE``."""

from __future__ import annotations

import argparse
import datetime
import getpass
from pathlib import Path

from grassroots.cli import add_command, fail, usage

ARCHIVE_HELP = """\
只有 180 天以前的审计记录可以归档（网络安全法第二十一条）。记录连同校验值先写入 FILE
（JSON Lines），再从数据库中删除；审计链从最后一条被归档记录重新起算，归档本身记入审计日志。
归档前先校验审计链，未通过则不归档。

Only records older than 180 days may be archived (Cybersecurity Law art. 21). They are
written with their digests to FILE (JSON lines) first, then removed from the database; the
chain restarts from the last record archived, and the archive itself is audit-logged. The
chain is verified first; nothing is archived when it does not verify."""


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = add_command(subparsers, "audit", zh="审计日志校验与归档", en="audit log checks")
    audit.set_defaults(func=lambda args: usage(audit))
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", title="操作 / actions")
    check = add_command(
        actions,
        "verify",
        zh="校验审计链：有记录被修改、删除或插入时指出第一条，退出码 1",
        en="verify the audit chain; exit 1 naming the first record changed, removed or inserted",
    )
    check.set_defaults(func=verify)
    move = add_command(
        actions,
        "archive",
        zh="把某日以前（至少 180 天前）的审计记录归档到文件并从数据库移除",
        en="move audit records made before a date (at least 180 days ago) to a file",
        epilog=ARCHIVE_HELP,
    )
    move.add_argument(
        "--before",
        required=True,
        type=_date,
        metavar="YYYY-MM-DD",
        help="归档该日之前的记录 / archive records made before this day",
    )
    move.add_argument("file", metavar="FILE", help="归档文件（JSON Lines）/ file to write")
    move.set_defaults(func=archive)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: {value}"
        ) from None


def verify(args: argparse.Namespace) -> int:
    from grassroots.audit.integrity import verify as walk

    verdict = walk()
    if verdict.problem is not None:
        return fail(f"审计链校验失败 / audit chain broken: {verdict.problem.message}")
    print(
        f"审计链完整：已校验 {verdict.checked} 条记录（序号 {verdict.anchor_seq + 1}–"
        f"{verdict.head_seq}）/ audit chain intact: {verdict.checked} records checked"
    )
    return 0


def archive(args: argparse.Namespace) -> int:
    from grassroots.audit.services import ArchiveRefused
    from grassroots.audit.services import archive as move

    try:
        done = move(args.before, Path(args.file), os_user=_os_user())
    except ArchiveRefused as exc:
        return fail(f"拒绝归档 / archive refused: {exc}")
    print(
        f"已归档 {done.rows} 条审计记录到 {done.path} / archived {done.rows} audit records "
        f"to {done.path}"
    )
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
