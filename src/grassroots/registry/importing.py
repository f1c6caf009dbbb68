"""``import_registry``: a file with one row per resident, into rooms, households and residents.

The engine reads the file as a stream, validates every row (location, document, fields,
duplicates within the file) and writes chunk by chunk inside ONE transaction; as soon as a row
fails nothing more is written, every remaining row is still checked, and at the end the whole
transaction is rolled back and every error raised: ``第N行 列名: 原因``. A file of a million
residents therefore needs neither a million rows in memory nor a second pass.

Rows of the same grid, estate, building, unit and room form one household. A row with the
person columns empty is a room with nobody registered (e.g. 空置). A resident whose document is
already in the registry is updated (and moved, if the address changed), never duplicated.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.core.importing import ImportFailed, ImportResult, RowError
from grassroots.core.tabular import Row, stream_table
from grassroots.org.models import Level, OrgNode
from grassroots.registry.bulk import large_cache
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import document_index
from grassroots.registry.validation import (
    C_ID,
    C_ID_TYPE,
    C_ROOM_USE,
    ResidentData,
    parse_resident,
    parse_room_use,
)
from grassroots.registry.writer import ChunkWriter

C_GRID, C_ESTATE, C_BUILDING, C_UNIT, C_NUMBER = "网格编码", "小区", "楼栋", "单元", "房号"
HEADERS = (C_GRID, C_ESTATE, C_BUILDING, C_UNIT, C_NUMBER, C_ROOM_USE, "姓名", C_ID, "性别",
           "民族", "出生日期", "联系电话", "与户主关系", "人口类型", "政治面貌", "文化程度",
           "特殊人群", "备注")
OPTIONAL_HEADERS = (C_ID_TYPE,)
REQUIRED = (C_GRID, C_ESTATE, C_BUILDING, C_NUMBER, "姓名")
PERSON_COLUMNS = HEADERS[6:] + OPTIONAL_HEADERS
LIMITS = {C_ESTATE: 100, C_BUILDING: 50, C_UNIT: 20, C_NUMBER: 30}
# The template's second row explains each column; a file that still has it skips it.
TEMPLATE_NOTE_GRID = "必填，15位网格编码，如420606001001001"
CHUNK = 5000
VACANT = RoomUse.VACANT.value

Progress = Callable[[int], None]
RoomKey = tuple[int, str, str, str, str]


@dataclass(slots=True)
class PlannedRow:
    number: int
    room: RoomKey
    use: str  # "" when the row does not say
    data: ResidentData | None  # None: a room with nobody registered
    index: str | None = None


@dataclass
class RegistryImportResult(ImportResult):
    rows: int = 0
    rooms_created: int = 0
    households_created: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        head = _("校验通过（未写入）：") if self.dry_run else ""
        return head + _("共%(rows)d行；居民新增%(created)d 更新%(updated)d 未变%(unchanged)d；"
                        "新建房屋%(rooms)d、户%(households)d") % {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "rooms": self.rooms_created,
            "households": self.households_created}


class _Rollback(Exception):
    pass


@dataclass
class _State:
    grids: dict[str, OrgNode]
    today: datetime.date
    errors: list[RowError] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)  # document index → first row
    uses: dict[RoomKey, tuple[str, int]] = field(default_factory=dict)  # room → (use, row)


def import_registry(path: str | Path, *, actor: Any = None, scope_user: Any = None,
                    dry_run: bool = False, progress: Progress | None = None,
                    today: datetime.date | None = None, request: Any = None,
                    source_name: str = "") -> RegistryImportResult:
    """Validate and import ``path``; raise ``ImportFailed`` (nothing written) on any bad row.

    ``scope_user`` limits the grids the file may name to those the user sees (None: all).
    """
    table = stream_table(path)
    table.require(*REQUIRED)
    state = _State(grids=_grids_for(scope_user), today=today or timezone.localdate())
    result = RegistryImportResult(dry_run=dry_run)
    try:
        with large_cache(), transaction.atomic():
            writer = ChunkWriter(actor=actor, today=state.today, result=result)
            for chunk in _chunks(row for row in table.rows if row[C_GRID] != TEMPLATE_NOTE_GRID):
                planned = [p for p in (_plan(row, state) for row in chunk) if p is not None]
                result.rows += len(chunk)
                writer.prepare(planned)
                if not state.errors and not dry_run:
                    writer.write(planned)
                if progress is not None:
                    progress(len(chunk))
            _finish(state, result, table.name)
            if dry_run:
                raise _Rollback
            writer.close_emptied_households()
            record(Action.REGISTRY_IMPORTED, actor=actor, request=request,
                   target=source_name or table.name, rows=result.rows, created=result.created,
                   updated=result.updated, unchanged=result.unchanged,
                   rooms=result.rooms_created)
    except _Rollback:
        pass
    return result


def _finish(state: _State, result: RegistryImportResult, name: str) -> None:
    if state.errors:
        raise ImportFailed(state.errors)
    if result.rows == 0:
        raise ImportFailed(message=_("文件%(name)s除表头外没有数据行") % {"name": name})


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _grids_for(user: Any) -> dict[str, OrgNode]:
    grids = OrgNode.objects.filter(level=Level.GRID)
    if user is not None:
        grids = OrgNode.objects.visible_to(user).filter(level=Level.GRID)
    return {grid.code: grid for grid in grids.only("id", "code", "path", "name")}


def _plan(row: Row, state: _State) -> PlannedRow | None:
    problems: list[tuple[str, str]] = []
    room = _room_key(row, state, problems)
    use_text = row[C_ROOM_USE]
    use = parse_room_use(use_text, problems) if use_text else ""
    data = None
    cells = row.cells
    if any(cells.get(c) for c in PERSON_COLUMNS):
        data, person_problems = parse_resident(cells, today=state.today)  # type: ignore[arg-type]
        problems += person_problems
    elif not use:
        use = VACANT  # a room listed with nobody in it
    planned = PlannedRow(row.number, room, use, data) if room is not None else None
    if planned is not None and not problems:
        _check_against_file(planned, state, problems)
    state.errors += [RowError(row.number, column, reason) for column, reason in problems]
    return None if problems else planned


def _room_key(row: Row, state: _State, problems: list[tuple[str, str]]) -> RoomKey | None:
    code = row[C_GRID]
    grid = state.grids.get(code)
    if not code:
        problems.append((C_GRID, _("缺少网格编码")))
    elif grid is None:
        problems.append((C_GRID, _("网格编码%(code)s不存在，或不在您的辖区内") % {"code": code}))
    parts = {}
    for column, limit in LIMITS.items():
        text = " ".join(row[column].split())
        if not text and column != C_UNIT:
            problems.append((column, _("缺少%(column)s") % {"column": column}))
        elif len(text) > limit:
            problems.append((column, _("过长（最多%(n)d个字）") % {"n": limit}))
        parts[column] = text
    if grid is None or any(column != C_GRID for column, _reason in problems):
        return None
    return (grid.pk, parts[C_ESTATE], parts[C_BUILDING], parts[C_UNIT], parts[C_NUMBER])


def _check_against_file(planned: PlannedRow, state: _State,
                        problems: list[tuple[str, str]]) -> None:
    """The same document twice, or one room given two uses, in the same file."""
    if planned.use:
        earlier = state.uses.setdefault(planned.room, (planned.use, planned.number))
        if earlier[0] != planned.use:
            problems.append((C_ROOM_USE, _("同一房屋的房屋用途与第%(row)d行不一致")
                             % {"row": earlier[1]}))
    data = planned.data
    if data is None or not data.id_number:
        return
    planned.index = document_index(data.id_type, data.id_number)
    first = state.seen.setdefault(planned.index, planned.number)
    if first != planned.number:
        problems.append((C_ID, _("与第%(row)d行的证件号码重复，同一人只能登记一次")
                         % {"row": first}))


__all__ = ["HEADERS", "RegistryImportResult", "import_registry"]
