"""Honest data (杜绝数据掺水分): what a supervisor should look at in a campaign.

Five kinds of flag, each pointing at the records behind it:

- ``pace``: one worker recorded more than ``SWEEP_PACE_MAX_ROOMS`` visits within
  ``SWEEP_PACE_WINDOW_MINUTES``, by the visits' own times (a sliding window per worker);
  overlapping windows are merged into one burst.
- ``off_hours``: ``SWEEP_OFF_HOURS_MIN_VISITS`` or more visits by one worker on one day at
  times outside ``SWEEP_WORK_HOURS`` (local time).
- ``copied``: a household copied from the last sweep without a visit. A visit of this campaign
  counts as copied when the room's latest visit in an earlier campaign recorded exactly the
  same residents living there and the same room use, nobody moved in or out, and this visit
  carries no photo, no hazard and no note: nothing shows that anyone was at the door.
- ``id_mismatch``: a resident living in the subtree whose ID number gives another birth date
  or gender than the record (or is no valid number at all). The registry's services refuse
  such entries; they come from older data or direct edits.
- ``vacant_occupied``: a room recorded as 空置 (vacant) with residents registered in it.

Each is a few queries over the campaign's visits or subtree, never one per room, and only over
what the reader sees: a street reading its district's campaign gets its own street's flags.
``user`` None is the operator's command line (the whole campaign).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Window,
)
from django.db.models.functions import Lag, RowNumber

from grassroots.kernel.idnumbers import IdNumberError
from grassroots.registry.choices import IdType, RoomUse
from grassroots.registry.iddocs import check_document
from grassroots.registry.models import Resident, Room
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.models import Campaign, Hazard, Visit
from grassroots.sweeps.selectors import rows_seen_by

DATED_DOCUMENTS = (IdType.CITIZEN, IdType.HMT_RESIDENCE, IdType.FOREIGN_PERMANENT)
MAX_FLAGS = 200  # per kind: a supervisor reads the first ones; the count says how many


@dataclass
class Burst:
    worker_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    visits: int


@dataclass
class OffHoursDay:
    worker_id: int
    day: datetime.date
    visits: int


@dataclass
class Mismatch:
    resident_id: int
    name: str
    room_id: int | None
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    pace: list[Burst]
    off_hours: list[OffHoursDay]
    copied: list[Visit]
    id_mismatch: list[Mismatch]
    vacant_occupied: list[Room]

    @property
    def total(self) -> int:
        return sum(
            len(x)
            for x in (
                self.pace,
                self.off_hours,
                self.copied,
                self.id_mismatch,
                self.vacant_occupied,
            )
        )


def thresholds() -> dict[str, Any]:
    return {
        "pace_rooms": settings.SWEEP_PACE_MAX_ROOMS,
        "pace_minutes": settings.SWEEP_PACE_WINDOW_MINUTES,
        "work_start": settings.SWEEP_WORK_HOURS[0],
        "work_end": settings.SWEEP_WORK_HOURS[1],
        "off_hours_visits": settings.SWEEP_OFF_HOURS_MIN_VISITS,
    }


def fast_bursts(campaign: Campaign, user: Any) -> list[Burst]:
    """Runs of visits where visit k and visit k-N (N = the allowed number) of one worker lie
    within the window: N+1 rooms, more than allowed. The window function finds the visits
    that end such a run; only those leave the database, and are merged into bursts here."""
    allowed = settings.SWEEP_PACE_MAX_ROOMS
    window = datetime.timedelta(minutes=settings.SWEEP_PACE_WINDOW_MINUTES)
    per_worker = {"partition_by": [F("worker_id")], "order_by": [F("visited_at"), F("pk")]}
    rows = (
        rows_seen_by(Visit, user)
        .filter(campaign=campaign)
        .order_by()
        .annotate(
            earlier=Window(Lag("visited_at", offset=allowed), **per_worker),
            n=Window(RowNumber(), **per_worker),
        )
        .filter(
            earlier__gte=ExpressionWrapper(F("visited_at") - window, output_field=DateTimeField())
        )
        .values_list("worker_id", "n", "earlier", "visited_at")
    )
    bursts: list[tuple[int, int, int, datetime.datetime, datetime.datetime]] = []
    for worker_id, n, earlier, at in sorted(rows, key=lambda r: (r[0], r[1])):
        start = n - allowed
        last = bursts[-1] if bursts else None
        if last and last[0] == worker_id and start <= last[2]:
            bursts[-1] = (worker_id, last[1], n, last[3], at)
        else:
            bursts.append((worker_id, start, n, earlier, at))
    return [
        Burst(worker_id=w, starts_at=s, ends_at=e, visits=end - begin + 1)
        for w, begin, end, s, e in bursts[:MAX_FLAGS]
    ]


def off_hours_days(campaign: Campaign, user: Any) -> list[OffHoursDay]:
    start, end = settings.SWEEP_WORK_HOURS
    rows = (
        rows_seen_by(Visit, user)
        .filter(campaign=campaign)
        .order_by()
        .filter(Q(visited_hour__lt=start) | Q(visited_hour__gte=end))
        .values("worker_id", "visited_on")
        .annotate(visits=Count("pk"))
        .filter(visits__gte=settings.SWEEP_OFF_HOURS_MIN_VISITS)
        .order_by("visited_on", "worker_id")
    )
    return [
        OffHoursDay(worker_id=row["worker_id"], day=row["visited_on"], visits=row["visits"])
        for row in rows[:MAX_FLAGS]
    ]


def copied_visits(campaign: Campaign, user: Any) -> list[Visit]:
    """Visits that only repeat the room's previous sweep (see the module docstring)."""
    bare = (
        rows_seen_by(Visit, user)
        .filter(campaign=campaign, outcome=VisitOutcome.MET, note="", photo="")
        .filter(~Exists(Hazard.objects.filter(visit=OuterRef("pk"))))
    )
    candidates = [
        v
        for v in bare.select_related("room", "worker").order_by("visited_at", "pk")
        if not v.residents.get("moved_out") and not v.residents.get("added")
    ]
    if not candidates:
        return []
    earlier = (
        Visit.objects.filter(
            room__in=bare.values("room_id"),
            outcome=VisitOutcome.MET,
            campaign__starts_on__lt=campaign.starts_on,
        )
        .exclude(campaign=campaign)
        .order_by("room_id", "visited_at", "pk")
        .values_list("room_id", "room_use", "residents")
    )
    previous = {
        room_id: (use, sorted(residents.get("present", []))) for room_id, use, residents in earlier
    }  # the latest visit of each room wins
    return [v for v in candidates if previous.get(v.room_id) == (v.room_use, v.present_ids)][
        :MAX_FLAGS
    ]


