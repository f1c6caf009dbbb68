"""The common import row, checked with lookup tables instead of the general parser.

Nearly every row of a real file is the same shape: an 18-character citizen number, an ISO
birth date matching it, choices spelt as the standard names. ``fast_room`` and
``fast_person`` accept exactly such a row, working on the reader's list of texts through a
column-index map, and return None as soon as anything is unusual (another document, a date
written differently, a spelling that needs whitespace removed, any error at all). The caller
then takes the full route (``validation.parse_resident``), so every error message and every
accepted spelling stays the one place that defines them; the fast route only ever gives the
result the full route would give (``tests/test_fastpath.py`` compares both). ``fast_person``
returns the resident already laid out as the writer stores it (blind indexes and
all; the writer adds the pinyin initials), with no ``ResidentData`` in between.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache
from sys import intern
from typing import NamedTuple

from stdnum.cn.ric import calc_check_digit

from grassroots.kernel import phones
from grassroots.kernel.idnumbers import EARLIEST_BIRTH_YEAR, FEMALE, MALE, region_exists
from grassroots.registry.choices import (
    Education,
    Ethnicity,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    SpecialGroup,
    choice_table,
    store_special_groups,
)
from grassroots.registry.importer.columns import RoomKey
from grassroots.registry.validation import (
    CITIZEN,
    GENDERS,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REGISTERED,
    SPECIAL_GROUP_SEPARATORS,
)

ABSENT = -1  # index of the empty text the planner appends to every record
ODD = frozenset("13579")
PLACES_REMEMBERED = 200_000  # distinct texts per place column (a bound for a strange file)
_UNSEEN = object()


class FastColumns(NamedTuple):
    """Positions of the columns in a record (``ABSENT`` for a column the file lacks)."""

    grid: int
    places: tuple[tuple[int, int, bool], ...]  # (index, length limit, required) per part
    use: int
    name: int
    id_type: int
    id_number: int
    gender: int
    birth: int
    phone: int
    choices: tuple[tuple[int, dict[str, str], str], ...]  # (index, table, default)
    special: int
    notes: int


def fast_columns(
    index: dict[str, int],
    places: dict[str, int],
    headers: tuple[str, ...],
    required_place: str = "单元",
) -> FastColumns:
    """The map for a file whose header row gives ``index`` (header → position)."""
    at = {header: index.get(header, ABSENT) for header in (*headers, "证件类型")}
    chosen = (
        (Ethnicity, "民族", ""),
        (Relation, "与户主关系", ""),
        (PopulationType, "人口类型", REGISTERED),
        (PoliticalStatus, "政治面貌", ""),
        (Education, "文化程度", ""),
    )
    return FastColumns(
        grid=at["网格编码"],
        places=tuple((at[c], limit, c != required_place) for c, limit in places.items()),
        use=at["房屋用途"],
        name=at["姓名"],
        id_type=at["证件类型"],
        id_number=at["公民身份号码"],
        gender=at["性别"],
        birth=at["出生日期"],
        phone=at["联系电话"],
        choices=tuple((at[c], choice_table(kind), default) for kind, c, default in chosen),
        special=at["特殊人群"],
        notes=at["备注"],
    )


_USES = choice_table(RoomUse)
_ID_TYPES = choice_table(IdType)
_GROUPS = choice_table(SpecialGroup)
_phone_matches = phones.BARE.fullmatch  # others take the checked path, which normalises
_split_groups = SPECIAL_GROUP_SEPARATORS.split


@lru_cache(maxsize=65536)
def _birth(text: str) -> tuple[datetime.date, str] | None:
    """YYYYMMDD → (date, ISO text), or None; a district has only ~40,000 birthdays."""
    try:
        day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return day, day.isoformat()


def fast_room(
    t: list[str], c: FastColumns, grids: dict[str, int], known: list[dict[str, str | None]]
) -> tuple[RoomKey, str] | None:
    """(room key, use or "") of a row whose location is plainly valid, else None.

    ``known`` holds, per place column, each text seen so far and its tidy, interned form (None:
    not plainly valid): a district repeats a few thousand estates, buildings, units and room
    numbers over hundreds of thousands of rows."""
    grid = grids.get(t[c.grid])
    if grid is None:
        return None
    parts = []
    for (position, limit, required), seen in zip(c.places, known, strict=True):
        text = t[position]
        part = seen.get(text, _UNSEEN)
        if part is _UNSEEN:
            part = _tidy_place(text, limit, required)
            if len(seen) < PLACES_REMEMBERED:
                seen[text] = part
        if part is None:
            return None
        parts.append(part)
    use_text = t[c.use]
    use = _USES.get(use_text) if use_text else ""
    if use is None:
        return None
    return (grid, parts[0], parts[1], parts[2], parts[3]), use


def _tidy_place(text: str, limit: int, required: bool) -> str | None:
    tidy = " ".join(text.split())
    if (required and not tidy) or len(tidy) > limit:
        return None
    return intern(tidy)  # see plan.RowPlanner._room_key


class Indexers(NamedTuple):
    """The planner's blind indexers for values the fast route has already checked as normal."""

    citizen: Callable[[str], str]  # a citizen number, typed as a citizen document
    phone: Callable[[str], str]


def fast_person(
    t: list[str], c: FastColumns, today: datetime.date, index: Indexers
) -> tuple | None:
    """The resident of a common citizen row, laid out as ``columns.PERSON``, exactly as
    ``parse_resident`` and the planner would make it, or None."""
    name = t[c.name]
    if not name or len(name) > NAME_MAX_LENGTH or len(name.split()) != 1:
        return None
    id_type = t[c.id_type]
    number = t[c.id_number]
    if (
        (id_type and _ID_TYPES.get(id_type) != CITIZEN)
        or len(number) != 18
        or not number.isascii()
        or not number[:17].isdigit()
        or number[17] != calc_check_digit(number)
    ):
        return None
    born = _birth(number[6:14])
    if (
        born is None
        or born[0] > today
        or born[0].year < EARLIEST_BIRTH_YEAR
        or not region_exists(number[:6])
    ):
        return None
    gender = MALE if number[16] in ODD else FEMALE
    gender_text, birth_text, phone = t[c.gender], t[c.birth], t[c.phone]
    if (
        (gender_text and GENDERS.get(gender_text) != gender)
        or (birth_text and birth_text != born[1])
        or (phone and not _phone_matches(phone))
    ):
        return None
    chosen = []
    for position, table, default in c.choices:
        text = t[position]
        value = table.get(text) if text else default
        if value is None:
            return None
        chosen.append(value)
    groups = _special_groups(t[c.special])
    notes = t[c.notes].strip()
    if groups is None or len(notes) > NOTES_MAX_LENGTH:
        return None  # the full route says what is wrong
    ethnicity, relation, population, political, education = chosen
    return (  # in PERSON's order
        name,
        number,
        gender,
        ethnicity,
        born[1],
        phone,
        relation,
        population,
        political,
        education,
        groups,
        notes,
        CITIZEN,
        index.citizen(number),
        index.phone(phone) if phone else "",
    )


@lru_cache(maxsize=4096)
def _special_groups(text: str) -> str | None:
    """The stored form of the tags (``choices.store_special_groups``), None for an unknown."""
    if not text:
        return ""
    codes = []
    for part in filter(None, _split_groups(text)):
        code = _GROUPS.get(part)
        if code is None:
            return None
        codes.append(code)
    return store_special_groups(codes)


__all__ = ["ABSENT", "FastColumns", "Indexers", "fast_columns", "fast_person", "fast_room"]
