"""The composition report as a Word document in GB/T 9704 layout (``OfficialDocument``).

Title, the published lead paragraph, a table of the key figures against the last term, a
table per village/community, and the warnings. Chinese throughout: it is an official document.
"""

from __future__ import annotations

from typing import IO

from docx.enum.text import WD_ALIGN_PARAGRAPH

from grassroots.cadres import text
from grassroots.cadres.selectors import TermReport
from grassroots.kernel.documents import OfficialDocument, chinese_date

FIGURE_ROWS = (
    ("村(社区)数（个）", "units", None),
    ("成员总数（名）", "members", None),
    ("书记、主任“一肩挑”（个）", "one_shoulder_units", "one_shoulder_rate"),
    ("平均年龄（岁）", "average_age", None),
    ("35岁以下（名）", "aged_35_and_under", "aged_35_and_under_rate"),
    ("大专及以上学历（名）", "college_or_above", "college_or_above_rate"),
    ("女性成员（名）", "women", "women_rate"),
    ("交叉任职（名）", "cross_appointed", "cross_appointed_rate"),
)
UNIT_HEADERS = [
    "村(社区)",
    "成员",
    "女性",
    "一肩挑",
    "交叉任职",
    "平均年龄",
    "35岁以下",
    "大专及以上",
]


def _cell(summary: dict, key: str, rate: str | None) -> str:
    value = summary[key]
    shown = text.number(value) if hasattr(value, "quantize") else str(value)
    if rate is not None:
        shown += f"（{text.number(summary[rate])}%）"
    return shown


def _change_cell(report: TermReport, key: str, rate: str | None) -> str:
    change = report.change or {}
    value = change.get(rate or key)
    if value is None:
        return "—"
    if key == "average_age":
        return f"{value:+.1f}岁"
    if rate is not None:
        return f"{value:+.1f}个百分点"
    return f"{value:+d}" if isinstance(value, int) else "—"


def figure_table(report: TermReport) -> tuple[list[str], list[list[str]]]:
    headers = ["指标", f"{report.term.year}年"]
    if report.previous is not None:
        headers += [f"{report.previous.term.year}年", "变化"]
    rows = []
    for label, key, rate in FIGURE_ROWS:
        row = [label, _cell(report.summary, key, rate)]
        if report.previous is not None:
            row += [_cell(report.previous.summary, key, rate), _change_cell(report, key, rate)]
        rows.append(row)
    return headers, rows


def unit_rows(report: TermReport) -> list[list[str]]:
    return [
        [
            row["unit"],
            str(row["members"]),
            str(row["women"]),
            "是" if row["one_shoulder"] else "否",
            str(row["cross_appointed"]),
            text.number(row["average_age"]),
            str(row["aged_35_and_under"]),
            str(row["college_or_above"]),
        ]
        for row in report.figures.per_unit
    ]


def write_report_docx(report: TermReport, target: IO[bytes]) -> None:
    """Write the report to ``target`` (a file or a buffer)."""
    doc = OfficialDocument()
    doc.title(f"{report.term.year}年{text.LIANG_WEI}换届")
    doc.title("班子结构情况报告")
    doc.paragraph()
    doc.heading("一、总体情况", level=1)
    doc.paragraph(text.lead(report))
    doc.heading("二、主要指标", level=1)
    headers, rows = figure_table(report)
    doc.table(headers, rows)
    doc.heading("三、各村(社区)情况", level=1)
    doc.table(UNIT_HEADERS, unit_rows(report))
    doc.heading("四、需要关注的问题", level=1)
    lines = text.warning_lines(report) or ["未发现需要关注的问题。"]
    for line in lines:
        doc.paragraph(line)
    doc.paragraph()
    doc.paragraph(
        f"（统计基准日：{chinese_date(report.on)}）", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    doc.save(target)
