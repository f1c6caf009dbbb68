"""What both member imports share: cleaning a cell, reading a date, an ID number, a grid."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.idnumbers import IdNumber, IdNumberError, parse_id_number
from grassroots.kernel.importing import ImportResult, RowError
from grassroots.org.models import Level, OrgNode
from grassroots.registry.validation import parse_date

T = TypeVar("T")
# Values per ``IN (...)`` list: SQLite refuses a statement of more than 32,766 parameters, and
# a district's roster holds 60,000 numbers.
CHUNK = 500


def chunks(values: Iterable[T]) -> Iterator[list[T]]:
    """The distinct values, a chunk at a time, for look-ups ``IN (...)`` a chunk."""
    distinct = list(dict.fromkeys(values))
    for start in range(0, len(distinct), CHUNK):
        yield distinct[start : start + CHUNK]


def clean(text: str) -> str:
    """A cell as typed: full-width letters and digits made plain, spaces at the ends gone."""
    return unicodedata.normalize("NFKC", text or "").strip()


def compact(text: str) -> str:
    """A code or number: no spaces anywhere (Excel users type them in)."""
    return "".join(clean(text).split())


@dataclass
class CheckedRow:
    """A row of a file being checked: ``errors`` holds what is wrong with it."""

    number: int
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))


def id_number(row: CheckedRow, text: str, column: str) -> IdNumber | None:
    """The row's citizen ID number, checked (check digit, birth date, region)."""
    number = compact(text).upper()
    if not number:
        row.error(column, _("不能为空"))
        return None
    try:
        return parse_id_number(number)
    except IdNumberError as error:
        row.error(column, str(error))
        return None


def date(row: CheckedRow, text: str, column: str, *, required: bool) -> datetime.date | None:
    text = clean(text)
    if not text:
        if required:
            row.error(column, _("不能为空"))
        return None
    day = parse_date(text)
    if day is None:
        row.error(column, _("日期“%(text)s”无法识别，应为YYYY-MM-DD") % {"text": text})
    return day


def grids_by_code(codes: Iterable[str]) -> dict[str, OrgNode]:
    """The grids of the tree among ``codes``, by code."""
    found: dict[str, OrgNode] = {}
    for chunk in chunks(code for code in codes if code):
        found.update(
            (node.code, node) for node in OrgNode.objects.filter(code__in=chunk, level=Level.GRID)
        )
    return found


def grid(row: CheckedRow, code: str, grids: dict[str, OrgNode], column: str) -> OrgNode | None:
    if not code:
        row.error(column, _("不能为空"))
        return None
    found = grids.get(code)
    if found is None:
        row.error(column, _("组织架构中没有编码为%(code)s的网格") % {"code": code})
    return found


def all_errors(rows: Iterable[CheckedRow]) -> list[RowError]:
    return [error for row in rows for error in row.errors]


def record_import(
    action: Action, *, actor: Any, source: str, result: ImportResult, **detail: Any
) -> None:
    """The import's audit record: who, which file, how many rows of each kind, what changed."""
    signed_in = getattr(actor, "pk", None) is not None
    record(
        action,
        actor=actor if signed_in else None,
        username="" if signed_in else "系统",
        target=source[:200],
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        **detail,
    )
