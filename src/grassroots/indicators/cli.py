"""``grassroots indicators rollup|show|cases``: the indicators of results (考核指标) by command.

``rollup`` recounts every indicator for a period and keeps the counts; ``show`` reads them
for one unit (it never counts: a period not rolled up yet says so and exits 1); ``export``
writes them as a workbook or a Word report for the monthly meeting; ``cases``
imports the criminal case counts of the public-security side. The parser is built before
Django is set up, so the models and services are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, import_failed, usage

COLUMNS = "社区编码,月份,刑事案件数"  # as grassroots.indicators.services.cases.HEADERS
PERIOD_HELP = "期间：月份2026-11、季度2026-Q4或年份2026 / period: 2026-11, 2026-Q4 or 2026"


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "indicators",
        zh="考核指标：汇总各项指标、查看或导出一个单位的指标、导入刑事案件数",
        en="indicators of results: roll up the counts, show or export a unit's figures, "
        "import cases",
    )
    commands = group.add_subparsers(
        dest="indicators_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    rollup = add_command(
        commands,
        "rollup",
        zh="重新统计一个期间的全部指标，逐级汇总到每个组织节点并保存",
        en="recount every indicator for a period and keep the counts of every node",
    )
    rollup.add_argument("--period", required=True, metavar="PERIOD", help=PERIOD_HELP)
    rollup.set_defaults(func=rollup_command)
    show = add_command(
        commands,
        "show",
        zh="查看一个单位一个期间的全部指标（读取已汇总的计数；未汇总的期间提示先运行 rollup）",
        en="show every indicator of one unit for a period (from the kept counts)",
    )
    show.add_argument("--unit", required=True, metavar="CODE", help="组织编码 / unit code")
    show.add_argument("--period", required=True, metavar="PERIOD", help=PERIOD_HELP)
    show.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    show.set_defaults(func=show_command)
    export = add_command(
        commands,
        "export",
        zh="把一个单位一个期间的考核指标导出为 Excel（.xlsx）或月度会议用的 Word 报告（.docx）",
        en="write one unit's indicators for a period to an xlsx workbook or a Word report",
    )
    export.add_argument("--unit", required=True, metavar="CODE", help="组织编码 / unit code")
    export.add_argument("--period", required=True, metavar="PERIOD", help=PERIOD_HELP)
    export.add_argument("file", metavar="FILE", help="导出文件 .xlsx 或 .docx / file to write")
    export.set_defaults(func=export_command)
    cases = add_command(
        commands,
        "cases",
        zh=f"导入公安机关提供的刑事案件数（表头 {COLUMNS}；月份如2026-11；同一社区同一月份"
        "再次导入则替换；.xlsx 或 UTF-8/GBK 编码的 .csv）。有任何错误则不写入，"
        "逐条列出“第N行 列名: 原因”，退出码为 1",
        en=f"import criminal case counts (headers {COLUMNS}; .xlsx or .csv). On any error "
        "nothing is written, every error is listed and the exit status is 1",
    )
    cases.add_argument("file", metavar="FILE", help="案件数文件 / file of case counts")
    cases.set_defaults(func=cases_command)
    group.set_defaults(func=lambda args: usage(group))


def _period(text: str):  # noqa: ANN202  (a Period, imported after Django is set up)
    from grassroots.indicators.periods import PeriodError, parse_period

    try:
        return parse_period(text)
    except PeriodError as error:
        fail(str(error))
        return None


def rollup_command(args: argparse.Namespace) -> int:
    from grassroots.cli.progress import advancing_bar
    from grassroots.indicators.services import counted_indicators, roll_up

    period = _period(args.period)
    if period is None:
        return 1
    with advancing_bar(_("汇总指标"), len(counted_indicators())) as advance:
        result = roll_up(period, progress=advance)
    print(
        _("已汇总%(period)s的%(n)d项指标，保存计数%(rows)d条")
        % {"period": period.label, "n": result.indicators, "rows": result.rows}
    )
    return 0


def _text(figures: list) -> str:
    from grassroots.indicators.values import STATUS_WORDS, shown

    lines = []
    for figure in figures:
        data = figure.as_json()
        value = shown(figure.value, figure.spec.unit)
        counts = (
            "" if data["numerator"] is None else f"（{data['numerator']}/{data['denominator']}）"
        )
        target = "" if figure.target is None else _("目标%(t)s") % {"t": figure.target}
        if figure.interval is not None:
            counts = _("（n=%(n)d，95%%置信区间 %(low)s%%–%(high)s%%）") % {
                "n": figure.denominator,
                "low": figure.interval[0],
                "high": figure.interval[1],
            }
        # A waiting indicator says what it waits for (its module's own words).
        status = data.get("note") or STATUS_WORDS.get(data["status"], data["status"])
        lines.append(f"{data['name']}: {value}{counts} {target} {status}")
    return "\n".join(line.rstrip() for line in lines)


def show_command(args: argparse.Namespace) -> int:
    from grassroots.indicators.selectors import NotRolledUp, figures, find_unit

    period = _period(args.period)
    if period is None:
        return 1
    # The command line reads as the operator: every unit (no account, no scope to narrow).
    unit = find_unit(None, args.unit)
    if unit is None:
        return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    try:
        found = figures(unit, period)
    except NotRolledUp as error:
        return fail(str(error))
    if args.json:
        print(json.dumps([f.as_json() for f in found], ensure_ascii=False, indent=2))
    else:
        print(f"{unit.name}（{unit.code}） {period.label}")
        print(_text(found))
    sys.stdout.flush()
    return 0


def export_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from grassroots.audit.services import record
    from grassroots.indicators.exporting import write_scorecard_docx, write_scorecard_xlsx
    from grassroots.indicators.plugin import EXPORTED
    from grassroots.indicators.selectors import NotRolledUp, find_unit, scorecard, unit_tables

    target = Path(args.file)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("xlsx", "docx"):
        return fail(
            _("不支持导出为“%(name)s”：文件名请以 .xlsx 或 .docx 结尾") % {"name": target.name}
        )
    if not target.parent.is_dir():
        return fail(_("目录不存在：%(folder)s") % {"folder": target.parent})
    period = _period(args.period)
    if period is None:
        return 1
    unit = find_unit(None, args.unit)
    if unit is None:
        return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    try:
        card = scorecard(None, unit, period)
    except NotRolledUp as error:
        return fail(str(error))
    writer = write_scorecard_docx if kind == "docx" else write_scorecard_xlsx
    try:
        writer(card, unit_tables(None, unit, period), target)
    except OSError as error:
        return fail(_("无法写入%(name)s：%(error)s") % {"name": target, "error": error.strerror})
    record(
        EXPORTED,
        target=f"{unit.name}{period.label}考核指标",
        node=unit,
        format=kind,
        period=period.label,
    )
    print(
        _("已导出%(unit)s%(period)s的考核指标：%(name)s")
        % {"unit": unit.name, "period": period.label, "name": target}
    )
    return 0


def cases_command(args: argparse.Namespace) -> int:
    from grassroots.indicators.services.cases import import_cases
    from grassroots.kernel.importing import ImportFailed

    try:
        result = import_cases(args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(summary)s") % {"summary": result.summary()})
    return 0
