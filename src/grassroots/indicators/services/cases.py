"""Importing criminal case counts from the public-security side: ``grassroots indicators cases``.

The file (xlsx, or CSV in UTF-8, UTF-8 with BOM or GBK) has the headers 社区编码,月份,刑事案件数:
one community (by its 12-digit code), one month (2026-11; a spreadsheet's date cell of the
month's first day is read as that month) and the number of criminal cases filed there that
month. Every row is checked first and every problem reported as ``第N行 列名: 原因``; one
problem means nothing is written. A community's month imported again replaces the number it
had. The import is audited with how many rows it created and replaced.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.indicators.models import CriminalCaseCount
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.org.models import Level, OrgNode

COMMUNITY, MONTH, CASES = "社区编码", "月份", "刑事案件数"
HEADERS = (COMMUNITY, MONTH, CASES)
IMPORTED = "criminal_cases_imported"
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:[-/.]0?1(?: 00:00:00)?)?$")


@dataclass(frozen=True)
class CaseRow:
    number: int
    community_id: int
    month: datetime.date
    cases: int


def parse_month(text: str) -> datetime.date | None:
    """``2026-11`` (or 2026/11, 2026年11月, or the date 2026-11-01) as its first day."""
    match = _MONTH.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return datetime.date(year, month, 1)


def _cases(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _communities(table: Table) -> dict[str, OrgNode]:
    codes = {unicodedata.normalize("NFKC", row[COMMUNITY]).strip() for row in table.rows}
    return {node.code: node for node in OrgNode.objects.filter(code__in=codes)}


def _check_row(row: Row, communities: dict[str, OrgNode], errors: list[RowError]) -> CaseRow | None:
    start = len(errors)
    code = unicodedata.normalize("NFKC", row[COMMUNITY]).strip()
    node = communities.get(code)
    if not code:
        errors.append(RowError(row.number, COMMUNITY, _("不能为空")))
    elif node is None:
        errors.append(
            RowError(row.number, COMMUNITY, _("没有编码为%(code)s的社区") % {"code": code})
        )
    elif node.level != Level.COMMUNITY:
        errors.append(
            RowError(
                row.number,
                COMMUNITY,
                _("%(name)s不是社区（村），案件数按社区填报") % {"name": node.name},
            )
        )
    month = parse_month(row[MONTH])
    if month is None:
        errors.append(RowError(row.number, MONTH, _("月份应为YYYY-MM，如2026-11")))
    cases = _cases(row[CASES])
    if cases is None:
        errors.append(RowError(row.number, CASES, _("应为0或正整数")))
    if len(errors) > start:
        return None
    return CaseRow(row.number, node.pk, month, cases)  # type: ignore[union-attr,arg-type]


def check_rows(table: Table) -> list[CaseRow]:
    """Every row checked; ImportFailed with every problem, the file's repeats included."""
    communities = _communities(table)
    errors: list[RowError] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    checked = []
    for row in table.rows:
        case_row = _check_row(row, communities, errors)
        if case_row is None:
            continue
        key = (case_row.community_id, case_row.month)
        if key in seen:
            errors.append(
                RowError(
                    row.number,
                    MONTH,
                    _("该社区该月份已在第%(row)d行填报") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = row.number
        checked.append(case_row)
    if errors:
        raise ImportFailed(errors)
    return checked


def import_cases(source: str | Path | Table, *, actor: Any = None) -> ImportResult:
    """Import a file of criminal case counts; ImportFailed, writing nothing, on any problem."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*HEADERS, known=())
    rows = check_rows(table)
    months = {row.month for row in rows}
    result = ImportResult()
    now = timezone.now()
    with transaction.atomic():
        kept = {
            (count.community_id, count.month): count
            for count in CriminalCaseCount.objects.select_for_update().filter(
                month__in=months, community_id__in={row.community_id for row in rows}
            )
        }
        new, changed = [], []
        for row in rows:
            count = kept.get((row.community_id, row.month))
            if count is None:
                new.append(
                    CriminalCaseCount(
                        community_id=row.community_id, month=row.month, cases=row.cases
                    )
                )
            elif count.cases == row.cases:
                result.unchanged += 1
            else:
                count.cases, count.imported_at = row.cases, now
                changed.append(count)
        CriminalCaseCount.objects.bulk_create(new, batch_size=2000)
        CriminalCaseCount.objects.bulk_update(changed, ["cases", "imported_at"], batch_size=2000)
        result.created, result.updated = len(new), len(changed)
        record(
            IMPORTED,
            actor=actor,
            target=table.name,
            rows=len(rows),
            created=result.created,
            updated=result.updated,
        )
    return result
