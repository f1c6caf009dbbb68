"""Demo sweeps (order 110, after the registry's rooms and residents at 100).

Over the whole demo district: 2026年第三季度扫楼, finished, nearly every room visited; and
2026年第四季度扫楼, running, some of it visited, hazards found (some rectified). A little
fabrication is planted so the data-quality view shows each kind of flag: a worker racing
through rooms, a night of bulk entries, households copied from the last sweep, two residents
whose records contradict their ID numbers (a direct edit, as old data would have it) and two
vacant rooms with residents. Visits and hazards are written in bulk; the few registry changes
go through the registry's services. A district without rooms is left without sweeps.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from grassroots.accounts.models import Account
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import ChangeSource, Resident, Room
from grassroots.registry.services import change_room_use
from grassroots.sweeps.choices import CampaignStatus, HazardKind, HazardStatus, VisitOutcome
from grassroots.sweeps.models import Campaign, CampaignChange, Hazard, HazardChange, Visit
from grassroots.sweeps.services import ensure_tasks

TZ = ZoneInfo(settings.TIME_ZONE)
Q3 = ("2026年第三季度扫楼", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
Q4 = ("2026年第四季度扫楼", datetime.date(2026, 10, 8), datetime.date(2026, 12, 31))
NOTES = (
    "户主在家，信息已核实",
    "与租户核对身份证",
    "老人独居，已留联系卡",
    "家中有人，人员无变化",
    "已告知消防安全注意事项",
    "核对了户口簿",
)
HAZARD_NOTES = {
    HazardKind.BLOCKED_EXIT: "楼道堆放杂物",
    HazardKind.EBIKE_CHARGING: "电动车推入室内充电",
    HazardKind.GROUP_RENTAL_PARTITION: "客厅隔出两间出租",
    HazardKind.ILLEGAL_WIRING: "飞线充电",
    HazardKind.GAS: "燃气软管老化",
    HazardKind.OTHER: "窗外花盆未固定",
}


def _workers(grids: list[int]) -> dict[int, int]:
    """The grid worker's account of each grid (the first one, by id)."""
    found: dict[int, int] = {}
    for node_id, pk in (
        Account.objects.filter(org_node_id__in=grids, role_grants__role=Role.GRID_WORKER)
        .order_by("pk")
        .values_list("org_node_id", "pk")
    ):
        found.setdefault(node_id, pk)
    return found


def _campaign(district: Any, spec: tuple, status: str) -> Campaign:
    name, starts, ends = spec
    campaign = Campaign.objects.create(
        node=district, name=name, starts_on=starts, ends_on=ends, status=status
    )
    ensure_tasks(campaign)
    steps = [("", CampaignStatus.PLANNED), (CampaignStatus.PLANNED, CampaignStatus.RUNNING)]
    if status == CampaignStatus.FINISHED:
        steps.append((CampaignStatus.RUNNING, CampaignStatus.FINISHED))
    CampaignChange.objects.bulk_create(
        CampaignChange(campaign=campaign, from_status=a, to_status=b) for a, b in steps
    )
    return campaign


class Plan:
    """The district's rooms by grid, who lives in each, and a worker per grid."""

    def __init__(self, context: DemoContext) -> None:
        self.rng = context.rng
        district = context.district
        self.key_rng = random.Random(f"{context.seed}:visit-keys:{context.district_code}")
        rooms = (
            Room.objects.filter(grid__path__within=district.path)
            .order_by("grid__path", "address", "pk")
            .values_list("pk", "grid_id", "use")
        )
        self.rooms: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pk, grid_id, use in rooms:
            self.rooms[grid_id].append((pk, use))
        self.present: dict[int, list[int]] = defaultdict(list)
        for room_id, pk in (
            Resident.objects.filter(grid__path__within=district.path, household__isnull=False)
            .order_by("pk")
            .values_list("household__room_id", "pk")
        ):
            self.present[room_id].append(pk)
        self.workers = _workers(list(self.rooms))

    def key(self) -> uuid.UUID:
        # Keys are unique across the system: a second district seeded alike draws its own.
        return uuid.UUID(int=self.key_rng.getrandbits(128), version=4)

    def visit(
        self,
        campaign: Campaign,
        grid_id: int,
        room: tuple[int, str],
        at: datetime.datetime,
        note: str,
    ) -> Visit:
        pk, use = room
        visit = Visit(
            key=self.key(),
            campaign=campaign,
            grid_id=grid_id,
            room_id=pk,
            worker_id=self.workers[grid_id],
            outcome=VisitOutcome.MET,
            room_use=use,
            note=note,
            residents={"present": self.present.get(pk, []), "moved_out": [], "added": []},
        )
        visit.set_time(at)
        return visit


def _at(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=TZ) + datetime.timedelta(
        minutes=minutes
    )


