"""The report as an organisation department publishes it (换届结构情况通报).

The wording is the official Chinese of such reports and stays Chinese whatever the page
language: it is the text that goes into the Word document and the department's briefing.
"""

from __future__ import annotations

from decimal import Decimal

from grassroots.cadres.figures import round_half_up
from grassroots.cadres.selectors import TermReport
from grassroots.kernel.documents import chinese_date
from grassroots.org.models import Level

LIANG_WEI = '村(社区)"两委"'  # as the department's reports print it


def number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _points(
    value: Decimal | None, *, unit: str = "个百分点", up: str = "提高", down: str = "下降"
) -> str:
    if value is None:
        return ""
    if value == 0:
        return "，与上届持平"
    word = up if value > 0 else down
    return f"，比上届{word}{abs(value):.1f}{unit}"


def _count_change(value: int | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "，与上届持平"
    return f"，比上届{'增加' if value > 0 else '减少'}{abs(value)}名"


def place_name(report: TermReport) -> str:
    unit = report.unit
    if unit is None or unit.level == Level.DISTRICT:
        return "全区"
    return unit.name


def lead(report: TermReport) -> str:
    """The opening paragraph: what was elected and how it compares with the last term."""
    s, change = report.summary, report.change or {}
    previous = report.previous
    one_shoulder_change = None
    if previous is not None:
        now = report.figures.exact_rates["one_shoulder_rate"]
        before = previous.figures.exact_rates["one_shoulder_rate"]
        if now is not None and before is not None:
            one_shoulder_change = round_half_up(now - before)
    opening = (
        f"截至{chinese_date(report.on)}，{place_name(report)}{s['units']}个村(社区)完成"
        f'"两委"换届，共选出'
        f"{LIANG_WEI}成员{s['members']}名"
    )
    if report.on != report.term.reference_date:  # a later day: who is in office then
        opening = (
            f"截至{chinese_date(report.on)}，{place_name(report)}{s['units']}个村(社区)"
            f"{report.term.year}年换届的{LIANG_WEI}在任成员{s['members']}名"
        )
    parts = [
        f"{opening}{_count_change(change.get('members'))}",
        f"书记、主任“一肩挑”的村(社区){s['one_shoulder_units']}个，"
        f"占{number(s['one_shoulder_rate'])}%{_points(one_shoulder_change)}",
        f"平均年龄{number(s['average_age'])}岁"
        f"{_points(change.get('average_age'), unit='岁', up='增加')}",
        f"35岁以下的{s['aged_35_and_under']}名，占{number(s['aged_35_and_under_rate'])}%"
        f"{_points(change.get('aged_35_and_under_rate'))}",
        f"大专及以上学历的{s['college_or_above']}名，占{number(s['college_or_above_rate'])}%"
        f"{_points(change.get('college_or_above_rate'))}",
        f"女性成员{s['women']}名，占{number(s['women_rate'])}%{_points(change.get('women_rate'))}",
        f"交叉任职的{s['cross_appointed']}名，占{number(s['cross_appointed_rate'])}%",
    ]
    return parts[0] + "。其中，" + "；".join(parts[1:]) + "。"


def warning_lines(report: TermReport) -> list[str]:
    return [f"{i}. {warning.message}。" for i, warning in enumerate(report.warnings, start=1)]


def report_text(report: TermReport) -> str:
    """The whole text report: heading, lead paragraph, then the warnings."""
    term = report.term
    heading = f"{term.year}年{LIANG_WEI}换届班子结构情况"
    lines = [heading, "", lead(report)]
    if report.previous is not None:
        lines.append(
            f"（上届为{report.previous.term.year}年换届，"
            f"统计基准日{chinese_date(report.previous.on)}。）"
        )
    lines += ["", "需要关注的问题："]
    lines += warning_lines(report) or ["无。"]
    return "\n".join(lines)
