"""The scorecard and the ranking written out: xlsx through ``kernel.exports`` and the
scorecard as a Word report for the monthly meeting in GB/T 9704 layout (``OfficialDocument``).

Chinese throughout: the workbook and the report are official papers, read in meetings.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from grassroots.indicators.selectors import Card, Ranked, Scorecard, UnitTable
from grassroots.indicators.values import PERCENT, STATUS_WORDS, UNIT_SUFFIX, shown
from grassroots.kernel.documents import OfficialDocument, chinese_date
from grassroots.kernel.exports import Sheet, write_workbook

SCORECARD_HEADERS = [
    "指标",
    "分子",
    "分母",
    "数值",
    "单位",
    "目标",
    "状态",
    "上期",
    "较上期",
    "上年同期",
    "较上年同期",
]
RANKING_HEADERS = ["名次", "单位编码", "单位", "数值", "分子", "分母", "状态"]


def _number(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value


def _change(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value


def _card_row(card: Card) -> list[Any]:
    figure = card.figure
    return [
        str(card.spec.name),
        "" if figure.numerator is None else figure.numerator,
        "" if figure.denominator is None else figure.denominator,
        _number(figure.value),
        str(UNIT_SUFFIX[card.spec.unit]),
        _number(figure.target),
        str(STATUS_WORDS.get(figure.status, figure.status)),
        _number(card.previous_value),
        _change(card.change_from_previous),
        _number(card.last_year_value),
        _change(figure.change),
    ]


def _table_sheet(found: UnitTable, title: str) -> Sheet:
    headers = ["单位编码", "单位", *(str(spec.name) for spec in found.specs)]
    rows = []
    for row in found.rows:
        cells = [found.cell(row, spec.code) for spec in found.specs]
        rows.append([row.code, row.name, *(_number(c.value if c else None) for c in cells)])
    return Sheet(title, headers, rows)


def write_scorecard_xlsx(
    card: Scorecard, tables: list[tuple[str, UnitTable]], target: str | Path | IO[bytes]
) -> None:
    """One sheet of the unit's indicators, then one per table of its units (streets, …)."""
    title = f"{card.node.name}{card.period.label}"
    sheets = [Sheet(title, SCORECARD_HEADERS, [_card_row(c) for c in card.cards])]
    sheets += [_table_sheet(found, label) for label, found in tables]
    write_workbook(target, sheets)


def ranking_rows(ranked: list[Ranked]) -> list[list[Any]]:
    return [
        [
            "" if item.rank is None else item.rank,
            item.row.code,
            item.row.name,
            _number(item.cell.value if item.cell else None),
            item.cell.numerator if item.cell else "",
            item.cell.denominator if item.cell else "",
            str(STATUS_WORDS.get(item.cell.status, "")) if item.cell else "",
        ]
        for item in ranked
    ]


def write_ranking_xlsx(title: str, ranked: list[Ranked], target: str | Path | IO[bytes]) -> None:
    write_workbook(target, [Sheet(title, RANKING_HEADERS, ranking_rows(ranked))])


def _signed(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:+}{'个百分点' if unit == PERCENT else ''}"


def _lead(card: Scorecard) -> str:
    counts = card.counts()
    counted = sum(n for status, n in counts.items() if status != "waiting")
    return (
        f"{card.period.label}，{card.node.name}共统计考核指标{counted}项，其中达标"
        f"{counts.get('green', 0)}项、接近目标{counts.get('amber', 0)}项、未达标"
        f"{counts.get('red', 0)}项。"
    )


def scorecard_document(card: Scorecard, tables: list[tuple[str, UnitTable]]) -> OfficialDocument:
    document = OfficialDocument()
    document.title(f"{card.node.name}{card.period.label}考核指标情况")
    document.centred(f"（{chinese_date(card.period.first)}至{chinese_date(card.period.last)}）")
    document.paragraph(_lead(card))
    document.heading("一、各项指标", level=1)
    rows = [
        [
            str(c.spec.name),
            shown(c.figure.value, c.spec.unit),
            shown(c.figure.target, c.spec.unit),
            str(STATUS_WORDS.get(c.figure.status, "")) or "—",
            _signed(c.change_from_previous, c.spec.unit),
            _signed(c.figure.change, c.spec.unit),
        ]
        for c in card.cards
    ]
    document.table(["指标", "数值", "目标", "状态", "较上期", "较上年同期"], rows)
    missed = [c for c in card.cards if c.figure.status == "red"]
    document.heading("二、未达标指标", level=1)
    if not missed:
        document.paragraph("本期没有未达标的指标。")
    for c in missed:
        document.paragraph(
            f"{c.spec.name}为{shown(c.figure.value, c.spec.unit)}，目标"
            f"{shown(c.figure.target, c.spec.unit)}（分子{c.figure.numerator}，"
            f"分母{c.figure.denominator}）。"
        )
    for number, (label, found) in enumerate(tables, start=3):
        document.heading(f"{_ordinal(number)}、{label}", level=1)
        document.table(
            ["单位", "达标", "接近目标", "未达标", "未达标指标"],
            [_unit_summary(found, row) for row in found.rows],
        )
    # The issuer and the date at the foot, right-aligned, as GB/T 9704 signs a document.
    document.paragraph()
    document.paragraph(card.node.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    today = timezone.localdate()
    document.paragraph(chinese_date(today), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def _unit_summary(found: UnitTable, row: Any) -> list[str]:
    statuses = {
        spec.code: getattr(found.cell(row, spec.code), "status", "") for spec in found.specs
    }
    missed = "、".join(str(s.name) for s in found.specs if statuses[s.code] == "red")
    tally = [sum(1 for st in statuses.values() if st == w) for w in ("green", "amber", "red")]
    return [row.name, *(str(n) for n in tally), missed or "—"]


def _ordinal(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if number <= 10 else str(number)


def write_scorecard_docx(
    card: Scorecard, tables: list[tuple[str, UnitTable]], target: str | Path | IO[bytes]
) -> None:
    scorecard_document(card, tables).save(target)
