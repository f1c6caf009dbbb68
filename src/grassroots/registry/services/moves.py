"""Moving in and out (迁入、迁出): dated stays, never an overwritten address.

A resident's stays are ``Residence`` rows; moving ends the current one on the day and starts
the next, and a household left empty is closed that day. Each move writes a ``RegistryChange``
and an audit record.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.registry.models import (
    ChangeKind,
    ChangeSource,
    Household,
    Residence,
    Resident,
    Room,
)
from grassroots.registry.services import (
    RegistryError,
    begin_stay,
    current_household,
    log_change,
)


def _end_residence(resident: Resident, on: datetime.date) -> Residence | None:
    stay = resident.residences.filter(moved_out_on__isnull=True).order_by("-pk").first()
    if stay is not None:
        if on < stay.moved_in_on:
            raise RegistryError(
                _("迁出日期不能早于迁入日期%(date)s") % {"date": stay.moved_in_on.isoformat()}
            )
        stay.moved_out_on = on
        stay.save(update_fields=["moved_out_on"])
    return stay


def _close_household_if_empty(household_id: int | None, on: datetime.date) -> None:
    if household_id and not Resident.objects.filter(household_id=household_id).exists():
        Household.objects.filter(pk=household_id, ended_on__isnull=True).update(ended_on=on)


@transaction.atomic
def move_out(
    resident: Resident,
    *,
    on: datetime.date,
    actor: Any = None,
    source: str = ChangeSource.FORM,
    request: Any = None,
) -> Resident:
    """The resident no longer lives at their address from ``on`` (迁出)."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.household_id is None:
        raise RegistryError(_("该居民当前没有登记住址"))
    stay = _end_residence(resident, on)
    old_household = resident.household_id
    Resident.objects.filter(pk=resident.pk).update(household=None, version=F("version") + 1)
    _close_household_if_empty(old_household, on)
    log_change(
        ChangeKind.MOVED_OUT,
        grid_id=resident.grid_id,
        source=source,
        actor=actor,
        on=on,
        resident=resident,
        room=stay.room if stay else None,
    )
    record(
        Action.RESIDENT_MOVED,
        actor=actor,
        request=request,
        target=resident.name,
        resident_id=resident.pk,
        moved="out",
        on=on.isoformat(),
    )
    resident.refresh_from_db()
    return resident


@transaction.atomic
def move_in(
    resident: Resident,
    *,
    room: Room,
    relation: str = "",
    on: datetime.date,
    actor: Any = None,
    source: str = ChangeSource.FORM,
    request: Any = None,
) -> Resident:
    """The resident lives in ``room`` from ``on`` (迁入); a previous stay ends that day."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    old_household = resident.household_id
    if old_household is not None:
        current_room = Household.objects.get(pk=old_household).room_id
        if current_room == room.pk:
            raise RegistryError(_("该居民已住在此房屋"))
        _end_residence(resident, on)
    household = current_household(room, on)
    begin_stay(
        resident,
        room=room,
        household=household,
        relation=relation,
        on=on,
        kind=ChangeKind.MOVED_IN,
        source=source,
        actor=actor,
    )
    Resident.objects.filter(pk=resident.pk).update(
        household=household, grid_id=room.grid_id, relation=relation, version=F("version") + 1
    )
    _close_household_if_empty(old_household, on)
    record(
        Action.RESIDENT_MOVED,
        actor=actor,
        request=request,
        target=resident.name,
        resident_id=resident.pk,
        moved="in",
        room_id=room.pk,
        on=on.isoformat(),
    )
    resident.refresh_from_db()
    return resident
