"""The board (挂图作战) as charts, as a workbook and as a one-page Word document.

The workbook has two sheets, the pairings and the units' ranking; codes are text cells, so Excel
never turns 420606001001 into a number, and counts are numbers people can add up. The Word
document is for the monthly meeting: GB/T 9704 layout (``OfficialDocument``), a title, the day,
a lead paragraph written from the figures and the ranking table, on one page. Both are in
Chinese whatever the page's language: they are official papers.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from grassroots.kernel.documents import OfficialDocument, chinese_date
from grassroots.kernel.exports import Sheet, write_workbook
from grassroots.pairing.selectors import Board, Tally, VisitSummary

TITLE = "结对共建工作推进情况"
PAIRING_HEADERS = [
    "结对单位编码",
    "结对单位",
    "社区（村）编码",
    "社区（村）",
    "承诺事项",
    "正常推进",
    "7天内到期",
    "已超期",
    "已销号",
    "销号率（%）",
    "任务",
    "任务正常推进",
    "任务7天内到期",
    "任务已超期",
    "任务已销号",
    "任务完成率（%）",
]
RANKING_HEADERS = [
    "排名",
    "结对单位编码",
    "结对单位",
    "结对社区（村）数",
    "承诺事项",
    "正常推进",
    "7天内到期",
    "已超期",
    "已销号",
    "销号率（%）",
    "任务",
    "任务正常推进",
    "任务7天内到期",
    "任务已超期",
    "任务已销号",
    "任务完成率（%）",
]
VISIT_HEADERS = ["已评价走访", "增加负担", "负担占比（%）"]
DOCUMENT_HEADERS = [
    "排名",
    "结对单位",
    "结对数",
    "承诺事项",
    "已销号",
    "已超期",
    "负担占比",
    "销号率",
]
# Fixed widths (156 mm, the type area): the headers stay on one line, and a name of up to
# nine characters too (区人力资源和社会保障局 wraps once), so 15 units still fit on the one
# page with the burden share column.
RANKING_WIDTHS = [Mm(13), Mm(38), Mm(16), Mm(21), Mm(16), Mm(16), Mm(20), Mm(16)]
TWO_UP_HEADERS = ["排名", "结对单位", "已超期", "销号率"]
TABLE_SIZE = Pt(10.5)  # 五号
# Beyond this many units the ranking is set two to a row (rank, unit, overdue, rate, twice), so
# some 30 units still fit on the one page under the title and the lead paragraph.
ONE_COLUMN_UNITS = 15


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


# --- the page's charts ---------------------------------------------------------------------


def chart_data(board: Board) -> dict[str, Any]:
    """What board.js draws: the units' rates, and each unit's pledges by status, stacked."""
    units = board.units
    labels = [u.name for u in units]
    return {
        "rates": {
            "labels": labels,
            "series": [{"label": _("销号率（%）"), "data": [u.rate for u in units]}],
        },
        "status": {
            "labels": labels,
            "series": [
                {"label": _("已销号"), "data": [u.closed for u in units], "key": "closed"},
                {"label": _("正常推进"), "data": [u.on_track for u in units], "key": "on_track"},
                {"label": _("7天内到期"), "data": [u.due_soon for u in units], "key": "due_soon"},
                {"label": _("已超期"), "data": [u.overdue for u in units], "key": "overdue"},
            ],
        },
    }


def chart_height(board: Board) -> int:
    """Pixels for a horizontal bar chart with a bar per unit."""
    return max(160, 60 + 28 * len(board.units))


# --- the lead paragraph --------------------------------------------------------------------


def lead(board: Board, area: str) -> str:
    """One paragraph from the figures, in Chinese (the document's and the page's lead)."""
    totals = board.totals
    day = chinese_date(board.as_of)
    if not totals.pairings:
        return f"截至{day}，{area}暂无结对关系。"
    text = (
        f"截至{day}，{area}{len(board.units)}个结对单位与{len(board.communities)}个社区（村）"
        f"结对{totals.pairings}对，承诺事项{totals.pledges}项，已销号{totals.closed}项，"
        f"销号率{rate_text(totals.rate)}；正常推进{totals.on_track}项，"
        f"7天内到期{totals.due_soon}项，已超期{totals.overdue}项。"
    )
    return text + _comparison(board.units)


def _comparison(units: list[Tally]) -> str:
    """Which unit leads and which are late; of one unit, only whether it is late."""
    late = sorted((u for u in units if u.overdue), key=lambda u: (-u.overdue, u.code))
    rated = [u for u in units if u.rate is not None]
    if len(rated) < 2:
        return "请抓紧推进超期事项。" if late else ""
    best = rated[0]
    text = f"销号率最高的是{best.name}（{rate_text(best.rate)}）"
    if not late:
        return text + "，没有超期事项。"
    names = "、".join(f"{u.name}（{u.overdue}项）" for u in late[:3])
    return text + f"；超期事项较多的是{names}，请抓紧推进。"


# --- the workbook --------------------------------------------------------------------------


def _pairing_values(board: Board) -> list[list[Any]]:
    return [
        [
            r.unit_code,
            r.unit_name,
            r.community_code,
            r.community_name,
            r.pledges,
            r.on_track,
            r.due_soon,
            r.overdue,
            r.closed,
            r.rate,
            r.tasks,
            r.tasks_on_track,
            r.tasks_due_soon,
            r.tasks_overdue,
            r.tasks_closed,
            r.tasks_rate,
        ]
        for r in board.rows
    ]


def _ranking_headers(board: Board) -> list[str]:
    months = [f"{m:%Y-%m}走访" for m in board.visit_months]
    return [*RANKING_HEADERS, *months, *VISIT_HEADERS]


def _ranking_values(board: Board) -> list[list[Any]]:
    return [
        [
            rank,
            u.code,
            u.name,
            u.pairings,
            u.pledges,
            u.on_track,
            u.due_soon,
            u.overdue,
            u.closed,
            u.rate,
            u.tasks,
            u.tasks_on_track,
            u.tasks_due_soon,
            u.tasks_overdue,
            u.tasks_closed,
            u.tasks_rate,
            *(n for _month, n in v.months),
            v.answered,
            v.burden,
            v.burden_share,
        ]
        for rank, (u, v) in enumerate(zip(board.units, board.visits, strict=True), start=1)
    ]


def write_xlsx(board: Board, target: str | Path | IO[bytes]) -> int:
    """The pairings and the units' ranking, two sheets; returns the number of pairings."""
    wide = {"结对单位": 26, "社区（村）": 26}
    late = ("已超期", "任务已超期")
    write_workbook(
        target,
        [
            Sheet("结对关系", PAIRING_HEADERS, _pairing_values(board), widths=wide, alarm=late),
            Sheet("单位排名", _ranking_headers(board), _ranking_values(board), wide, late),
        ],
    )
    return len(board.rows)


