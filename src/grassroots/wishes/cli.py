"""``grassroots wishes ...``: micro-wishes by command.

The parser is built before Django is set up, so the models and selectors are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import json

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, usage


def register(subparsers: argparse._SubParsersAction) -> None:
    wishes = add_command(
        subparsers,
        "wishes",
        zh="微心愿：各社区待认领、已认领、待确认、已完成、已取消的数量",
        en="micro-wishes: per community, how many are open, claimed, awaiting confirmation, "
        "confirmed and cancelled",
    )
    commands = wishes.add_subparsers(
        dest="wishes_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    summary = add_command(
        commands,
        "summary",
        zh="按社区统计微心愿的状态和心愿价值",
        en="the wishes per community by status, and their value",
    )
    summary.add_argument(
        "--unit", metavar="CODE", help="只看此单位及下级 / only this unit and below"
    )
    summary.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    summary.set_defaults(func=summary_command)
    wishes.set_defaults(func=lambda args: usage(wishes))


def summary_command(args: argparse.Namespace) -> int:
    from grassroots.wishes.selectors import community_summary

    rows = community_summary(unit_code=(args.unit or "").strip())
    if rows is None:
        return fail(_("没有编码为%(code)s的单位") % {"code": args.unit})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['community_name']}（{row['community']}）  "
            + _(
                "待认领%(open)d 已认领%(claimed)d 待确认%(fulfilled)d 已完成%(confirmed)d "
                "已取消%(cancelled)d 价值%(value)s元"
            )
            % row
        )
    return 0
