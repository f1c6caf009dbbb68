"""What the import reads and writes, declared once: every other column list is derived here.

``SPEC`` lists the file's columns and the resident's stored columns, each naming the model
field it ends up in and how the import treats it: the header it is read under (if any),
whether an update compares it (and records the change), whether it is stored sealed
(encrypted by the writer: plain text in the plan, so that an update can compare it), whether
the planner computes it (blind indexes), whether an update rewrites it, whether it is read
back to match a row against the registry. ``tests/test_import_columns.py`` checks the spec
against the models: a field renamed or added there fails the test, not an import.

The positions and statements are worked out here once, when the module is imported: the
planner, the worker and the writer only index tuples by these numbers.
"""

from __future__ import annotations

from typing import NamedTuple

# Who fills a column in: the file (through the planner), the planner from other columns (blind
# indexes), or the writer (ids, placement, stamps, the sealed values' companions).
FILE, PLANNER, WRITER = "file", "planner", "writer"


class Column(NamedTuple):
    model: str  # the registry model whose table the value goes to
    field: str  # its attribute name (a foreign key's ``_id``)
    header: str = ""  # the file's column it is read from ("" when it is no file column)
    source: str = FILE
    compared: bool = False  # an update compares it and records a change in the history
    sealed: bool = False  # stored encrypted; planned in plain text, sealed by the writer
    rewritten: bool = False  # rewritten by an update although not compared (derived values)
    read: bool = False  # read back from the registry to match and compare a row
    optional: bool = False  # a file may leave the header out (the template does)


def _room(field: str, header: str, model: str = "Room") -> Column:
    return Column(model, field, header)


def _resident(field: str, header: str = "", **how: object) -> Column:
    return Column("Resident", field, header, **how)  # type: ignore[arg-type]


# The file's room columns first, then the resident's in the template's order; the resident's
# columns filled by the writer stand where the INSERT puts them (ids before, stamps after).
SPEC: tuple[Column, ...] = (
    _room("grid_id", "网格编码"),
    _room("name", "小区", "Estate"),
    _room("name", "楼栋", "Building"),
    _room("unit", "单元"),
    _room("number", "房号"),
    _room("use", "房屋用途"),
    _resident("id", source=WRITER, read=True),
    _resident("grid_id", source=WRITER, rewritten=True),
    _resident("household_id", source=WRITER, rewritten=True, read=True),
    _resident("name", "姓名", compared=True, read=True),
    _resident("id_number", "公民身份号码", sealed=True),
    _resident("gender", "性别", compared=True, read=True),
    _resident("ethnicity", "民族", compared=True, read=True),
    _resident("birth_date", "出生日期", compared=True, read=True),
    _resident("phone", "联系电话", sealed=True, rewritten=True),
    _resident("relation", "与户主关系", compared=True, read=True),
    _resident("population_type", "人口类型", compared=True, read=True),
    _resident("political_status", "政治面貌", compared=True, read=True),
    _resident("education", "文化程度", compared=True, read=True),
    _resident("special_groups", "特殊人群", compared=True, read=True),
    _resident("notes", "备注", compared=True, read=True),
    _resident("id_type", "证件类型", compared=True, read=True, optional=True),
    # The blind indexes: the document's matches a row to a resident; the phone's tells a
    # changed phone without decrypting the old one.
    _resident("id_number_index", source=PLANNER, read=True),
    _resident("phone_index", source=PLANNER, rewritten=True, read=True),
    _resident("name_initials", source=WRITER, rewritten=True),  # derived from the name
    _resident("version", source=WRITER, rewritten=True, read=True),
    _resident("created_at", source=WRITER),
    _resident("updated_at", source=WRITER, rewritten=True),
)

HEADERS = tuple(c.header for c in SPEC if c.header and not c.optional)
OPTIONAL_HEADERS = tuple(c.header for c in SPEC if c.header and c.optional)
_RESIDENT = tuple(c for c in SPEC if c.model == "Resident")
# A resident as planned: the columns the file and the planner fill, in spec order.
PERSON = tuple(c.field for c in _RESIDENT if c.source != WRITER)
PERSON_HEADERS = tuple(c.header for c in _RESIDENT if c.header)
P = {name: position for position, name in enumerate(PERSON)}
COMPARED = tuple(c.field for c in _RESIDENT if c.compared)
# A resident as inserted: every column, in spec order.
RESIDENT_COLUMNS = tuple(c.field for c in _RESIDENT)
# As updated: the compared columns, then the rewritten ones; each row ends with the id.
REWRITTEN = tuple(c.field for c in _RESIDENT if c.rewritten and not c.compared)
UPDATED_COLUMNS = (*COMPARED, *REWRITTEN)
EXISTING = tuple(c.field for c in _RESIDENT if c.read)
SEALED = tuple(c.field for c in _RESIDENT if c.sealed)