def _sweep(plan: Plan, campaign: Campaign, share: float, note_share: float) -> list[Visit]:
    """Visits of ``share`` of each grid's rooms, 30 a day from 9:00, 12 minutes apart."""
    visits = []
    for grid_id, rooms in plan.rooms.items():
        if grid_id not in plan.workers:
            continue
        chosen = [r for r in rooms if plan.rng.random() < share]
        for i, room in enumerate(chosen):
            day = campaign.starts_on + datetime.timedelta(days=i // 30)
            note = plan.rng.choice(NOTES) if plan.rng.random() < note_share else ""
            visits.append(plan.visit(campaign, grid_id, room, _at(day, (i % 30) * 12), note))
    return visits


def _hazards(plan: Plan, visits: list[Visit]) -> None:
    """Hazards in about one visit in twenty-five; two in five of them already rectified."""
    hazards, rectified = [], []
    for visit in visits:
        if plan.rng.random() >= 0.04:
            continue
        kind = plan.rng.choice(HazardKind.values)
        hazard = Hazard(
            campaign_id=visit.campaign_id,
            visit=visit,
            grid_id=visit.grid_id,
            room_id=visit.room_id,
            kind=kind,
            note=HAZARD_NOTES[kind],
            found_at=visit.visited_at,
        )
        if plan.rng.random() < 0.4:
            hazard.status = HazardStatus.RECTIFIED
            hazard.rectified_on = visit.visited_at.date() + datetime.timedelta(days=7)
            hazard.rectification_note = "已督促整改并复查"
            rectified.append(hazard)
        hazards.append(hazard)
    bulk.insert(Hazard, hazards)
    changes = [
        HazardChange(
            hazard=h,
            grid_id=h.grid_id,
            to_status=HazardStatus.OPEN,
            on=h.found_at.date(),
            note=h.note,
        )
        for h in hazards
    ]
    changes += [
        HazardChange(
            hazard=h,
            grid_id=h.grid_id,
            from_status=HazardStatus.OPEN,
            to_status=HazardStatus.RECTIFIED,
            on=h.rectified_on,
            note=h.rectification_note,
        )
        for h in rectified
    ]
    bulk.insert(HazardChange, changes)


def _fabrication(plan: Plan, campaign: Campaign) -> list[Visit]:
    """What the quality view is there to catch, in the first grids that have a worker."""
    grids = [g for g in plan.rooms if g in plan.workers][:3]
    if not grids:
        return []
    visits = []
    racing = plan.rooms[grids[0]]
    for i in range(settings.SWEEP_PACE_MAX_ROOMS + 5):  # 25 rooms in eight minutes
        at = _at(datetime.date(2026, 11, 20), 20) + datetime.timedelta(seconds=20 * i)
        visits.append(plan.visit(campaign, grids[0], racing[i % len(racing)], at, "核实"))
    night = plan.rooms[grids[-1]]
    for i in range(settings.SWEEP_OFF_HOURS_MIN_VISITS + 1):  # a night of bulk entries
        at = _at(datetime.date(2026, 11, 21), 14 * 60 + 5 * i)  # from 23:00
        visits.append(plan.visit(campaign, grids[-1], night[i % len(night)], at, "补录"))
    copied = plan.rooms[grids[len(grids) // 2]][-6:]  # unchanged, no photo, note or hazard
    for i, room in enumerate(copied):
        visits.append(
            plan.visit(
                campaign, grids[len(grids) // 2], room, _at(datetime.date(2026, 11, 22), 30 * i), ""
            )
        )
    return visits


def _contradictions(plan: Plan, district: Any) -> None:
    """Two records at odds with their ID numbers (as old data has them: a direct edit, which
    the registry's services would refuse), and two occupied rooms marked vacant."""
    people = list(
        Resident.objects.filter(
            grid__path__within=district.path, household__isnull=False, id_type="citizen"
        )
        .exclude(id_number="")
        .order_by("pk")[:2]
    )
    if people:
        Resident.objects.filter(pk=people[0].pk).update(
            gender="F" if people[0].gender == "M" else "M"
        )
    if len(people) > 1:
        birth = people[1].birth_date or datetime.date(1960, 1, 1)
        Resident.objects.filter(pk=people[1].pk).update(
            birth_date=birth + datetime.timedelta(days=400)
        )
    occupied = [room for room, present in plan.present.items() if present][-2:]
    for room in Room.objects.filter(pk__in=occupied).order_by("pk"):
        change_room_use(
            room, use=RoomUse.VACANT, on=datetime.date(2026, 11, 23), source=ChangeSource.SWEEP
        )


@demo_seeder(order=110, name="sweeps.campaigns")
def seed_sweeps(context: DemoContext) -> None:
    plan = Plan(context)
    if not plan.rooms or not plan.workers:
        return  # no registry yet: nothing to sweep
    district = context.district
    q3 = _campaign(district, Q3, CampaignStatus.FINISHED)
    q4 = _campaign(district, Q4, CampaignStatus.RUNNING)
    batches = [_sweep(plan, q3, 0.97, 0.6), _sweep(plan, q4, 0.55, 1.0), _fabrication(plan, q4)]
    total = sum(len(b) for b in batches)
    with context.progress("扫楼走访 / sweep visits", total=total) as advance:
        for batch in batches:
            bulk.insert(Visit, batch, advance)
    _hazards(plan, batches[1])
    _contradictions(plan, district)
