"""Planning the rows of an import: each record checked and turned into what the writer needs.

``RowPlanner.plan`` takes one record (row number, texts) and returns a ``PlannedRow``, or None
for a row with errors (collected in ``errors`` as ``第N行 列名: 原因``) or the template's note
row. A common row goes through ``fastpath``; anything else through the full checks below, which
define every message. The planner also keeps what the whole file must agree on (one document
once, one use per room) and computes the blind indexes, so that most of the per-row work
can run in a worker process (``parallel.py``) while the database writes the previous chunk.
The ID number and phone stay plain text here, and the pinyin initials are left out: the writer
encrypts and derives them as it stores the row (``writer.sealed_parts``; a dry run encrypts
nothing), unless the worker did so already for a chunk planned while the writer was behind
(``writer.SealAhead``, which fills the planned row's ``R_SEALED``).
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from grassroots.kernel import crypto
from grassroots.kernel.importing import RowError, max_length, too_long
from grassroots.kernel.tabular import row_cells
from grassroots.registry.choices import RoomUse, store_special_groups
from grassroots.registry.importer.columns import (
    HEADERS,
    PERSON_HEADERS,
    P,
    PlannedRow,
    RoomKey,
)
from grassroots.registry.importer.fastpath import Indexers, fast_columns, fast_person, fast_room
from grassroots.registry.models import Building, Estate, Room
from grassroots.registry.validation import (
    C_ID,
    C_ROOM_USE,
    CITIZEN,
    ResidentData,
    parse_resident,
    parse_room_use,
)

C_GRID, C_ESTATE, C_BUILDING, C_UNIT, C_NUMBER = "网格编码", "小区", "楼栋", "单元", "房号"
LIMITS = {
    C_ESTATE: max_length(Estate, "name"),
    C_BUILDING: max_length(Building, "name"),
    C_UNIT: max_length(Room, "unit"),
    C_NUMBER: max_length(Room, "number"),
}
# The template's second row explains each column; a file that still has it skips it.
TEMPLATE_NOTE_GRID = "必填，15位网格编码，如420606001001001"
VACANT = RoomUse.VACANT.value

Problems = list[tuple[str, str]]
Checked = tuple[RoomKey, str, "ResidentData | tuple | None"]
P_INDEX = P["id_number_index"]


@dataclass
class RowPlanner:
    """Plans the records of one file; ``grids`` maps the grid codes the importer may use to
    their ids. ``fast=False`` sends every row through the full checks (for comparison)."""

    columns: list[str]  # the header row as read, blanks included
    grids: dict[str, int]
    today: datetime.date
    fast: bool = True
    errors: list[RowError] = field(default_factory=list)
    # Document index (as the number it spells: half the memory of the text) → first row.
    seen: dict[int, int] = field(default_factory=dict)
    uses: dict[RoomKey, tuple[str, int]] = field(default_factory=dict)  # room → (use, row)
    notes: int = 0  # template explanation rows passed over

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        for position, header in enumerate(self.columns):
            if header:
                index.setdefault(header, position)
        self.where = fast_columns(index, LIMITS, HEADERS)
        self.person = [index[c] for c in PERSON_HEADERS if c in index]
        self.blind_index = crypto.blind_indexer()
        self.indexers = Indexers(
            citizen=crypto.blind_indexer(f"{CITIZEN}:", exact=True),
            phone=crypto.blind_indexer(exact=True),
        )
        self.places: list[dict[str, str | None]] = [{} for _place in self.where.places]

    def take_errors(self) -> list[RowError]:
        errors, self.errors = self.errors, []
        return errors

    def plan(self, number: int, texts: list[str]) -> PlannedRow | None:
        complete = self.fast and len(texts) >= len(self.columns)
        texts.append("")  # what an absent column reads as (fastpath.ABSENT)
        if texts[self.where.grid] == TEMPLATE_NOTE_GRID:
            self.notes += 1  # the template's explanation row is not data
            return None
        checked = self._fast(texts) if complete else None
        problems: Problems = []
        if checked is None:
            checked = self._full(row_cells(self.columns, texts), problems)
        if checked is None or problems:
            self._reject(number, problems)
            return None
        room, use, person = checked
        if isinstance(person, ResidentData):
            person = self._person(person)
        index = self._check_against_file(number, room, use, person, problems)
        if problems:
            self._reject(number, problems)
            return None
        return number, room, use, index, person, None  # sealed by the writer, or ahead

    def _reject(self, number: int, problems: Problems) -> None:
        self.errors += [RowError(number, column, reason) for column, reason in problems]

    def _fast(self, texts: list[str]) -> Checked | None:
        place = fast_room(texts, self.where, self.grids, self.places)
        if place is None:
            return None
        room, use = place
        if not texts[self.where.name] and not any(texts[i] for i in self.person):
            return room, use or VACANT, None
        person = fast_person(texts, self.where, self.today, self.indexers)
        return None if person is None else (room, use, person)

    def _full(self, cells: dict[str, str], problems: Problems) -> Checked | None:
        room = self._room_key(cells, problems)
        use_text = cells.get(C_ROOM_USE, "")
        use = parse_room_use(use_text, problems) if use_text else ""
        data = None
        if any(cells.get(c) for c in PERSON_HEADERS):
            data, person_problems = parse_resident(cells, today=self.today)
            problems += person_problems
        elif not use:
            use = VACANT  # a room listed with nobody in it
        return (room, use, data) if room is not None else None

    def _room_key(self, cells: dict[str, str], problems: Problems) -> RoomKey | None:
        code = cells.get(C_GRID, "")
        grid = self.grids.get(code)
        if not code:
            problems.append((C_GRID, _("缺少网格编码")))
        elif grid is None:
            problems.append(
                (C_GRID, _("网格编码%(code)s不存在，或不在您的辖区内") % {"code": code})
            )
        parts = {}
        for column, limit in LIMITS.items():
            text = " ".join(cells.get(column, "").split())
            if not text and column != C_UNIT:
                problems.append((column, _("缺少%(column)s") % {"column": column}))
            elif problem := too_long(limit, text):
                problems.append((column, problem))
            # One object per distinct estate, building, unit and room number: the rooms the
            # planner and the writer remember (a third of a million in a district of a
            # million) then share them, and marshal sends each once per chunk.
            parts[column] = sys.intern(text)
        if grid is None or any(column != C_GRID for column, _reason in problems):
            return None
        return (grid, parts[C_ESTATE], parts[C_BUILDING], parts[C_UNIT], parts[C_NUMBER])

    def _check_against_file(
        self, number: int, room: RoomKey, use: str, person: tuple | None, problems: Problems
    ) -> str | None:
        """The same document twice, or one room given two uses, in the same file; returns
        the document's blind index."""
        if use:
            earlier = self.uses.setdefault(room, (use, number))
            if earlier[0] != use:
                problems.append(
                    (C_ROOM_USE, _("同一房屋的房屋用途与第%(row)d行不一致") % {"row": earlier[1]})
                )
        index = person[P_INDEX] if person is not None else None
        if not index:
            return None
        first = self.seen.setdefault(int(index, 16), number)
        if first != number:
            problems.append(
                (C_ID, _("与第%(row)d行的证件号码重复，同一人只能登记一次") % {"row": first})
            )
        return index

    def _person(self, data: ResidentData) -> tuple:
        """The resident laid out as ``PERSON``."""
        phone, birth = data.phone, data.birth_date
        # The same value as models.document_index, with the key bound once.
        index = self.blind_index(f"{data.id_type}:{data.id_number}") if data.id_number else None
        return (  # in PERSON's order
            data.name,
            data.id_number,
            data.gender,
            data.ethnicity,
            birth.isoformat() if birth is not None else None,
            phone,
            data.relation,
            data.population_type,
            data.political_status,
            data.education,
            store_special_groups(data.special_groups),
            data.notes,
            data.id_type,
            index,
            self.blind_index(phone) if phone else "",
        )


__all__ = ["LIMITS", "TEMPLATE_NOTE_GRID", "RowPlanner"]
