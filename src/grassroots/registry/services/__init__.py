"""Writes to the registry: each a named action that owns its transaction and its history.

Rooms are found or made by address (``ensure_room``); people are registered, changed, moved in
and moved out; a room's use is changed. Every one of them writes a ``RegistryChange`` (who, when,
from, to) and, where personal data is involved, an audit record. A stale ``version`` means
someone else changed the row first: ``StaleEdit`` tells the caller, nothing is overwritten.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel import crypto
from grassroots.kernel.plugins import notify
from grassroots.org.models import Level, OrgNode
from grassroots.registry.choices import RoomUse, store_special_groups
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
    document_index,
)
from grassroots.registry.names import initials_of
from grassroots.registry.validation import ResidentData

TRACKED_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "population_type",
    "political_status",
    "education",
    "special_groups",
    "notes",
    "relation",
)
PERSONAL_FIELDS = ("id_type", "id_number", "phone")


class RegistryError(ValueError):
    """A registry write that cannot be made; the message says why, in the user's language."""


class StaleEdit(RegistryError):
    """Someone else changed this record after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该记录已被他人修改，请刷新后重试"))


class DuplicateDocument(RegistryError):
    def __init__(self) -> None:
        super().__init__(_("该证件号码已登记在其他居民名下，同一号码不能登记两次"))


def room_address(estate: str, building: str, unit: str, number: str) -> str:
    return "".join(part for part in (estate, building, unit, number) if part)


@transaction.atomic
def ensure_room(
    *,
    grid: OrgNode,
    estate: str,
    building: str,
    unit: str,
    number: str,
    use: str = RoomUse.OWNER_OCCUPIED,
) -> Room:
    """The room at this address in ``grid``, made (with its estate and building) if new."""
    if grid.level != Level.GRID:
        raise RegistryError(_("房屋必须登记在网格下"))
    estate_row, _created = Estate.objects.get_or_create(grid=grid, name=estate)
    building_row, _created = Building.objects.get_or_create(
        estate=estate_row, name=building, defaults={"grid": grid}
    )
    room, _created = Room.objects.get_or_create(
        building=building_row,
        unit=unit,
        number=number,
        defaults={
            "grid": grid,
            "use": use,
            "address": room_address(estate, building, unit, number),
        },
    )
    return room


def current_household(room: Room, on: datetime.date) -> Household:
    household = room.households.filter(ended_on__isnull=True).order_by("pk").first()
    if household is None:
        household = Household.objects.create(grid_id=room.grid_id, room=room, started_on=on)
    return household


def log_change(
    kind: str,
    *,
    grid_id: int,
    source: str,
    actor: Any,
    on: datetime.date,
    resident: Resident | None = None,
    room: Room | None = None,
    changes: dict[str, list[Any]] | None = None,
) -> RegistryChange:
    return RegistryChange.objects.create(
        grid_id=grid_id,
        kind=kind,
        source=source,
        resident=resident,
        room=room,
        effective_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        changes=changes or {},
    )


def begin_stay(
    resident: Resident,
    *,
    room: Room,
    household: Household,
    relation: str,
    on: datetime.date,
    kind: str,
    source: str,
    actor: Any,
    changes: dict[str, list[Any]] | None = None,
) -> Residence:
    """Start a resident's dated stay in ``room`` and write it into the room's history.

    Registering a newcomer and moving someone in both begin a stay; the audit record differs
    (a new person or a move), so each caller writes its own.
    """
    stay = Residence.objects.create(
        grid_id=room.grid_id,
        resident=resident,
        household=household,
        room=room,
        relation=relation,
        moved_in_on=on,
    )
    log_change(
        kind,
        grid_id=room.grid_id,
        source=source,
        actor=actor,
        on=on,
        resident=resident,
        room=room,
        changes=changes,
    )
    return stay


def _apply_data(resident: Resident, data: ResidentData) -> dict[str, list[Any]]:
    """Copy ``data`` onto ``resident``; return {field: [old, new]} (personal data masked)."""
    changes: dict[str, list[Any]] = {}
    values = {name: getattr(data, name) for name in TRACKED_FIELDS}
    values["special_groups"] = store_special_groups(data.special_groups)
    for name, new in values.items():
        old = getattr(resident, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(resident, name, new)
    resident.name_initials = initials_of(resident.name)
    if (data.id_type, data.id_number) != (resident.id_type, resident.id_number or ""):
        changes["id_number"] = [resident.masked_id_number, _mask_id(data.id_number)]
        resident.id_type, resident.id_number = data.id_type, data.id_number
        resident.id_number_index = (
            document_index(data.id_type, data.id_number) if data.id_number else None
        )
    if data.phone != (resident.phone or ""):
        changes["phone"] = [resident.masked_phone, _mask_phone(data.phone)]
        resident.phone = data.phone
        resident.phone_index = _phone_index(data.phone)
    return changes


def _phone_index(phone: str) -> str:
    return crypto.blind_index(phone) if phone else ""


def _mask_id(number: str) -> str:
    return crypto.mask_id_number(number) if number else ""


def _mask_phone(phone: str) -> str:
    return crypto.mask_phone(phone) if phone else ""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _save_new(resident: Resident) -> None:
    index = resident.id_number_index
    if index and Resident.objects.filter(id_number_index=index).exists():
        raise DuplicateDocument
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise DuplicateDocument from exc


@transaction.atomic
def register_resident(
    *,
    room: Room,
    data: ResidentData,
    actor: Any = None,
    source: str = ChangeSource.FORM,
    on: datetime.date | None = None,
    request: Any = None,
) -> Resident:
    """Register a new resident living in ``room`` from ``on`` (登记居民)."""
    on = on or timezone.localdate()
    household = current_household(room, on)
    resident = Resident(grid_id=room.grid_id, household=household)
    changes = _apply_data(resident, data)
    _save_new(resident)
    begin_stay(
        resident,
        room=room,
        household=household,
        relation=resident.relation,
        on=on,
        kind=ChangeKind.RESIDENT_REGISTERED,
        source=source,
        actor=actor,
        changes=changes,
    )
    record(
        Action.RESIDENT_CREATED,
        actor=actor,
        request=request,
        target=f"{resident.name}（#{resident.pk}）",
        resident_id=resident.pk,
        fields=sorted(changes),
    )
    return resident


@transaction.atomic
def update_resident(
    resident: Resident,
    *,
    data: ResidentData,
    version: int,
    actor: Any = None,
    source: str = ChangeSource.FORM,
    request: Any = None,
) -> Resident:
    """Change a resident's record if nobody changed it since ``version`` was read."""
    current = Resident.objects.select_for_update().get(pk=resident.pk)
    if current.version != version:
        raise StaleEdit
    changes = _apply_data(current, data)
    if not changes:
        return current
    index = current.id_number_index
    if index and Resident.objects.filter(id_number_index=index).exclude(pk=current.pk).exists():
        raise DuplicateDocument
    updated = Resident.objects.filter(pk=current.pk, version=version).update(
        **{f: getattr(current, f) for f in (*TRACKED_FIELDS, "name_initials", "id_type")},
        id_number=current.id_number,
        id_number_index=current.id_number_index,
        phone=current.phone,
        phone_index=current.phone_index,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit
    log_change(
        ChangeKind.RESIDENT_CHANGED,
        grid_id=current.grid_id,
        source=source,
        actor=actor,
        on=timezone.localdate(),
        resident=current,
        changes=changes,
    )
    record(
        Action.RESIDENT_CHANGED,
        actor=actor,
        request=request,
        target=f"{current.name}（#{current.pk}）",
        resident_id=current.pk,
        fields=sorted(changes),
    )
    current.refresh_from_db()
    return current


# Emitted by change_room_use: listeners get room, old_use, new_use, on and actor.
ROOM_USE_CHANGED = "registry.room_use_changed"


@transaction.atomic
def change_room_use(
    room: Room,
    *,
    use: str,
    on: datetime.date,
    actor: Any = None,
    source: str = ChangeSource.FORM,
    version: int | None = None,
    request: Any = None,
) -> Room:
    """Record that ``room`` is used as ``use`` from ``on``; the old use stays in the history."""
    current = Room.objects.select_for_update().get(pk=room.pk)
    if version is not None and current.version != version:
        raise StaleEdit
    if current.use == use:
        return current
    updated = Room.objects.filter(pk=current.pk, version=current.version).update(
        use=use, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit
    log_change(
        ChangeKind.ROOM_USE,
        grid_id=current.grid_id,
        source=source,
        actor=actor,
        on=on,
        room=current,
        changes={"use": [current.use, use]},
    )
    record(
        Action.ROOM_CHANGED,
        actor=actor,
        request=request,
        target=current.address,
        room_id=current.pk,
        use=[current.use, use],
        on=on.isoformat(),
    )
    old_use = current.use
    current.refresh_from_db()
    # Other modules' rules on a room's use (a group-rental campaign opens a case) run in this
    # transaction: the change and what follows from it are written together or not at all.
    notify(ROOM_USE_CHANGED, room=current, old_use=old_use, new_use=use, on=on, actor=actor)
    return current


def reveal_resident_data(resident: Resident, *, actor: Any, request: Any = None) -> dict[str, str]:
    """The unmasked document number and phone; every call leaves an audit record.

    The caller checks the permission (VIEW_PERSONAL_DATA) and the scope.
    """
    record(
        Action.PERSONAL_DATA_VIEWED,
        actor=actor,
        request=request,
        target=f"{resident.name}（#{resident.pk}）",
        resident_id=resident.pk,
        fields=list(PERSONAL_FIELDS),
    )
    return {"id_number": resident.id_number or "", "phone": resident.phone or ""}
