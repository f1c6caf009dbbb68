"""Recording a visit (记录入户走访): once, whatever the number of times the phone sends it.

``record_visit`` takes what the grid worker entered on the phone (a ``VisitEntry``) and, in one
transaction: stores the visit under its idempotency key (a repeat returns the first visit, it
never makes a second), changes the room's use, moves out those no longer living there,
registers the new residents, and opens the hazards found, all through the registry's services
with ``source=SWEEP`` so the registry keeps its own dated history.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.registry.models import ChangeSource, Resident, Room
from grassroots.registry.services import (
    DuplicateDocument,
    RegistryError,
    change_room_use,
    register_resident,
)
from grassroots.registry.services.moves import move_out
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.choices import CampaignStatus, HazardStatus, VisitOutcome
from grassroots.sweeps.models import Hazard, HazardChange, SweepTask, Visit
from grassroots.sweeps.photos import Photo
from grassroots.sweeps.services import SweepError

CLOCK_SKEW = datetime.timedelta(minutes=10)  # a phone's clock may run a little fast


class VisitConflict(SweepError):
    """The entry cannot be applied to the registry as it stands now (HTTP 409)."""


@dataclass
class HazardEntry:
    kind: str
    note: str = ""
    photo: Photo | None = None


@dataclass
class VisitEntry:
    """One visit as entered on the phone, validated field by field by the caller."""

    key: uuid.UUID
    room: Room
    visited_at: datetime.datetime
    room_use: str
    outcome: str = VisitOutcome.MET
    confirmed: list[int] = field(default_factory=list)
    moved_out: list[int] = field(default_factory=list)
    new_residents: list[ResidentData] = field(default_factory=list)
    hazards: list[HazardEntry] = field(default_factory=list)
    note: str = ""
    photo: Photo | None = None


@dataclass
class RecordedVisit:
    visit: Visit
    created: bool


def _check_entry(task: SweepTask, entry: VisitEntry, current: set[int]) -> None:
    campaign = task.campaign
    if campaign.status != CampaignStatus.RUNNING:
        raise VisitConflict(
            _("扫楼任务“%(name)s”%(status)s，不能再记录走访")
            % {"name": campaign.name, "status": campaign.get_status_display()}
        )
    if entry.room.grid_id != task.grid_id:
        raise SweepError(_("该房屋不属于本网格的扫楼任务"), field="room")
    if entry.visited_at > timezone.now() + CLOCK_SKEW:
        raise SweepError(_("走访时间晚于当前时间，请检查手机时间"), field="visited_at")
    day = timezone.localdate(entry.visited_at)
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise SweepError(
            _("走访时间不在扫楼任务的起止日期（%(start)s至%(end)s）内")
            % {"start": campaign.starts_on, "end": campaign.ends_on},
            field="visited_at",
        )
    both = set(entry.confirmed) & set(entry.moved_out)
    if both:
        raise SweepError(_("同一居民不能既确认在住又标记迁出"), field="moved_out")
    if entry.outcome == VisitOutcome.NO_ANSWER and (
        entry.confirmed or entry.moved_out or entry.new_residents
    ):
        raise SweepError(_("无人在家时不能确认、迁出或新增居民"), field="outcome")
    gone = (set(entry.confirmed) | set(entry.moved_out)) - current
    if gone:
        raise VisitConflict(
            _("有居民已不在该房屋登记（可能已被他人修改），请刷新后重新走访"), field="confirmed"
        )


def find_recorded(key: uuid.UUID, room: Room, worker: Any) -> RecordedVisit | None:
    """The visit already recorded under ``key``, if any; the key of another room's or another
    worker's visit is a conflict."""
    visit = Visit.objects.filter(key=key).first()
    if visit is None:
        return None
    if visit.room_id != room.pk or visit.worker_id != worker.pk:
        raise VisitConflict(_("该幂等键已用于另一次走访"), field="key")
    return RecordedVisit(visit=visit, created=False)


