"""``grassroots branchlife compliance``: the check of 三会一课 by command.

The parser is built before Django is set up, so the models and selectors are imported inside
the handler. The command reads as the operator: every party organisation.
"""

from __future__ import annotations

import argparse
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, usage


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "branchlife",
        zh="三会一课：各党支部会议落实情况",
        en="三会一课: whether each party branch held the meetings the rule asks for",
    )
    commands = group.add_subparsers(
        dest="branchlife_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    checker = add_command(
        commands,
        "compliance",
        zh="按季度检查三会一课（支部党员大会、党课每季度至少一次，支委会、党小组会每月至少一次），"
        "逐级汇总达标和未达标的党支部数，列出缺少的会议",
        en="check a quarter: 党员大会 and 党课 at least quarterly, 支委会 and 党小组会 at least "
        "monthly; branches compliant or not, summed up the party tree, and what is missing",
    )
    checker.add_argument(
        "--quarter",
        metavar="YYYYQN",
        help="季度，如2026Q3；默认为上一个完整季度 / quarter, default the last complete one",
    )
    checker.add_argument(
        "--org", metavar="NAME", help="党组织名称（默认全部）/ a party organisation's name"
    )
    checker.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    checker.set_defaults(func=compliance_command)
    group.set_defaults(func=lambda args: usage(group))


def compliance_command(args: argparse.Namespace) -> int:
    from grassroots.branchlife.rules import Quarter
    from grassroots.branchlife.selectors import compliance, default_quarter, find_org

    if args.quarter:
        try:
            quarter = Quarter.parse(args.quarter)
        except ValueError as error:
            return fail(str(error))
    else:
        quarter = default_quarter()
    org = None
    if args.org:
        org = find_org(None, args.org)
        if org is None:
            return fail(_("找不到名为%(name)s的党组织") % {"name": args.org})
    result = compliance(None, quarter, org)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(_text(result))
    sys.stdout.flush()
    return 0


def _text(result) -> str:  # noqa: ANN001  (a Compliance, imported after Django is set up)
    total = result.total
    rate = f"{total.rate}%" if total.rate is not None else "—"
    lines = [
        _("%(org)s %(quarter)s 三会一课落实情况")
        % {"org": result.org.name if result.org else _("全部党组织"), "quarter": result.quarter},
        _("党支部%(n)d个，达标%(ok)d个，未达标%(bad)d个，达标率%(rate)s")
        % {"n": total.branches, "ok": total.compliant, "bad": total.failing, "rate": rate},
    ]
    if not result.complete:
        lines.append(_("本季度尚未结束，按已过月份检查"))
    for row in result.rows:
        row_rate = f"{row.rate}%" if row.rate is not None else "—"
        lines.append(
            f"  {row.org.name}\t{row.branches}\t{row.compliant}\t{row.failing}\t{row_rate}"
        )
    failing = result.failing
    if failing:
        lines.append(_("未达标的党支部："))
    for standing in failing:
        missing = "、".join(m.label for m in standing.verdict.missing)
        lines.append(f"  {standing.branch.name}: {missing}")
    return "\n".join(lines)
