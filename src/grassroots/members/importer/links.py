"""一联十 links from a spreadsheet (联系户导入): ``grassroots members links FILE``.

Headers (any order): 党员公民身份号码,网格编码,小区,楼栋,单元,房号. One row links one member
(found on the roster by the ID number's blind index) to the household living now in one room
of the registry (the room's household that has not ended). A household has at most one
current link: a household already linked to another member is refused, naming that member; the
same link again is left as it is. A member keeps in touch with households of the community
they live in, so a room in another community is refused. A new link starts on the day of the
import and records who imported it.

The whole file is checked first; any problem means nothing is written (第N行 列名: 原因).
Importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.kernel import crypto
from grassroots.kernel.idnumbers import IdNumber
from grassroots.kernel.importing import ImportFailed, ImportResult
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.members.importer.common import (
    CheckedRow,
    all_errors,
    chunks,
    clean,
    compact,
    grid,
    grids_by_code,
    id_number,
    record_import,
)
from grassroots.members.models import HouseholdLink, Member
from grassroots.members.services.kept import keep_last_contacts, keep_links_held
from grassroots.org.models import OrgNode
from grassroots.registry.models import Household, Room

ID_NUMBER, GRID, ESTATE, BUILDING, UNIT, ROOM = (
    "党员公民身份号码",
    "网格编码",
    "小区",
    "楼栋",
    "单元",
    "房号",
)
HEADERS = (ID_NUMBER, GRID, ESTATE, BUILDING, UNIT, ROOM)
# A grid's path cut to its community's: the tree's paths grow by one step per level.
COMMUNITY_PATH = 3 * OrgNode.steplen

RoomKey = tuple[int, str, str, str, str]


@dataclass
class LinkRow(CheckedRow):
    id: IdNumber | None = None
    grid_code: str = ""
    grid: OrgNode | None = None
    estate: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    member: Member | None = None
    household_id: int | None = None
    household_grid_id: int | None = None

    def room_key(self) -> RoomKey | None:
        if self.grid is None or not (self.estate and self.building and self.room):
            return None
        return (self.grid.pk, self.estate, self.building, self.unit, self.room)

    @property
    def address(self) -> str:
        return f"{self.estate}{self.building}{self.unit}{self.room}"


def parse_row(number: int, cells: Row) -> LinkRow:
    row = LinkRow(number=number)
    row.id = id_number(row, cells[ID_NUMBER], ID_NUMBER)
    row.grid_code = compact(cells[GRID])
    row.estate, row.building = clean(cells[ESTATE]), clean(cells[BUILDING])
    row.unit, row.room = clean(cells[UNIT]), clean(cells[ROOM])
    for column, text in ((ESTATE, row.estate), (BUILDING, row.building), (ROOM, row.room)):
        if not text:
            row.error(column, _("不能为空"))
    return row


def _members(rows: list[LinkRow]) -> None:
    index_of = {row.number: crypto.blind_index(row.id.number) for row in rows if row.id}
    members = Member.objects.select_related("person", "grid")
    found = {
        member.person.id_number_index: member
        for chunk in chunks(index_of.values())
        for member in members.filter(person__id_number_index__in=chunk)
    }
    for row in rows:
        if row.id is None:
            continue
        row.member = found.get(index_of[row.number])
        if row.member is None:
            row.error(ID_NUMBER, _("党员名册中没有该公民身份号码的党员，请先导入党员名册"))


def _rooms(rows: list[LinkRow]) -> dict[RoomKey, int]:
    grid_ids = {row.grid.pk for row in rows if row.grid is not None}
    rooms = (
        room
        for chunk in chunks(grid_ids)
        for room in Room.objects.filter(building__estate__grid_id__in=chunk).values_list(
            "pk",
            "building__estate__grid_id",
            "building__estate__name",
            "building__name",
            "unit",
            "number",
        )
    )
    return {
        (grid_id, estate, building, unit, number): pk
        for pk, grid_id, estate, building, unit, number in rooms
    }


def _households(rows: list[LinkRow]) -> None:
    """Each row's room, then the household living in it now."""
    rooms = _rooms(rows)
    room_of: dict[int, int] = {}
    for row in rows:
        key = row.room_key()
        if key is None:
            continue
        room = rooms.get(key)
        if room is None:
            row.error(ROOM, _("该网格中没有房屋“%(address)s”") % {"address": row.address})
        else:
            room_of[row.number] = room
    current: dict[int, tuple[int, int]] = {}
    for chunk in chunks(room_of.values()):
        for pk, room, grid_id in (
            Household.objects.filter(room_id__in=chunk, ended_on__isnull=True)
            .order_by("-pk")
            .values_list("pk", "room_id", "grid_id")
        ):
            current[room] = (pk, grid_id)  # the oldest household still there wins
    for row in rows:
        room = room_of.get(row.number)
        if room is None:
            continue
        row.household_id, row.household_grid_id = current.get(room, (None, None))
        if row.household_id is None:
            row.error(ROOM, _("房屋“%(address)s”当前没有住户") % {"address": row.address})


