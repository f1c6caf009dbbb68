"""``grassroots members import|links|coverage``: the party-member roster and 一联十 by command.

The parser is built before Django is set up, so the models and services are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from typing import Any

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, import_failed, usage

# The same as grassroots.members.importer.roster.HEADERS and links.HEADERS (no models before
# Django is set up).
ROSTER_COLUMNS = (
    "姓名,公民身份号码,性别,出生日期,联系电话,入党日期,所在党组织,党员类别,工作单位,居住网格编码"
)
LINK_COLUMNS = "党员公民身份号码,网格编码,小区,楼栋,单元,房号"


def _date(text: str) -> datetime.date:
    # Parsed before Django (and its translations) is set up: both languages at once.
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为YYYY-MM-DD，如2026-06-30 / dates are YYYY-MM-DD: {text}"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "members",
        zh="党员：导入名册、导入联系户、一联十覆盖情况",
        en="party members: import the roster, import household links, 一联十 coverage",
    )
    commands = group.add_subparsers(
        dest="members_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    roster = add_command(
        commands,
        "import",
        zh=f"导入党员名册（表头 {ROSTER_COLUMNS}；党员类别为社区党员、在职党员或流动党员；"
        "所在党组织填党组织名称；性别、出生日期可留空，填写时须与公民身份号码一致；"
        ".xlsx 或 UTF-8/GBK 编码的 .csv）。有任何错误则不写入，逐条列出“第N行 列名: 原因”，"
        "退出码为 1；重复导入同一文件不会改变任何数据",
        en=f"import the party-member roster (headers {ROSTER_COLUMNS}; 党员类别 is 社区党员, "
        "在职党员 or 流动党员; 所在党组织 is the party organisation's name; .xlsx or .csv in "
        "UTF-8/GBK). On any error nothing is written, every error is listed and the exit "
        "status is 1; importing the same file again changes nothing",
    )
    roster.add_argument("file", metavar="FILE", help="名册文件 / the roster file")
    roster.set_defaults(func=roster_command)
    links = add_command(
        commands,
        "links",
        zh=f"导入一联十联系户（表头 {LINK_COLUMNS}；每户只能由一名党员联系）。"
        "有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1；"
        "重复导入同一文件不会改变任何数据",
        en=f"import 一联十 household links (headers {LINK_COLUMNS}; one member per household). "
        "On any error nothing is written, every error is listed and the exit status is 1; "
        "importing the same file again changes nothing",
    )
    links.add_argument("file", metavar="FILE", help="联系户文件 / the file of links")
    links.set_defaults(func=links_command)
    report = add_command(
        commands,
        "coverage",
        zh="一联十覆盖情况：在住户数、已联系户数、覆盖率，党员数及超出、不足目标户数和未联系户的党员，"
        "90天内未联系的户，按网格列出",
        en="一联十 coverage: occupied households, linked, rate, members above and below the "
        "target or without households, households not contacted in 90 days, per grid",
    )
    report.add_argument("--unit", metavar="CODE", help="只看此单位（编码）/ only this unit")
    report.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="按此日统计（默认今天）/ count as of this day (default: today)",
    )
    report.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    report.set_defaults(func=coverage_command)
    group.set_defaults(func=lambda args: usage(group))


def roster_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.members.importer.roster import import_roster

    try:
        result = import_roster(args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(
        _("导入完成：%(summary)s，共改变%(n)d名党员")
        % {"summary": result.summary(), "n": result.created + result.updated}
    )
    return 0


def links_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.members.importer.links import import_links

    try:
        result = import_links(args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(
        _("导入完成：%(summary)s，共改变%(n)d户联系关系")
        % {"summary": result.summary(), "n": result.created + result.updated}
    )
    return 0


def coverage_command(args: argparse.Namespace) -> int:
    from grassroots.members.selectors.coverage import coverage, find_unit

    unit = None
    if args.unit:
        # The command line reads as the operator: the whole tree (no account to narrow it).
        unit = find_unit(None, args.unit)
        if unit is None:
            return fail(_("组织架构中没有编码为%(code)s的单位") % {"code": args.unit.strip()})
    result = coverage(None, unit=unit, as_of=args.as_of)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(coverage_text(result))
    sys.stdout.flush()
    return 0


def _rate(figures: Any) -> str:
    return "—" if figures.rate is None else f"{figures.rate}%"


def _figures_text(figures: Any) -> str:
    return _(
        "在住户%(households)d 已联系%(linked)d 覆盖率%(rate)s 党员%(members)d"
        "（超出目标%(over)d 不足目标%(under)d 无联系户%(none)d） 90天未联系%(quiet)d户"
    ) % {
        "households": figures.households,
        "linked": figures.linked,
        "rate": _rate(figures),
        "members": figures.members,
        "over": figures.members_over_target,
        "under": figures.members_under_target,
        "none": figures.members_without_households,
        "quiet": figures.not_contacted_90d,
    }


def coverage_text(result: Any) -> str:
    """The coverage as a person reads it: the total, then each community and its grids."""
    unit = result.unit.name if result.unit else _("全部")
    lines = [
        _("一联十覆盖情况：%(unit)s，截至%(day)s")
        % {"unit": unit, "day": result.as_of.isoformat()},
        _("合计") + "  " + _figures_text(result.total),
    ]
    grids_of: dict[str, list[Any]] = {}
    for row in result.grids:
        parent = row.node.path[: len(row.node.path) - row.node.steplen]
        grids_of.setdefault(parent, []).append(row)
    for community in result.communities:
        node = community.node
        lines.append(f"{node.name}（{node.code}）  " + _figures_text(community.figures))
        for row in grids_of.get(node.path, []):
            lines.append(f"  {row.node.name}（{row.node.code}）  " + _figures_text(row.figures))
    return "\n".join(lines)