# --- the Word document ---------------------------------------------------------------------


def ranking_rows(units: list[Tally], visits: list[VisitSummary] | None = None) -> list[list[str]]:
    """The ranking's rows; with ``visits`` (in the same order), each unit's burden share."""
    shares = [rate_text(v.burden_share) for v in visits] if visits else ["—"] * len(units)
    return [
        [
            str(rank),
            u.name,
            str(u.pairings),
            str(u.pledges),
            str(u.closed),
            str(u.overdue),
            share,
            rate_text(u.rate),
        ]
        for rank, (u, share) in enumerate(zip(units, shares, strict=True), start=1)
    ]


def two_up_rows(units: list[Tally]) -> list[list[str]]:
    """The ranking in two halves side by side: the first half left, the rest right."""
    short = [
        [str(rank), u.name, str(u.overdue), rate_text(u.rate)]
        for rank, u in enumerate(units, start=1)
    ]
    half = -(-len(short) // 2)
    right = short[half:] + [[""] * 4] * (2 * half - len(short))
    return [left + other for left, other in zip(short[:half], right, strict=True)]


def _set_widths(table: Any, widths: list[Mm]) -> None:
    """Fixed column widths (Word and LibreOffice read them from every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def write_docx(board: Board, area: str, target: str | Path | IO[bytes]) -> None:
    """The one-page paper for the monthly meeting."""
    doc = OfficialDocument()
    doc.title(TITLE)
    doc.centred(f"（截至{chinese_date(board.as_of)}）", size=Pt(14))
    doc.paragraph(lead(board, area))
    doc.heading("各结对单位销号率排名", level=1)
    if not board.units:
        doc.paragraph("暂无结对单位。")
    elif len(board.units) <= ONE_COLUMN_UNITS:
        table = doc.table(
            DOCUMENT_HEADERS, ranking_rows(board.units, board.visits), size=TABLE_SIZE
        )
        _set_widths(table, RANKING_WIDTHS)
    else:
        doc.table(TWO_UP_HEADERS * 2, two_up_rows(board.units), size=TABLE_SIZE)
    doc.paragraph(
        "注：按销号率排名，相同时超期少者在前；负担占比为社区书记评价“增加负担”的走访占已评价走访的比例。",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    doc.save(target)