def _check_links(rows: list[LinkRow]) -> None:
    """One member per household, in the file and against the links held."""
    held = {
        household: (member_id, name)
        for chunk in chunks(row.household_id for row in rows if row.household_id)
        for household, member_id, name in HouseholdLink.objects.filter(
            household_id__in=chunk, ended_on__isnull=True
        ).values_list("household_id", "member_id", "member__person__name")
    }
    seen: dict[int, LinkRow] = {}
    for row in rows:
        if row.household_id is None or row.member is None:
            continue
        if row.grid and row.grid.path[:COMMUNITY_PATH] != row.member.grid.path[:COMMUNITY_PATH]:
            row.error(GRID, _("该户不在党员%(name)s居住的社区") % {"name": row.member.person.name})
        first = seen.setdefault(row.household_id, row)
        if first is not row:
            if first.member == row.member:
                row.error(ROOM, _("与第%(n)d行重复") % {"n": first.number})
            else:
                row.error(
                    ROOM,
                    _("与第%(n)d行是同一户，一户只能由一名党员联系") % {"n": first.number},
                )
        holder = held.get(row.household_id)
        if holder is not None and holder[0] != row.member.pk:
            row.error(
                ROOM,
                _("该户已由党员%(name)s联系，请先结束原联系关系") % {"name": holder[1]},
            )


def read_rows(table: Table) -> list[LinkRow]:
    """Every row checked, or ``ImportFailed`` with every problem found."""
    table.require(*HEADERS, known=())
    rows = [parse_row(r.number, r) for r in table.rows]
    grids = grids_by_code(row.grid_code for row in rows)
    for row in rows:
        row.grid = grid(row, row.grid_code, grids, GRID)
    _members(rows)
    _households(rows)
    _check_links(rows)
    errors = all_errors(rows)
    if errors:
        raise ImportFailed(errors)
    return rows


def _write(rows: list[LinkRow], actor: Any, today: datetime.date) -> tuple[ImportResult, list]:
    result = ImportResult()
    current = {
        household
        for chunk in chunks(row.household_id for row in rows)
        for household in HouseholdLink.objects.filter(
            household_id__in=chunk, ended_on__isnull=True
        ).values_list("household_id", flat=True)
    }
    made = []
    for row in rows:
        if row.household_id in current:
            result.unchanged += 1
            continue
        link = HouseholdLink.objects.create(
            member=row.member,
            household_id=row.household_id,
            grid_id=row.household_grid_id,
            linked_on=today,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        made.append([link.pk, row.member.pk, row.household_id])  # type: ignore[union-attr]
        result.created += 1
    keep_last_contacts(household for _link, _member, household in made)
    keep_links_held(member for _link, member, _household in made)
    return result, made


def import_links(
    path: str | Path, *, actor: Any = None, today: datetime.date | None = None
) -> ImportResult:
    """Check the whole file, then link in one transaction (or raise ``ImportFailed``)."""
    rows = read_rows(read_table(path))
    with transaction.atomic():
        result, made = _write(rows, actor, today or timezone.localdate())
        # [link, member, household] of each link made: what changed, for the record.
        record_import(
            Action.MEMBER_LINKS_IMPORTED,
            actor=actor,
            source=Path(path).name,
            result=result,
            links=made,
        )
    return result


__all__ = ["HEADERS", "import_links"]
