"""``grassroots pairing import FILE`` and ``grassroots pairing board``.

The parser is built before Django is set up, so the services and selectors (which need the
models) are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, import_failed, usage

# The same as grassroots.pairing.services.importing.HEADERS (no models before Django is set up).
COLUMNS = (
    "结对单位编码,结对单位名称,结对单位党组织,社区编码,协议签订日期,"
    "承诺事项,任务类别,责任人,完成时限,完成日期"
)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "日期应为YYYY-MM-DD，如2026-06-30 / dates are YYYY-MM-DD"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    pairing = add_command(
        subparsers,
        "pairing",
        zh="结对共建：导入承诺事项台账、查看挂图作战统计",
        en="pairing co-construction: import pledges, the board of pledges",
    )
    commands = pairing.add_subparsers(
        dest="pairing_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    importer = add_command(
        commands,
        "import",
        zh=f"导入结对共建台账（表头 {COLUMNS}；任务类别为建强组织堡垒、攻坚治理难题或服务民生改善；"
        "完成日期留空表示尚未销号；.xlsx 或 UTF-8/GBK 编码的 .csv）。有任何错误则不写入，"
        "逐条列出“第N行 列名: 原因”，退出码为 1；重复导入同一文件不会改变任何数据",
        en=f"import pairings and pledges (headers {COLUMNS}; an empty 完成日期 means open; "
        ".xlsx or .csv in UTF-8/GBK). On any error nothing is written, every error is listed "
        "and the exit status is 1; importing the same file again changes nothing",
    )
    importer.add_argument("file", metavar="FILE", help="台账文件 / the file")
    importer.set_defaults(func=import_command)
    board = add_command(
        commands,
        "board",
        zh="挂图作战：每个结对关系的承诺事项数、已销号、已超期、7天内到期和销号率",
        en="the board: per pairing, pledges, closed, overdue, due within 7 days and the rate",
    )
    board.add_argument("--unit", metavar="CODE", help="只看此结对单位 / only this unit")
    board.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="按此日统计（默认今天）/ count as of this day (default: today)",
    )
    board.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    board.set_defaults(func=board_command)
    pairing.set_defaults(func=lambda args: usage(pairing))


def import_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.pairing.services.importing import import_pledges

    try:
        result = import_pledges(args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(summary)s") % {"summary": result.summary()})
    return 0


def board_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from grassroots.pairing.selectors import all_pairings, board

    pairings = all_pairings()
    if args.unit:
        code = args.unit.strip()
        pairings = pairings.filter(unit__code=code)
        if not pairings.exists():
            print(_("没有编码为%(code)s的结对单位的结对关系") % {"code": code}, file=sys.stderr)
            return 1
    rows = board(pairings, args.as_of or timezone.localdate())
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        rate = "—" if row.rate is None else f"{row.rate:.1f}%"
        print(
            f"{row.unit_name}（{row.unit_code}） ⇄ {row.community_name}（{row.community_code}）  "
            + _("承诺%(n)d 销号%(closed)d 超期%(overdue)d 7天内到期%(soon)d 销号率%(rate)s")
            % {
                "n": row.pledges,
                "closed": row.closed,
                "overdue": row.overdue,
                "soon": row.due_soon,
                "rate": rate,
            }
        )
    return 0
