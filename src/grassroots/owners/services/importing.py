"""Importing owners and areas, and paper ballots, from spreadsheets.

``grassroots owners import FILE``: headers 网格编码,小区,楼栋,单元,房号,专有部分面积,业主姓名,
证件号码,业主类型, one row per owner of a room (a room held in co-ownership has a row per
co-owner). The file states each room it names completely: its area and all its owners, so a
second import of the same file changes nothing. ``--create-rooms`` creates the rooms the
registry lacks, through the registry's own service.

``grassroots votes ballots ID FILE``: headers 楼栋,单元,房号,表决意见, one paper ballot per row
for the owner of the room; a row giving the owner's current opinion again writes nothing.

Both check every row first and report every problem as ``第N行 列名: 原因``; one problem
means nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.kernel import crypto
from grassroots.kernel.idnumbers import IdNumberError, parse_id_number
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError, max_length, too_long
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.org.models import Level, OrgNode
from grassroots.owners import selectors
from grassroots.owners.choices import Channel, Opinion, OwnerKind, parse_label
from grassroots.owners.models import Ballot, Owner, Ownership, RoomArea, Vote
from grassroots.owners.services import BALLOTS_IMPORTED, OWNERS_IMPORTED, is_open
from grassroots.registry.models import Building, Estate, Room
from grassroots.registry.services import ensure_room

GRID, ESTATE, BUILDING, UNIT, NUMBER = "网格编码", "小区", "楼栋", "单元", "房号"
AREA, NAME, ID_NUMBER, KIND = "专有部分面积", "业主姓名", "证件号码", "业主类型"
OWNER_HEADERS = (GRID, ESTATE, BUILDING, UNIT, NUMBER, AREA, NAME, ID_NUMBER, KIND)
OPINION = "表决意见"
BALLOT_HEADERS = (BUILDING, UNIT, NUMBER, OPINION)
CREDIT_CODE = re.compile(r"^[0-9A-Z]{18}$")
MAX_AREA = Decimal("100000")
# The address columns are stored as they are read when --create-rooms makes the room.
PLACE_LIMITS = {
    ESTATE: max_length(Estate, "name"),
    BUILDING: max_length(Building, "name"),
    UNIT: max_length(Room, "unit"),
    NUMBER: max_length(Room, "number"),
}
NAME_MAX_LENGTH = max_length(Owner, "name")

RoomKey = tuple[str, str, str, str, str]


def clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def compact(text: str) -> str:
    return "".join(clean(text).split()).upper()


def owner_key(kind: str, id_number: str, name: str) -> str:
    """The blind index an owner is found again by: the ID number or credit code, else (an
    organisation without one) its name. A person's and an organisation's never collide."""
    if id_number:
        return crypto.blind_index(f"owner-id:{id_number}")
    return crypto.blind_index(f"owner-name:{kind}:{name}")


def parse_area(text: str) -> int | None:
    """Square metres with at most two decimals, as whole hundredths; None if not that."""
    try:
        value = Decimal(compact(text).removesuffix("M2").removesuffix("㎡"))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value >= MAX_AREA:
        return None
    hundredths = value * 100
    if hundredths != hundredths.to_integral_value():
        return None
    return int(hundredths)


@dataclass
class OwnerRow:
    number: int
    name: str
    kind: str
    id_number: str
    key: str


@dataclass
class PlannedRoom:
    key: RoomKey
    first_row: int
    grid: OrgNode
    area: int
    room: Room | None
    owners: list[OwnerRow] = field(default_factory=list)


def _grids(codes: set[str]) -> dict[str, OrgNode]:
    return {n.code: n for n in OrgNode.objects.filter(code__in=codes, level=Level.GRID)}


def _rooms(keys: set[RoomKey]) -> dict[RoomKey, Room]:
    numbers = {k[4] for k in keys}
    found = {}
    rows = Room.objects.filter(number__in=numbers).select_related("grid", "building__estate")
    for room in rows:
        key = (
            room.grid.code,
            room.building.estate.name,
            room.building.name,
            room.unit,
            room.number,
        )
        if key in keys:
            found[key] = room
    return found


@dataclass
class CheckedRow:
    number: int
    key: RoomKey
    grid: OrgNode
    room: Room | None
    area: int
    owner: OwnerRow


def _row_key(row: Row) -> RoomKey:
    return (
        clean(row[GRID]),
        clean(row[ESTATE]),
        clean(row[BUILDING]),
        clean(row[UNIT]),
        clean(row[NUMBER]),
    )


def _id_number(n: int, kind: str | None, text: str, errors: list[RowError]) -> str:
    number = compact(text)
    if kind == OwnerKind.PERSON:
        if not number:
            errors.append(RowError(n, ID_NUMBER, _("个人业主的证件号码不能为空")))
            return ""
        try:
            return parse_id_number(number).number
        except IdNumberError as error:
            errors.append(RowError(n, ID_NUMBER, str(error)))
            return ""
    if kind and number and not CREDIT_CODE.match(number):
        errors.append(RowError(n, ID_NUMBER, _("单位的证件号码应为18位统一社会信用代码")))
    return number


def _check_places(n: int, key: RoomKey, errors: list[RowError]) -> bool:
    """Whether the row names its room fully, each part short enough to store."""
    start = len(errors)
    for column, value in zip((ESTATE, BUILDING, UNIT, NUMBER), key[1:], strict=True):
        if not value and column != UNIT:
            errors.append(RowError(n, column, _("不能为空")))
        elif problem := too_long(PLACE_LIMITS[column], value):
            errors.append(RowError(n, column, problem))
    return len(errors) == start


def _check_row(
    row: Row,
    grids: dict[str, OrgNode],
    rooms: dict[RoomKey, Room],
    create_rooms: bool,
    errors: list[RowError],
) -> CheckedRow | None:
    """One row on its own: its cells and its room; None (with the errors added) if wrong."""
    n, start = row.number, len(errors)
    key = _row_key(row)
    grid = grids.get(key[0])
    if grid is None:
        errors.append(RowError(n, GRID, _("没有编码为%(code)s的网格") % {"code": key[0]}))
    named = _check_places(n, key, errors) and grid is not None
    room = rooms.get(key)
    if named and room is None and not create_rooms:
        errors.append(
            RowError(n, NUMBER, _("人口房屋登记中没有该房屋（可加 --create-rooms 新建）"))
        )
    area = parse_area(row[AREA])
    if area is None:
        errors.append(RowError(n, AREA, _("应为大于0的平方米数，最多两位小数，如89.25")))
    name = clean(row[NAME])
    if not name:
        errors.append(RowError(n, NAME, _("不能为空")))
    elif problem := too_long(NAME_MAX_LENGTH, name):
        errors.append(RowError(n, NAME, problem))
    kind = parse_label(OwnerKind, row[KIND])
    if kind is None:
        errors.append(RowError(n, KIND, _("应为个人、单位或建设单位")))
    number = _id_number(n, kind, row[ID_NUMBER], errors)
    if len(errors) > start or grid is None or kind is None or area is None:
        return None
    owner = OwnerRow(n, name, kind, number, owner_key(kind, number, name))
    return CheckedRow(n, key, grid, room, area, owner)


def plan_owners(table: Table, *, create_rooms: bool) -> list[PlannedRoom]:
    """Every row checked, on its own and against the rows before it (one area per room, one
    name per ID number); ImportFailed with every problem otherwise."""
    errors: list[RowError] = []
    keys = {_row_key(r) for r in table.rows}
    grids = _grids({k[0] for k in keys})
    rooms = _rooms(keys)
    planned: dict[RoomKey, PlannedRoom] = {}
    names_by_key: dict[str, tuple[str, int]] = {}
    for row in table.rows:
        checked = _check_row(row, grids, rooms, create_rooms, errors)
        if checked is None:
            continue
        n, owner = checked.number, checked.owner
        earlier = names_by_key.setdefault(owner.key, (owner.name, n))
        if earlier[0] != owner.name:
            reason = _("与第%(row)d行同一证件号码的业主姓名“%(name)s”不一致")
            errors.append(RowError(n, NAME, reason % {"row": earlier[1], "name": earlier[0]}))
            continue
        plan = planned.setdefault(
            checked.key,
            PlannedRoom(checked.key, n, checked.grid, checked.area, checked.room),
        )
        if plan.area != checked.area:
            reason = _("与第%(row)d行同一房屋的面积不一致")
            errors.append(RowError(n, AREA, reason % {"row": plan.first_row}))
        elif any(o.key == owner.key for o in plan.owners):
            errors.append(RowError(n, NAME, _("该业主在本房屋已列出")))
        else:
            plan.owners.append(owner)
    if errors:
        raise ImportFailed(errors)
    return list(planned.values())


def _owner(room: Room, grid: OrgNode, row: OwnerRow) -> tuple[Owner, bool]:
    estate_id = room.building.estate_id
    owner = Owner.objects.filter(estate_id=estate_id, key=row.key).first()
    if owner is None:
        owner = Owner.objects.create(
            grid=grid,
            estate_id=estate_id,
            kind=row.kind,
            name=row.name,
            id_number=row.id_number,
            key=row.key,
        )
        return owner, True
    if owner.name != row.name or owner.kind != row.kind:
        owner.name, owner.kind = row.name, row.kind
        owner.save(update_fields=["name", "kind"])
        return owner, True
    return owner, False


def import_owners(
    source: str | Path | Table, *, create_rooms: bool = False, actor: Any = None
) -> ImportResult:
    """Import a file of rooms' areas and owners; ImportFailed, writing nothing, on any
    problem. Counts rooms: created (new area and owners), updated, unchanged."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*OWNER_HEADERS)
    planned = plan_owners(table, create_rooms=create_rooms)
    result = ImportResult()
    with transaction.atomic():
        for plan in planned:
            room = plan.room
            if room is None:
                _grid, estate, building, unit, number = plan.key
                room = ensure_room(
                    grid=plan.grid, estate=estate, building=building, unit=unit, number=number
                )
                room = Room.objects.select_related("building").get(pk=room.pk)
            changed = False
            area_row = RoomArea.objects.filter(room=room).first()
            fresh = area_row is None
            if area_row is None:
                RoomArea.objects.create(
                    room=room,
                    grid_id=room.grid_id,
                    estate_id=room.building.estate_id,
                    area_hundredths=plan.area,
                )
            elif area_row.area_hundredths != plan.area:
                area_row.area_hundredths = plan.area
                area_row.save(update_fields=["area_hundredths"])
                changed = True
            wanted = set()
            for row in plan.owners:
                owner, owner_changed = _owner(room, plan.grid, row)
                changed |= owner_changed and not fresh
                wanted.add(owner.pk)
            held = set(Ownership.objects.filter(room=room).values_list("owner_id", flat=True))
            if held != wanted:
                Ownership.objects.filter(room=room).exclude(owner_id__in=wanted).delete()
                Ownership.objects.bulk_create(
                    Ownership(
                        room=room,
                        owner_id=pk,
                        grid_id=room.grid_id,
                        estate_id=room.building.estate_id,
                    )
                    for pk in sorted(wanted - held)
                )
                changed = True
            if fresh:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
        record(
            OWNERS_IMPORTED,
            actor=actor,
            target=table.name,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


def import_ballots(vote: Vote, source: str | Path | Table, *, actor: Any = None) -> ImportResult:
    """Import a file of paper ballots into ``vote``; ImportFailed, writing nothing, on any
    problem. Each owner's last row is their ballot; one repeating the owner's current opinion
    is left as it is, so importing the same file again writes nothing."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*BALLOT_HEADERS)
    if not is_open(vote):
        raise ImportFailed(
            message=_("表决“%(title)s”不在表决期内，不能录入表决票") % {"title": vote.title}
        )
    rooms = {
        (r.building.name, r.unit, r.number): r
        for r in selectors.vote_rooms(vote).select_related("building")
    }
    current = selectors.tally(vote)
    errors: list[RowError] = []
    # One owner, one opinion: the owner's last row in the file is their ballot.
    last: dict[int, tuple[Room, str]] = {}
    for row in table.rows:
        start = len(errors)
        room = rooms.get((clean(row[BUILDING]), clean(row[UNIT]), clean(row[NUMBER])))
        if room is None:
            errors.append(RowError(row.number, NUMBER, _("该房屋不在本次表决范围内")))
        opinion = parse_label(Opinion, row[OPINION])
        if opinion is None:
            errors.append(RowError(row.number, OPINION, _("应为同意、反对或弃权")))
        if len(errors) == start and room is not None and opinion is not None:
            head = current.head_of[room.pk]
            last.pop(head, None)  # keep the file's order of the owners' last rows
            last[head] = (room, opinion)
    planned = [
        (room, opinion)
        for head, (room, opinion) in last.items()
        if current.opinions.get(head) != opinion
    ]
    unchanged = len(last) - len(planned)
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        Ballot.objects.bulk_create(
            Ballot(
                vote=vote,
                grid_id=vote.grid_id,
                room=room,
                opinion=opinion,
                channel=Channel.PAPER,
                entered_by=actor if getattr(actor, "pk", None) else None,
            )
            for room, opinion in planned
        )
        record(BALLOTS_IMPORTED, actor=actor, target=table.name, vote_id=vote.pk, rows=len(planned))
    return ImportResult(created=len(planned), unchanged=unchanged)