def record_visit(
    *, task: SweepTask, entry: VisitEntry, worker: Any, request: Any = None
) -> RecordedVisit:
    """Record one visit of ``entry.room`` in ``task``'s campaign; a repeated key returns the
    visit first recorded under it."""
    earlier = find_recorded(entry.key, entry.room, worker)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            return RecordedVisit(visit=_apply(task, entry, worker, request), created=True)
    except IntegrityError:
        # The same entry arrived twice at once: the other request stored it first.
        earlier = find_recorded(entry.key, entry.room, worker)
        if earlier is not None:
            return earlier
        raise


def _apply(task: SweepTask, entry: VisitEntry, worker: Any, request: Any) -> Visit:
    room = Room.objects.select_for_update().get(pk=entry.room.pk)
    current = set(Resident.objects.filter(household__room=room).values_list("pk", flat=True))
    _check_entry(task, entry, current)
    use = entry.room_use if entry.outcome == VisitOutcome.MET else room.use
    visit = Visit(
        key=entry.key,
        campaign=task.campaign,
        grid_id=room.grid_id,
        room=room,
        worker=worker,
        outcome=entry.outcome,
        room_use=use,
        note=entry.note.strip()[:500],
    )
    visit.set_time(entry.visited_at)
    if entry.photo is not None:
        upload = entry.photo.as_file()
        visit.photo.save(upload.name, upload, save=False)
    visit.save()  # the unique key is taken before anything else is written
    day = timezone.localdate(entry.visited_at)
    if use != room.use:
        change_room_use(
            room, use=use, on=day, actor=worker, source=ChangeSource.SWEEP, request=request
        )
    added = _change_residents(room, entry, worker, day, request)
    visit.residents = {
        "present": sorted(set(entry.confirmed) | set(added)),
        "moved_out": sorted(entry.moved_out),
        "added": added,
    }
    visit.save(update_fields=["residents"])
    _open_hazards(visit, entry.hazards, worker)
    record(
        Action.SWEEP_VISIT_RECORDED,
        actor=worker,
        request=request,
        target=room.address,
        visit_id=visit.pk,
        campaign_id=task.campaign_id,
        room_id=room.pk,
        # Not ``outcome``: that is the record's own 成功/失败, which a visit never changes.
        visit_outcome=entry.outcome,
        hazards=len(entry.hazards),
        added=len(added),
        moved_out=len(entry.moved_out),
    )
    return visit


def _change_residents(
    room: Room, entry: VisitEntry, worker: Any, day: datetime.date, request: Any
) -> list[int]:
    for resident in Resident.objects.filter(pk__in=entry.moved_out).order_by("pk"):
        try:
            move_out(resident, on=day, actor=worker, source=ChangeSource.SWEEP, request=request)
        except RegistryError as error:
            raise VisitConflict(str(error), field="moved_out") from error
    added = []
    for index, data in enumerate(entry.new_residents):
        try:
            resident = register_resident(
                room=room,
                data=data,
                actor=worker,
                on=day,
                source=ChangeSource.SWEEP,
                request=request,
            )
        except DuplicateDocument as error:
            raise VisitConflict(str(error), field=f"new_residents.{index}.id_number") from error
        except RegistryError as error:
            raise SweepError(str(error), field=f"new_residents.{index}") from error
        added.append(resident.pk)
    return added


def _open_hazards(visit: Visit, hazards: list[HazardEntry], worker: Any) -> None:
    day = timezone.localdate(visit.visited_at)
    for entry in hazards:
        hazard = Hazard(
            campaign_id=visit.campaign_id,
            visit=visit,
            grid_id=visit.grid_id,
            room_id=visit.room_id,
            kind=entry.kind,
            note=entry.note.strip()[:500],
            found_at=visit.visited_at,
        )
        if entry.photo is not None:
            upload = entry.photo.as_file()
            hazard.photo.save(upload.name, upload, save=False)
        hazard.save()
        HazardChange.objects.create(
            hazard=hazard,
            grid_id=visit.grid_id,
            actor=worker,
            to_status=HazardStatus.OPEN,
            on=day,
            note=hazard.note,
        )
