"""People commands: ``people export-personal ID_NUMBER FILE`` (an access request)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from grassroots.cli import add_command, fail, usage

EXPORT_HELP = """\
个人信息查阅复制请求（个人信息保护法第四十五条）：把平台上与该证件号码持有人有关的全部信息
（人员、居民及居住记录、党员、两委成员、以其电话反映的诉求等）写入一个 .xlsx，每类一个工作表，
证件号码和电话不打码。导出记入审计日志（证件号码打码）。文件仅所有者可读，交付后请删除。

For an access request (PIPL art. 45): everything the platform holds on the holder of the ID
number (person, resident and where they lived, party member, two-committee member, demands
reported from their phones, ...) to one .xlsx, a sheet per kind of record, unmasked. The
export is audit-logged (the number masked). The file is readable by its owner only; delete
it once handed over."""


def register(subparsers: argparse._SubParsersAction) -> None:
    people = add_command(subparsers, "people", zh="人员信息", en="the data held about a person")
    people.set_defaults(func=lambda args: usage(people))
    actions = people.add_subparsers(dest="people_command", metavar="ACTION", title="操作 / actions")
    export = add_command(
        actions,
        "export-personal",
        zh="导出某人在平台上的全部个人信息（查阅复制请求，记入审计）",
        en="export everything held on one person, for an access request (audited)",
        epilog=EXPORT_HELP,
    )
    export.add_argument("id_number", metavar="ID_NUMBER", help="证件号码 / ID number")
    export.add_argument("file", metavar="FILE", help="导出文件 .xlsx / file to write")
    export.set_defaults(func=export_personal)


def export_personal(args: argparse.Namespace) -> int:
    from grassroots.people.services import export_personal_data

    try:
        done = export_personal_data(args.id_number, Path(args.file), os_user=_os_user())
    except ValueError as exc:
        return fail(f"导出失败 / export failed: {exc}")
    for title, count in done.sheets.items():
        print(f"{title}\t{count}")
    print(
        f"已导出 {done.records} 条记录到 {done.path}（已记入审计日志）/ exported {done.records} "
        f"records to {done.path} (audit-logged)"
    )
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