# The writer lays out an INSERT row as (the writer's columns before the person, the planned
# person with its sealed values and the birth date replaced, the writer's columns after): that
# needs the planned columns in one run, and the replaced ones in the order below.
_FIRST = RESIDENT_COLUMNS.index(PERSON[0])
LEADING = RESIDENT_COLUMNS[:_FIRST]
TRAILING = RESIDENT_COLUMNS[_FIRST + len(PERSON) :]
if RESIDENT_COLUMNS[_FIRST : _FIRST + len(PERSON)] != PERSON:
    raise ImportError("registry import spec: the planned columns must stand together")
if (LEADING, TRAILING) != (
    ("id", "grid_id", "household_id"),
    ("name_initials", "version", "created_at", "updated_at"),
):
    raise ImportError("registry import spec: the writer's columns changed; see writer.py")
if not P["id_number"] < P["birth_date"] < P["phone"] or SEALED != ("id_number", "phone"):
    raise ImportError("registry import spec: writer.py replaces id_number, birth_date, phone")

# The other tables the writer inserts into, in its rows' order. A stay's first row for a new
# resident is written by one INSERT ... SELECT (bulk.start_stays), in the same columns.
ESTATE_COLUMNS = ("id", "grid_id", "name", "created_at")
BUILDING_COLUMNS = ("id", "grid_id", "estate_id", "name", "created_at")
ROOM_COLUMNS = (
    "id",
    "grid_id",
    "building_id",
    "unit",
    "number",
    "use",
    "address",
    "version",
    "updated_at",
)
HOUSEHOLD_COLUMNS = ("id", "grid_id", "room_id", "started_on")
STAY_COLUMNS = (
    "grid_id",
    "resident_id",
    "household_id",
    "room_id",
    "relation",
    "moved_in_on",
    "batch_id",
)
CHANGE_COLUMNS = (
    "grid_id",
    "kind",
    "source",
    "resident_id",
    "room_id",
    "effective_on",
    "at",
    "actor_id",
    "changes",
)
WRITTEN = {
    "Estate": ESTATE_COLUMNS,
    "Building": BUILDING_COLUMNS,
    "Room": ROOM_COLUMNS,
    "Household": HOUSEHOLD_COLUMNS,
    "Resident": RESIDENT_COLUMNS,
    "Residence": STAY_COLUMNS,
    "RegistryChange": CHANGE_COLUMNS,
}
# Fields of those models the import never writes, left to their defaults, and why.
LEFT_TO_DEFAULTS = {
    "Household": {"ended_on"},  # a household the import makes is current
    "Residence": {"id", "moved_out_on"},  # ids from the sequence; a new stay is open
    "RegistryChange": {"id"},  # history rows are never referred to by the import
}

# A planned row, sent from the worker as a plain tuple (marshal takes no tuple subclasses):
# (row number, room key, use or "" when the row does not say, the document's blind index or
# None, the person laid out as PERSON or None for a room with nobody registered, and what
# the writer adds to store the person (``writer.sealed_parts``) if the worker did it ahead,
# else None). The writer reads it by these positions.
R_NUMBER, R_ROOM, R_USE, R_INDEX, R_PERSON, R_SEALED = range(6)
RoomKey = tuple[int, str, str, str, str]  # grid id, estate, building, unit, number
PlannedRow = tuple[int, RoomKey, str, "str | None", "tuple | None", "tuple[str, str, str] | None"]

__all__ = [
    "COMPARED",
    "EXISTING",
    "HEADERS",
    "OPTIONAL_HEADERS",
    "P",
    "PERSON",
    "PERSON_HEADERS",
    "RESIDENT_COLUMNS",
    "SPEC",
    "UPDATED_COLUMNS",
    "WRITTEN",
    "Column",
    "PlannedRow",
    "RoomKey",
]