def _document_problems(
    id_type: str, number: str, gender: str, birth: datetime.date | None
) -> list[str]:
    try:
        document = check_document(id_type, number)
    except IdNumberError as error:
        return [str(error)]
    problems = []
    if document.gender and gender and document.gender != gender:
        problems.append("gender")
    if document.birth_date and birth and birth != document.birth_date:
        problems.append("birth_date")
    return problems


def id_mismatches(campaign: Campaign, user: Any) -> tuple[list[Mismatch], int]:
    """Residents living in the subtree whose ID number contradicts their record; the first
    ``MAX_FLAGS`` and how many there are."""
    rows = (
        rows_seen_by(Resident, user)
        .filter(
            grid__path__within=campaign.node.path,
            household__isnull=False,
            id_type__in=DATED_DOCUMENTS,
        )
        .exclude(id_number="")
        .order_by("pk")
        .values_list(
            "pk", "name", "id_type", "id_number", "gender", "birth_date", "household__room_id"
        )
    )
    found: list[Mismatch] = []
    total = 0
    for pk, name, id_type, number, gender, birth, room_id in rows.iterator(chunk_size=2000):
        if not number:
            continue
        problems = _document_problems(id_type, number, gender, birth)
        if problems:
            total += 1
            if len(found) < MAX_FLAGS:
                found.append(
                    Mismatch(resident_id=pk, name=name, room_id=room_id, problems=problems)
                )
    return found, total


def vacant_occupied(campaign: Campaign, user: Any) -> list[Room]:
    return list(
        rows_seen_by(Room, user)
        .filter(grid__path__within=campaign.node.path, use=RoomUse.VACANT)
        .annotate(residents=Count("households__residents"))
        .filter(residents__gt=0)
        .select_related("grid")
        .order_by("address")[:MAX_FLAGS]
    )


def quality_report(campaign: Campaign, user: Any) -> tuple[Report, int]:
    """All five kinds of flag, and the number of ID mismatches beyond the ones listed."""
    mismatches, mismatch_total = id_mismatches(campaign, user)
    report = Report(
        pace=fast_bursts(campaign, user),
        off_hours=off_hours_days(campaign, user),
        copied=copied_visits(campaign, user),
        id_mismatch=mismatches,
        vacant_occupied=vacant_occupied(campaign, user),
    )
    return report, mismatch_total
