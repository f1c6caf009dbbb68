"""Importing a campaign's actions from a spreadsheet: ``grassroots campaigns actions ID FILE``.

The file (xlsx, or CSV in UTF-8, UTF-8 with BOM or GBK) has the headers
网格编码,小区,楼栋,单元,房号,日期,措施,结果,整改后用途. Each row names a room by its grid and
address, and one action on the room's open case in the campaign; 整改后用途 is given only with
the result 已整改. Every row is checked against the campaign as it stands, rows before it in the
file included (a room rectified on row 3 has no open case on row 5), and every problem is
reported as ``第N行 列名: 原因``; one problem means nothing is written. A clean file is written
in one transaction through ``record_action``, row by row in file order.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.registry.choices import RoomUse, labels, parse_choice
from grassroots.registry.models import ChangeSource
from grassroots.rentals.choices import CaseStatus, Method, Outcome, parse_label
from grassroots.rentals.models import RentalCampaign, RentalCase
from grassroots.rentals.services import (
    ActionEntry,
    RentalError,
    entry_problems,
    method_names,
    record_action,
)

GRID, ESTATE, BUILDING, UNIT, NUMBER = "网格编码", "小区", "楼栋", "单元", "房号"
DATE, METHOD, OUTCOME, NEW_USE = "日期", "措施", "结果", "整改后用途"
HEADERS = (GRID, ESTATE, BUILDING, UNIT, NUMBER, DATE, METHOD, OUTCOME, NEW_USE)
FIELD_COLUMNS = {"on": DATE, "method": METHOD, "outcome": OUTCOME, "new_use": NEW_USE}
DATE_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class PlannedRow:
    number: int
    case: RentalCase
    entry: ActionEntry


def parse_day(text: str) -> datetime.date | None:
    match = DATE_PATTERN.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _key(row: Row) -> Key:
    def cell(header: str) -> str:
        return unicodedata.normalize("NFKC", row[header]).strip()

    return (cell(GRID), cell(ESTATE), cell(BUILDING), cell(UNIT), cell(NUMBER))


def _open_cases(campaign: RentalCampaign, keys: set[Key]) -> dict[Key, RentalCase]:
    """The campaign's cases of the rooms the file names, by (grid code, estate, ..., number)."""
    numbers = {key[4] for key in keys}
    cases = RentalCase.objects.filter(campaign=campaign, room__number__in=numbers).select_related(
        "grid", "room__building__estate"
    )
    found = {}
    for case in cases:
        room = case.room
        key = (
            case.grid.code,
            room.building.estate.name,
            room.building.name,
            room.unit,
            room.number,
        )
        found[key] = case
    return found


def _entry(row: Row, errors: list[RowError]) -> ActionEntry | None:
    start = len(errors)
    on = parse_day(row[DATE])
    if on is None:
        errors.append(RowError(row.number, DATE, _("日期应为YYYY-MM-DD，如2026-11-05")))
    method = parse_label(Method, row[METHOD])
    if method is None:
        errors.append(
            RowError(row.number, METHOD, _("措施应为%(names)s之一") % {"names": method_names()})
        )
    outcome = parse_label(Outcome, row[OUTCOME])
    if outcome is None:
        errors.append(RowError(row.number, OUTCOME, _("结果应为进行中或已整改")))
    new_use = ""
    if row[NEW_USE].strip():
        new_use = parse_choice(RoomUse, row[NEW_USE]) or ""
        if not new_use:
            errors.append(
                RowError(
                    row.number,
                    NEW_USE,
                    _("整改后用途应为%(names)s之一") % {"names": labels(RoomUse)},
                )
            )
    if len(errors) > start:
        return None
    return ActionEntry(on=on, method=method, outcome=outcome, new_use=new_use)  # type: ignore[arg-type]


def plan_rows(campaign: RentalCampaign, table: Table) -> list[PlannedRow]:
    """Every row checked and tied to its case; ImportFailed with every problem otherwise."""
    cases = _open_cases(campaign, {_key(row) for row in table.rows})
    rectified: set[int] = set()
    errors: list[RowError] = []
    planned = []
    for row in table.rows:
        entry = _entry(row, errors)
        case = cases.get(_key(row))
        if case is None or case.status != CaseStatus.OPEN or case.pk in rectified:
            errors.append(RowError(row.number, NUMBER, _("该房屋在本次整治行动中没有整治中的台账")))
            continue
        if entry is None:
            continue
        problems = entry_problems(case, entry)
        errors.extend(RowError(row.number, FIELD_COLUMNS.get(f, NUMBER), r) for f, r in problems)
        if not problems:
            planned.append(PlannedRow(row.number, case, entry))
            if entry.outcome == Outcome.RECTIFIED:
                rectified.add(case.pk)
    if errors:
        raise ImportFailed(errors)
    return planned


def import_actions(
    campaign: RentalCampaign, source: str | Path | Table, *, actor: Any = None
) -> ImportResult:
    """Import a file of actions into ``campaign``; raise ImportFailed, writing nothing, on any
    problem."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*HEADERS, known=())
    planned = plan_rows(campaign, table)
    with transaction.atomic():
        for row in planned:
            try:
                record_action(row.case, row.entry, actor=actor, source=ChangeSource.IMPORT)
            except RentalError as error:
                column = FIELD_COLUMNS.get(error.field, NUMBER)
                raise ImportFailed([RowError(row.number, column, str(error))]) from None
        record(
            Action.RENTAL_ACTIONS_IMPORTED,
            actor=actor,
            target=table.name,
            campaign_id=campaign.pk,
            rows=len(planned),
        )
    return ImportResult(created=len(planned))
