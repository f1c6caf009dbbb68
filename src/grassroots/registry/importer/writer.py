"""The import's write side: what a chunk of planned rows means for the tables, then writing it.

``prepare`` runs for every chunk, also in a dry run: it learns which rooms and residents exist
(one query per grid the first time it appears, one per chunk for documents) and counts what
would be created, updated or left unchanged. ``write`` then inserts and updates in bulk
(``kernel.db.rows``, ``bulk.py``): a stay for every resident registered or moved and a
history row for every change and move. A resident registered here gets no history row of its
own: its first stay names the import's batch (``RegistryImport``), and that is its
registration.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from grassroots.kernel import crypto
from grassroots.kernel.db.ids import allocate_ids
from grassroots.kernel.db.rows import Adapt, insert_rows, update_rows
from grassroots.registry.choices import RoomUse
from grassroots.registry.importer.bulk import end_stays, start_stays
from grassroots.registry.importer.columns import (
    BUILDING_COLUMNS,
    CHANGE_COLUMNS,
    COMPARED,
    ESTATE_COLUMNS,
    EXISTING,
    HOUSEHOLD_COLUMNS,
    PERSON,
    R_INDEX,
    R_PERSON,
    R_ROOM,
    R_SEALED,
    R_USE,
    RESIDENT_COLUMNS,
    REWRITTEN,
    ROOM_COLUMNS,
    STAY_COLUMNS,
    UPDATED_COLUMNS,
    P,
    PlannedRow,
    RoomKey,
)
from grassroots.registry.importer.result import RegistryImportResult
from grassroots.registry.models import (
    Building,
    ChangeKind,
    ChangeSource,
    Estate,
    Household,
    RegistryChange,
    Residence,
    Resident,
    Room,
)
from grassroots.registry.names import initials_of
from grassroots.registry.services import room_address

OWNER_OCCUPIED = RoomUse.OWNER_OCCUPIED.value
P_NAME, P_RELATION, P_BIRTH = P["name"], P["relation"], P["birth_date"]
P_PHONE_INDEX = P["phone_index"]
P_ID, P_PHONE = P["id_number"], P["phone"]
P_END = len(PERSON)
COMPARED_AT = tuple((f, P[f]) for f in COMPARED)


def sealed_parts(person: tuple, seal: Callable[[str], str]) -> tuple[str, str, str]:
    """What the writer adds to a planned person to store it: the pinyin initials, the ID
    number and the phone encrypted."""
    number, phone = person[P_ID], person[P_PHONE]
    return initials_of(person[P_NAME]), seal(number) if number else "", seal(phone) if phone else ""


class SealAhead:
    """The writer's share of a chunk done ahead of it, by the worker process for a chunk
    planned while the writer is still behind (``parallel.py``): each person's
    ``sealed_parts`` go into the row's ``R_SEALED``. Which process is the slower one depends
    on the machine; this way the worker takes over only what the writer cannot keep up with.
    The plain values stay, since an update compares them."""

    def __init__(self) -> None:
        self.seal = crypto.encrypter()  # made in the worker, which draws its own nonces

    def __call__(self, planned: list[PlannedRow]) -> list[PlannedRow]:
        seal = self.seal
        return [
            p if p[R_PERSON] is None else (*p[:R_SEALED], sealed_parts(p[R_PERSON], seal))
            for p in planned
        ]


@dataclass(slots=True)
class RoomSlot:
    id: int | None  # None until written
    household_id: int | None
    use: str


class ChunkWriter:
    def __init__(
        self,
        *,
        actor: Any,
        today: datetime.date,
        result: RegistryImportResult,
        batch_id: int | None,
    ) -> None:
        self.adapt = Adapt()
        self.actor_id = getattr(actor, "pk", None)
        self.batch_id = batch_id
        self.encrypt = crypto.encrypter()
        self.today = today
        self.result = result
        self.rooms: dict[RoomKey, RoomSlot] = {}
        self.estates: dict[tuple[int, str], int] = {}
        self.buildings: dict[tuple[int, str], int] = {}
        self.undocumented: dict[tuple[int, str], dict[str, Any]] = {}  # (household, name)
        self.loaded_grids: set[int] = set()
        self.existing: dict[str, dict[str, Any]] = {}
        self.emptied: set[int] = set()
        # Into an empty registry no document can exist yet except those of earlier rows of
        # this file, which the planner already refuses as duplicates: no look-up needed.
        self.registry_was_empty = not Resident.objects.exists()
        # Without an estate there is no building, room or household yet: whatever a grid
        # holds later, this import wrote and ``rooms`` remembers.
        self.nothing_placed = self.registry_was_empty and not Estate.objects.exists()

    # --- reading what is there ----------------------------------------------------------------

    def prepare(self, planned: list[PlannedRow]) -> None:
        self._load_grids({p[R_ROOM][0] for p in planned} - self.loaded_grids)
        indexes = [p[R_INDEX] for p in planned if p[R_INDEX]]
        self.existing = (
            {
                row["id_number_index"]: row
                for row in Resident.objects.filter(id_number_index__in=indexes).values(*EXISTING)
            }
            if indexes and not self.registry_was_empty
            else {}
        )
        rooms, result, fresh = self.rooms, self.result, self.registry_was_empty
        for p in planned:
            key, person = p[R_ROOM], p[R_PERSON]
            if key not in rooms:
                rooms[key] = RoomSlot(None, None, p[R_USE] or OWNER_OCCUPIED)
                result.rooms_created += 1
                result.households_created += person is not None
            if person is not None:
                if fresh:  # nothing to match: every resident is new (see __init__)
                    result.created += 1
                else:
                    self._count_resident(p)

    def _load_grids(self, grid_ids: set[int]) -> None:
        if not grid_ids:
            return
        self.loaded_grids |= grid_ids
        if self.nothing_placed:
            return
        for pk, grid_id, name in Estate.objects.filter(grid_id__in=grid_ids).values_list(
            "id", "grid_id", "name"
        ):
            self.estates[(grid_id, name)] = pk
        for pk, estate_id, name in Building.objects.filter(grid_id__in=grid_ids).values_list(
            "id", "estate_id", "name"
        ):
            self.buildings[(estate_id, name)] = pk
        current = dict(
            Household.objects.filter(grid_id__in=grid_ids, ended_on__isnull=True).values_list(
                "room_id", "id"
            )
        )
        for row in Room.objects.filter(grid_id__in=grid_ids).values(
            "id", "grid_id", "building__estate__name", "building__name", "unit", "number", "use"
        ):
            key = (
                row["grid_id"],
                row["building__estate__name"],
                row["building__name"],
                row["unit"],
                row["number"],
            )
            self.rooms[key] = RoomSlot(row["id"], current.get(row["id"]), row["use"])
        if self.registry_was_empty:
            return  # a grid is loaded before any of its rows is written
        for row in Resident.objects.filter(
            grid_id__in=grid_ids, id_number_index__isnull=True, household__isnull=False
        ).values(*EXISTING):
            self.undocumented[(row["household_id"], row["name"])] = row

    def _match(self, p: PlannedRow) -> dict[str, Any] | None:
        if p[R_INDEX]:
            return self.existing.get(p[R_INDEX])
        slot = self.rooms.get(p[R_ROOM])
        if slot is None or slot.household_id is None or p[R_PERSON] is None:
            return None
        return self.undocumented.get((slot.household_id, p[R_PERSON][P_NAME]))

    def _count_resident(self, p: PlannedRow) -> None:
        old = self._match(p)
        if old is None:
            self.result.created += 1
        elif self._changes(old, p) or self._moves(old, p):
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def _changes(self, old: dict[str, Any], p: PlannedRow) -> dict[str, list[Any]]:
        new = p[R_PERSON]
        changes = {
            f: [_plain(old[f]), new[at]] for f, at in COMPARED_AT if _plain(old[f]) != new[at]
        }
        if old["phone_index"] != new[P_PHONE_INDEX]:
            changes["phone"] = ["***", crypto.mask_phone(new[P_PHONE]) if new[P_PHONE] else ""]
        return changes

    def _moves(self, old: dict[str, Any], p: PlannedRow) -> bool:
        slot = self.rooms.get(p[R_ROOM])
        return slot is None or slot.household_id is None or old["household_id"] != slot.household_id

    # --- writing ----------------------------------------------------------------------------

    def write(self, planned: list[PlannedRow]) -> None:
        self._write_rooms(planned)
        if self.registry_was_empty:
            self._insert_residents([p for p in planned if p[R_PERSON] is not None])
            return
        fresh, known = [], []
        for p in planned:
            if p[R_PERSON] is not None:
                old = self._match(p)
                (fresh if old is None else known).append((p, old))
        self._insert_residents([p for p, _old in fresh])
        self._update_residents(known)

    def _write_rooms(self, planned: list[PlannedRow]) -> None:
        rooms = self.rooms
        new_keys = list(dict.fromkeys(p[R_ROOM] for p in planned if rooms[p[R_ROOM]].id is None))
        self._write_buildings(new_keys)
        ids = allocate_ids(Room, len(new_keys))
        rows = []
        for key, pk in zip(new_keys, ids, strict=True):
            slot = self.rooms[key]
            slot.id = pk
            grid_id, estate, building, unit, number = key
            rows.append(
                (
                    pk,
                    grid_id,
                    self.buildings[(self.estates[(grid_id, estate)], building)],
                    unit,
                    number,
                    slot.use,
                    room_address(estate, building, unit, number),
                    1,
                    self.adapt.now,
                )
            )
        insert_rows(Room, ROOM_COLUMNS, rows)
        self._change_uses(planned, set(new_keys))
        lived_in = dict.fromkeys(
            p[R_ROOM]
            for p in planned
            if p[R_PERSON] is not None and self.rooms[p[R_ROOM]].household_id is None
        )
        house_ids = allocate_ids(Household, len(lived_in))
        for key, pk in zip(lived_in, house_ids, strict=True):
            self.rooms[key].household_id = pk
        day = self.adapt.date(self.today)
        insert_rows(
            Household,
            HOUSEHOLD_COLUMNS,
            [
                (pk, key[0], self.rooms[key].id, day)
                for key, pk in zip(lived_in, house_ids, strict=True)
            ],
        )

    def _write_buildings(self, new_keys: list[RoomKey]) -> None:
        estates = list(
            dict.fromkeys((k[0], k[1]) for k in new_keys if (k[0], k[1]) not in self.estates)
        )
        for key, pk in zip(estates, allocate_ids(Estate, len(estates)), strict=True):
            self.estates[key] = pk
        insert_rows(
            Estate,
            ESTATE_COLUMNS,
            [(self.estates[k], k[0], k[1], self.adapt.now) for k in estates],
        )
        buildings = list(
            dict.fromkeys(
                (self.estates[(k[0], k[1])], k[2], k[0])
                for k in new_keys
                if (self.estates[(k[0], k[1])], k[2]) not in self.buildings
            )
        )
        for key, pk in zip(buildings, allocate_ids(Building, len(buildings)), strict=True):
            self.buildings[key[:2]] = pk
        insert_rows(
            Building,
            BUILDING_COLUMNS,
            [(self.buildings[k[:2]], k[2], k[0], k[1], self.adapt.now) for k in buildings],
        )

    def _change_uses(self, planned: list[PlannedRow], new: set[RoomKey]) -> None:
        changed = {}
        for p in planned:
            key, use = p[R_ROOM], p[R_USE]
            slot = self.rooms[key]
            if use and key not in new and slot.use != use and key not in changed:
                changed[key] = (slot.use, use)
                slot.use = use
        update_rows(
            Room,
            ("use", "updated_at"),
            [(new_use, self.adapt.now, self.rooms[k].id) for k, (_old, new_use) in changed.items()],
        )
        self._log(
            [
                (k[0], ChangeKind.ROOM_USE, None, self.rooms[k].id, {"use": [old_use, new_use]})
                for k, (old_use, new_use) in changed.items()
            ]
        )

    def _insert_residents(self, planned: list[PlannedRow]) -> None:
        ids = allocate_ids(Resident, len(planned))
        day, now = self.adapt.date(self.today), self.adapt.now
        birth = None if self.adapt.dates_as_text else self.adapt.iso_date  # None: as it is
        rooms, seal = self.rooms, self.encrypt
        rows = []
        for p, pk in zip(planned, ids, strict=True):
            grid_id, person = p[R_ROOM][0], p[R_PERSON]
            initials, number, phone = p[R_SEALED] or sealed_parts(person, seal)
            rows.append(  # RESIDENT_COLUMNS: columns.LEADING, PERSON, columns.TRAILING
                (
                    pk,
                    grid_id,
                    rooms[p[R_ROOM]].household_id,
                    *person[:P_ID],
                    number,
                    *person[P_ID + 1 : P_BIRTH],
                    person[P_BIRTH] if birth is None else birth(person[P_BIRTH]),
                    *person[P_BIRTH + 1 : P_PHONE],
                    phone,
                    *person[P_PHONE + 1 : P_END],
                    initials,
                    1,
                    now,
                    now,
                )
            )
        insert_rows(Resident, RESIDENT_COLUMNS, rows)
        start_stays(ids, day, self.batch_id)

    def _update_residents(self, known: list[tuple[PlannedRow, dict[str, Any]]]) -> None:
        updates, history, moved = [], [], []
        for p, old in known:
            changes, moves = self._changes(old, p), self._moves(old, p)
            if not changes and not moves:
                continue
            slot, person = self.rooms[p[R_ROOM]], p[R_PERSON]
            # An update stores no document (it is the match), only initials and phone.
            initials, _number, phone = p[R_SEALED] or (
                initials_of(person[P_NAME]),
                "",
                self.encrypt(person[P_PHONE]) if person[P_PHONE] else "",
            )
            rewritten = {
                "grid_id": p[R_ROOM][0],
                "household_id": slot.household_id,
                "phone": phone,
                "phone_index": person[P_PHONE_INDEX],
                "name_initials": initials,
                "version": old["version"] + 1,
                "updated_at": self.adapt.now,
            }
            updates.append(  # UPDATED_COLUMNS, then the id
                (
                    *(
                        self.adapt.iso_date(person[at]) if f == "birth_date" else person[at]
                        for f, at in COMPARED_AT
                    ),
                    *(rewritten[f] for f in REWRITTEN),
                    old["id"],
                )
            )
            if changes:
                history.append(
                    (p[R_ROOM][0], ChangeKind.RESIDENT_CHANGED, old["id"], None, changes)
                )
            if moves:
                moved.append((p, old, slot))
        update_rows(Resident, UPDATED_COLUMNS, updates)
        self._move(moved)
        self._log(history)

    def _move(self, moved: list[tuple[PlannedRow, dict[str, Any], RoomSlot]]) -> None:
        day = self.adapt.date(self.today)
        end_stays([(day, old["id"]) for _p, old, _slot in moved if old["household_id"]])
        self.emptied |= {old["household_id"] for _p, old, _slot in moved if old["household_id"]}
        insert_rows(
            Residence,
            STAY_COLUMNS,
            [
                (
                    p[R_ROOM][0],
                    old["id"],
                    slot.household_id,
                    slot.id,
                    p[R_PERSON][P_RELATION],
                    day,
                    None,
                )
                for p, old, slot in moved
            ],
        )
        self._log(
            [
                (p[R_ROOM][0], ChangeKind.MOVED_IN, old["id"], slot.id, None)
                for p, old, slot in moved
            ]
        )

    def _log(self, entries: list[tuple[int, str, int | None, int | None, Any]]) -> None:
        day, now, actor_id, empty = (
            self.adapt.date(self.today),
            self.adapt.now,
            self.actor_id,
            self.adapt.json_empty,
        )
        source = ChangeSource.IMPORT.value
        insert_rows(
            RegistryChange,
            CHANGE_COLUMNS,
            [
                (
                    grid_id,
                    kind,
                    source,
                    resident_id,
                    room_id,
                    day,
                    now,
                    actor_id,
                    json.dumps(changes, ensure_ascii=False) if changes else empty,
                )
                for grid_id, kind, resident_id, room_id, changes in entries
            ],
        )

    def close_emptied_households(self) -> None:
        """Households every member of which moved elsewhere in this import end today."""
        if not self.emptied:
            return
        occupied = set(
            Resident.objects.filter(household_id__in=self.emptied).values_list(
                "household_id", flat=True
            )
        )
        Household.objects.filter(pk__in=self.emptied - occupied, ended_on__isnull=True).update(
            ended_on=self.today
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


__all__ = ["ChunkWriter", "SealAhead", "sealed_parts"]
