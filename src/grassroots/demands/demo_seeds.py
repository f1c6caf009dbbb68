"""A year of demands for the demo district (order 110): every channel, category and state.

Deterministic from ``context.rng``: the demo year is the twelve months before ``DEMO_END``,
so the same seed always gives the same demands. Rows are written in bulk; the rate counters
are then rebuilt from them (``tally.recount``), exactly as the services keep them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demands.demo_texts import HANDLING_NOTES, RESOLUTION_NOTES, TEXTS
from grassroots.demands.models import (
    Category,
    Channel,
    Demand,
    DemandEvent,
    DemandTask,
    DispatchLevel,
    EventKind,
    Mediation,
    Priority,
)
from grassroots.demands.services import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DemandInput,
    MoveInput,
    create_demand,
    tally,
    transition_demand,
)
from grassroots.demands.workflow import Status
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.names import ESTATE_SUFFIXES
from grassroots.kernel import crypto
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode
from grassroots.people.models import Person
from grassroots.registry.choices import IdType
from grassroots.registry.models import Resident, Room

RESIDENT_LOGIN = "resident"  # the demo login of the resident role (demo.logins)

DEMO_END = datetime.datetime(2026, 12, 1, 9, 0)  # the demo's "today", local time
DEMANDS_PER_RESIDENT = 0.1  # a year's demands, about one per ten residents
CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 35,
    Channel.GRID_REPORT: 28,
    Channel.DOOR_VISIT: 12,
    Channel.OPINION_BOX: 5,
    Channel.VILLAGE_TALK: 8,
    Channel.WEB: 12,
}
HOUR = datetime.timedelta(hours=1)
# How the disputes (矛盾纠纷) end, and what their handlers write then.
MEDIATION_NOTES = {
    Mediation.SUCCEEDED: "经调解双方达成一致，已签订调解协议",
    Mediation.FAILED: "调解未达成一致，已引导当事人申请仲裁或诉讼",
    Mediation.OTHER: "经核实不属于调解范围，已按规定办结",
}


@dataclass
class Built:
    demands: list[Demand] = field(default_factory=list)
    events: list[list[DemandEvent]] = field(default_factory=list)
    tasks: list[list[DemandTask]] = field(default_factory=list)


class DemandMaker:
    """Makes one demand and its history at a time, from one rng."""

    def __init__(self, context: DemoContext) -> None:
        self.rng: random.Random = context.rng
        self.names = context.names
        self.end = timezone.make_aware(DEMO_END)
        self.leaves = [c for c in Category.objects.filter(active=True) if c.code in TEXTS]
        self.by_path = {n.path: n for level in context.nodes.values() for n in level}
        self.paired_units = context.extra.get("paired_units", {})
        self.order_no = 0
        # Codes and order numbers are unique across the whole system: a second demo district
        # seeded with the same seed must not draw the first one's.
        self.code_rng = random.Random(f"{context.seed}:demand-codes:{context.district_code}")
        self.order_prefix = context.district_code[:6]
        # Its own stream, so linking rooms leaves every other draw of the demo as it was.
        self.room_rng = random.Random(f"{context.seed}:demand-rooms:{context.district_code}")
        self._rooms: dict[int, list[tuple[int, int, str]]] = {}

    def room_of(self, grid: OrgNode, channel: str) -> tuple[int, int, str] | None:
        """A registry room of the grid for about half the demands met at the door or in the
        grid (id, building id, address), when the registry holds the grid's rooms."""
        if channel not in (Channel.DOOR_VISIT, Channel.GRID_REPORT):
            return None
        if grid.pk not in self._rooms:
            self._rooms[grid.pk] = list(
                Room.objects.filter(grid=grid)
                .order_by("pk")
                .values_list("pk", "building_id", "address")[:80]
            )
        rooms = self._rooms[grid.pk]
        return self.room_rng.choice(rooms) if rooms and self.room_rng.random() < 0.5 else None

    def owner(self, grid: OrgNode, category: Category) -> OrgNode:
        up = {DispatchLevel.COMMUNITY: 1, DispatchLevel.STREET: 2}.get(category.dispatch_level, 0)
        return self.by_path[grid.path[: OrgNode.steplen * (grid.depth - up)]]

    def code(self) -> str:
        return "".join(self.code_rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    def make(self, grid: OrgNode, built: Built) -> None:
        rng = self.rng
        category = rng.choice(self.leaves)
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        title, text = rng.choice(TEXTS[category.code])
        place = (
            self.names.word() + rng.choice(ESTATE_SUFFIXES)
            if rng.random() < 0.7
            else self.names.road()
        )
        received = self.end - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        priority = Priority.URGENT if rng.random() < 0.08 else Priority.NORMAL
        response_h, resolve_h = category.hours(priority)
        owner = self.owner(grid, category)
        self.order_no += 1
        demand = Demand(
            code=self.code(),
            title=title.format(place=place)[:100],
            description=text.format(place=place),
            category=category,
            channel=channel,
            priority=priority,
            grid=grid,
            address=self.names.address(),
            owner_unit=owner,
            reporter_name=self.names.person(rng.choice("MF")) if rng.random() < 0.8 else "",
            hotline_order_no=f"GD{self.order_prefix}{received:%Y%m%d}{self.order_no:06d}"
            if channel == Channel.HOTLINE
            else None,
            received_at=received,
            response_due=received + response_h * HOUR,
            resolve_due=received + resolve_h * HOUR,
        )
        demand.set_reporter_phone(self.names.mobile())
        room = self.room_of(grid, channel)
        if room is not None:
            demand.room_id, demand.building_id, demand.address = room
        events = [self._event(received, "", Status.RECEIVED, "登记诉求", owner)]
        self._history(demand, events)
        built.demands.append(demand)
        built.events.append(events)
        built.tasks.append(self._tasks(demand))

    def _event(
        self, at: datetime.datetime, source: str, target: str, note: str, unit: OrgNode
    ) -> DemandEvent:
        return DemandEvent(
            kind=EventKind.TRANSITION,
            at=at,
            from_status=source,
            to_status=target,
            note=note,
            unit=unit,
            actor_name=self.names.person(self.rng.choice("MF")),
        )

    def _step(
        self,
        demand: Demand,
        events: list[DemandEvent],
        target: str,
        at: datetime.datetime,
        note: str = "",
    ) -> bool:
        """Move the demand on at ``at``, unless that is after the demo's today."""
        if at > self.end:
            return False
        events.append(self._event(at, demand.status, target, note, demand.owner_unit))
        demand.status = target
        return True

    def _history(self, demand: Demand, events: list[DemandEvent]) -> None:
        rng = self.rng
        allowed = (demand.response_due - demand.received_at).total_seconds() / 3600
        late = rng.random() < 0.08
        respond = demand.received_at + HOUR * (
            allowed * (1.2 + rng.random()) if late else allowed * rng.random() * 0.9
        )
        if demand.owner_unit.level != Level.GRID and rng.random() < 0.3:
            # The community or street hands it down to the grid it is in.
            dispatched = demand.received_at + (respond - demand.received_at) / 3
            if not self._step(demand, events, Status.DISPATCHED, dispatched, "派至网格办理"):
                return
            demand.owner_unit = demand.grid
        elif rng.random() < 0.04:
            community = self.by_path.get(demand.grid.path[: -OrgNode.steplen])
            paired = self.paired_units.get(community.pk) if community else None
            if paired is None or rng.random() >= 0.4:
                paired = None  # most go up to the community or street
            note = f"需{paired.name}协调解决" if paired else "需上级协调解决"
            if not self._step(demand, events, Status.ESCALATED, respond, note):
                return
            demand.responded_at, demand.paired_unit = respond, paired
            demand.owner_unit = (
                community
                if paired
                else self.by_path.get(demand.owner_unit.path[: -OrgNode.steplen], demand.owner_unit)
            )
            respond += HOUR * rng.uniform(1, 24)
        if not self._step(demand, events, Status.ACCEPTED, respond):
            return
        demand.responded_at = demand.responded_at or respond
        self._handle(demand, events)

    def _handle(self, demand: Demand, events: list[DemandEvent]) -> None:
        rng = self.rng
        start = demand.responded_at + HOUR * rng.uniform(0.5, 6)
        if not self._step(demand, events, Status.IN_PROGRESS, start, rng.choice(HANDLING_NOTES)):
            return
        allowed = (demand.resolve_due - demand.received_at).total_seconds() / 3600
        factor = rng.uniform(1.1, 2.5) if rng.random() < 0.12 else rng.uniform(0.1, 0.95)
        done = demand.received_at + HOUR * allowed * factor
        if rng.random() < 0.03 or not self._resolve(demand, events, max(done, start + HOUR)):
            return
        demand.resolved_at = max(done, start + HOUR)
        self._follow_up(demand, events)

    def _resolve(self, demand: Demand, events: list[DemandEvent], at: datetime.datetime) -> bool:
        """Resolve it at ``at``; a dispute's handler says how (most are mediated, most well)."""
        rng = self.rng
        if not demand.category.dispute:
            return self._step(demand, events, Status.RESOLVED, at, rng.choice(RESOLUTION_NOTES))
        outcome = rng.choices(list(MEDIATION_NOTES), weights=[75, 12, 13])[0]
        if not self._step(demand, events, Status.RESOLVED, at, MEDIATION_NOTES[outcome]):
            return False
        demand.mediation = events[-1].mediation = outcome
        return True

    def _follow_up(self, demand: Demand, events: list[DemandEvent]) -> None:
        rng = self.rng
        call = demand.resolved_at + HOUR * rng.uniform(4, 72)
        verdict = rng.choices(["satisfied", "basically", "unsatisfied"], weights=[78, 14, 8])[0]
        if not self._step(demand, events, Status.FOLLOWED_UP, call, "回访群众"):
            return
        demand.satisfaction = verdict
        if verdict == "unsatisfied" and rng.random() < 0.5:
            self._reopen(demand, events, call + HOUR)
            return
        if self._step(demand, events, Status.CLOSED, call + HOUR * rng.uniform(1, 48), "销号"):
            demand.closed_at = events[-1].at

    def _reopen(self, demand: Demand, events: list[DemandEvent], at: datetime.datetime) -> None:
        """The follow-up found it unsolved: handled again, then followed up and closed."""
        rng = self.rng
        if not self._step(demand, events, Status.REOPENED, at, "群众反映问题仍未解决"):
            return
        demand.resolved_at, demand.mediation = None, ""
        if not self._step(demand, events, Status.IN_PROGRESS, at + HOUR * 2, "重新办理"):
            return
        again = at + HOUR * rng.uniform(24, 120)
        if not self._resolve(demand, events, again):
            return
        demand.resolved_at = again
        call = again + HOUR * rng.uniform(4, 48)
        if self._step(demand, events, Status.FOLLOWED_UP, call, "再次回访"):
            demand.satisfaction = rng.choice(["satisfied", "basically", "basically"])
            if self._step(demand, events, Status.CLOSED, call + HOUR, "销号"):
                demand.closed_at = call + HOUR

    def _tasks(self, demand: Demand) -> list[DemandTask]:
        if demand.status in (Status.RECEIVED, Status.ESCALATED) or self.rng.random() > 0.3:
            return []
        due = demand.resolve_due - HOUR * 12
        done = demand.resolved_at if demand.resolved_at and demand.resolved_at < self.end else None
        return [
            DemandTask(
                action=self.rng.choice(HANDLING_NOTES).removeprefix("已"),
                assignee=self.names.person(self.rng.choice("MF")),
                due=due,
                done_at=done,
            )
        ]


def _supervise(built: Built, rng: random.Random, end: datetime.datetime) -> None:
    """The street puts some overdue open demands on its supervised list."""
    for demand in built.demands:
        # As the sweep would have: past its resolution deadline and unresolved.
        demand.overdue_marked = demand.resolved_at is None and demand.resolve_due < end
        if demand.overdue_marked and rng.random() < 0.3:
            demand.supervised_at = demand.resolve_due + HOUR * 24
            if demand.supervised_at < end:
                demand.supervision_due = demand.supervised_at + HOUR * 72
                demand.supervision_note = "逾期未办结，限期办理并报告结果"
            else:
                demand.supervised_at = None


def _grids(context: DemoContext) -> list[tuple[OrgNode, int]]:
    grids = context.nodes.get(Level.GRID, [])
    return [(grid, round(context.residents_in(grid) * DEMANDS_PER_RESIDENT)) for grid in grids]


@demo_seeder(order=110, name="demands.year")
def seed_demands(context: DemoContext) -> None:
    maker = DemandMaker(context)
    if not maker.leaves:
        return
    grids = _grids(context)
    built = Built()
    with context.progress("诉求 / demands", total=sum(n for _, n in grids)) as advance:
        for grid, count in grids:
            for _ in range(count):
                maker.make(grid, built)
            advance(count)
    _supervise(built, context.rng, maker.end)
    _write(built)


def _write(built: Built) -> None:
    rows = list(zip(built.demands, built.events, built.tasks, strict=True))
    for demand, history, _jobs in rows:
        demand.version = len(history)
    bulk.insert(Demand, built.demands)
    events: list[DemandEvent] = []
    tasks: list[DemandTask] = []
    for demand, history, jobs in rows:
        for row in [*history, *jobs]:
            row.demand = demand
        events += history
        tasks += jobs
    bulk.insert(DemandEvent, events)
    bulk.insert(DemandTask, tasks)
    tally.recount()


# The demo resident's own demands: one handled, one just in (what 我的诉求 shows).
RESIDENT_DEMANDS = (
    (
        "neighbour-noise",
        "楼上深夜装修噪音",
        "楼上这周每晚十点后还在装修，敲打声很大，老人休息不好。",
        9,
    ),
    (
        "property-leak",
        "卫生间顶部渗水",
        "卫生间天花板渗水，怀疑楼上管道漏水，请帮忙协调物业查看。",
        1,
    ),
)


@demo_seeder(order=145, name="demands.resident_login")
def seed_resident_login(context: DemoContext) -> None:
    """The demo resident login lives somewhere: its account's person is a registry resident
    of its grid (the same ID number), who reported two demands of their own. After the
    members' roster (141), so no member is given this person's ID number again."""
    account = Account.objects.filter(username=RESIDENT_LOGIN, person__isnull=True).first()
    if account is None or account.org_node_id is None:
        return
    resident = _unclaimed_adult(account.org_node_id)
    if resident is None:
        return
    person = Person(
        org_node_id=account.org_node_id,
        name=resident.name,
        gender=resident.gender,
        birth_date=resident.birth_date,
    )
    person.set_personal_data(id_number=resident.id_number, phone=resident.phone)
    person.save()
    Account.objects.filter(pk=account.pk).update(person=person, display_name=resident.name)
    room = resident.household.room
    rng = random.Random(f"{context.seed}:resident-demands:{context.district_code}")
    handler = Account.objects.filter(
        org_node_id=account.org_node_id, role_grants__role=Role.GRID_WORKER
    ).first()
    for code, title, text, days in RESIDENT_DEMANDS:
        at = timezone.make_aware(DEMO_END) - datetime.timedelta(days=days)
        category = Category.objects.filter(code=code).first()
        if category is None:
            continue
        demand = create_demand(
            data=DemandInput(
                title=title,
                description=text,
                category=category,
                channel=Channel.WEB,
                grid=room.grid,
                building=room.building,
                room=room,
                reporter_name=resident.name,
                reporter_phone=resident.phone,
            ),
            actor=account,
            now=at,
        )
        # A code from the seed, as every demo demand's: the same seed, the same demands.
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        Demand.objects.filter(pk=demand.pk).update(code=code)
        if days > 1 and handler is not None:
            for step, status in enumerate((Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED)):
                mediated = status == Status.RESOLVED and category.dispute
                transition_demand(
                    demand.pk,
                    move=MoveInput(to=status, mediation=Mediation.SUCCEEDED if mediated else ""),
                    actor=handler,
                    now=at + datetime.timedelta(hours=3 + 20 * step),
                )


def _unclaimed_adult(grid_id: int) -> Resident | None:
    """The first adult living in the grid whose ID number no person record holds yet."""
    taken = set(
        Person.objects.exclude(id_number_index=None).values_list("id_number_index", flat=True)
    )
    living = (
        Resident.objects.filter(grid_id=grid_id, household__isnull=False, id_type=IdType.CITIZEN)
        .exclude(id_number="")
        .select_related("household__room__building__estate", "household__room__grid")
        .order_by("pk")
    )
    for resident in living.iterator(chunk_size=200):
        adult = resident.age is not None and 25 <= resident.age <= 70
        if adult and crypto.blind_index(resident.id_number) not in taken:
            return resident
    return None


# --- the day the demo is opened ------------------------------------------------------------

# (title, category, hours before now it came in, the moves it has had since)
TODAY = (
    ("5号楼2单元楼道灯不亮", "municipal-light", 1, (Status.DISPATCHED,)),
    ("楼上深夜噪音扰民", "neighbour-noise", 3, ()),
    ("楼道堆放纸箱挡住通道", "fire-corridor", 30, (Status.DISPATCHED, Status.ACCEPTED)),
    (
        "小区北门下水道堵塞返味",
        "municipal-drain",
        20 * 24,
        (Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS),
    ),
)


@demo_seeder(order=112, name="demands.today")
def seed_todays_demands(context: DemoContext) -> None:
    """A few demands of the first grid dated from the moment the demo is seeded, through the
    services like any other: whoever opens the demo finds work waiting on their workbench
    (one to sign for, one to dispatch, one due within the day, one overdue), whatever the
    date. The year above ends on the fixed ``DEMO_END`` so that its figures stay the same."""
    grids = sorted(context.nodes.get(Level.GRID, []), key=lambda grid: grid.path)
    if not grids:
        return
    grid, now = grids[0], timezone.now()
    for title, code, hours, moves in TODAY:
        category = Category.objects.filter(code=code).first()
        if category is None:
            continue
        received = now - hours * HOUR
        data = DemandInput(
            title=title,
            description=title + "，请尽快处理。",
            category=category,
            channel=Channel.GRID_REPORT,
            grid=grid,
        )
        demand = create_demand(data=data, actor=None, now=received)
        for step, target in enumerate(moves, start=1):
            move = MoveInput(to=target, unit=grid if target == Status.DISPATCHED else None)
            at = received + step * HOUR / 2
            transition_demand(demand.pk, move=move, actor=None, now=at)
