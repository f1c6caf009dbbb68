"""``grassroots cadres import FILE --term YEAR --date YYYY-MM-DD`` and ``cadres report``.

The parser is built before Django is set up, so the engines (which need the models) are
imported inside the handlers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, import_failed, usage

# The same as grassroots.cadres.rows.HEADERS (kept literal: no models before Django is set up).
COLUMNS = "单位,姓名,性别,出生日期,公民身份号码,学历,党组织职务,村(居)委会职务"


def _year(text: str) -> int:
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError("届别应为年份，如2021 / the term is a year, e.g. 2021")
    return int(text)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "日期应为YYYY-MM-DD，如2021-10-31 / dates are YYYY-MM-DD"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    cadres = add_command(
        subparsers,
        "cadres",
        zh="村(社区)两委名册与换届结构报告",
        en="two-committee rosters and the composition report",
    )
    commands = cadres.add_subparsers(
        dest="cadres_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    importer = add_command(
        commands,
        "import",
        zh=f"导入一届两委名册（表头 {COLUMNS}，公民身份号码可空；.xlsx 或 UTF-8/GBK 编码的 .csv）。"
        "有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1；"
        "重复导入同一届会整体替换该届名册",
        en=f"import one term's roster (headers {COLUMNS}; ID number optional; .xlsx or .csv in "
        "UTF-8/GBK). On any error nothing is written, every error is listed and the exit "
        "status is 1; importing the same term again replaces its roster",
    )
    importer.add_argument("file", metavar="FILE", help="名册文件 / roster file")
    importer.add_argument(
        "--term",
        type=_year,
        required=True,
        metavar="YEAR",
        help="届别（换届年份）/ the term's year, e.g. 2021",
    )
    importer.add_argument(
        "--date",
        type=_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="统计基准日（选举结束之日）/ reference date: the day the elections "
        "finished; ages are counted on it",
    )
    importer.add_argument(
        "--create-units",
        action="store_true",
        help="组织架构中没有的村(社区)自动新建在“待划转村(社区)”街道下 / create "
        "missing units under a holding street of the tree's root",
    )
    importer.add_argument(
        "--under",
        metavar="CODE",
        help="新建单位放在此区县或街道编码下 / district or street code to "
        "create missing units under (default: the only root)",
    )
    importer.set_defaults(func=import_command)
    reporter = add_command(
        commands,
        "report",
        zh="一届两委班子结构报告（默认为通报文字，--json 输出 JSON；不加 --unit 为全部辖区）",
        en="the composition report of a term (readable Chinese text, or JSON with --json; "
        "without --unit the whole tree)",
    )
    reporter.add_argument(
        "--term",
        type=_year,
        required=True,
        metavar="YEAR",
        help="届别（换届年份）/ the term's year, e.g. 2021",
    )
    reporter.add_argument(
        "--compare", type=_year, metavar="YEAR", help="与哪一届比较 / the term to compare with"
    )
    reporter.add_argument(
        "--unit", metavar="CODE", help="只统计此组织节点及其下级 / only this node's subtree"
    )
    reporter.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="按此日在任成员统计（默认统计基准日）/ members in office on this "
        "day (default: the reference date)",
    )
    reporter.add_argument(
        "--age-limit",
        type=int,
        metavar="N",
        help="年龄超过N周岁的成员列入预警 / flag members older than N",
    )
    reporter.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    reporter.set_defaults(func=report_command)
    cadres.set_defaults(func=lambda args: usage(cadres))


def import_command(args: argparse.Namespace) -> int:
    from grassroots.cadres.services import import_roster
    from grassroots.kernel.importing import ImportFailed

    try:
        result = import_roster(
            args.file,
            year=args.term,
            reference_date=args.date,
            create_missing_units=args.create_units,
            under=args.under,
        )
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(summary)s") % {"summary": result.summary()})
    return 0


def report_command(args: argparse.Namespace) -> int:
    from grassroots.cadres.models import Term
    from grassroots.cadres.selectors import term_report
    from grassroots.cadres.text import report_text
    from grassroots.org.models import OrgNode

    found = {
        term.year: term
        for term in Term.objects.filter(year__in=[y for y in (args.term, args.compare) if y])
    }
    for year in (args.term, args.compare):
        if year and year not in found:
            print(
                _("没有%(year)d年换届的名册，请先用 cadres import 导入") % {"year": year},
                file=sys.stderr,
            )
            return 1
    unit = None
    if args.unit:
        unit = OrgNode.objects.filter(code=args.unit.strip()).first()
        if unit is None:
            print(_("找不到编码为%(code)s的组织节点") % {"code": args.unit}, file=sys.stderr)
            return 1
    report = term_report(
        None,
        found[args.term],
        unit=unit,
        on=args.as_of,
        compare=found.get(args.compare),
        limit=args.age_limit,
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report_text(report))
    return 0
