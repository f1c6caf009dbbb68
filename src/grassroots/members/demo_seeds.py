"""The demo district's party members at work (order 140–141): the roster, 一联十 and contacts.

``members.roster`` puts every party member among the demo's people on the roster: grid members
mostly as 社区党员, some as 在职党员 (with the unit they work for) or 流动党员; cadres of the
street and district offices as 在职党员 of their office. A member is tied to the registry's
resident with the same ID number where there is one (the demo registry holds other people, so
this rarely happens, but the roster never makes a second record of anyone).

``members.links`` gives each member living in the district about ten households of their grid,
neighbouring rooms in one block, and a few contacts over the past months: some households not
contacted for more than 90 days, some never. A few contacts became demands (channel 党员联系),
written with their history and counted in the demands' tallies as intake would. The demo login
``member`` gets households with a 独居老人 among them and a contact turned into a demand.

Deterministic from ``context.rng`` and the demo's fixed "today" (``DEMO_END``); written in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demands.demo_seeds import DEMO_END
from grassroots.demands.demo_texts import TEXTS
from grassroots.demands.models import (
    Category,
    Channel,
    Demand,
    DemandEvent,
    DispatchLevel,
    EventKind,
    Mediation,
    Priority,
)
from grassroots.demands.services import CODE_ALPHABET, CODE_LENGTH, tally
from grassroots.demands.workflow import Status
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import Role
from grassroots.members.models import (
    DEFAULT_LINK_TARGET,
    Contact,
    ContactKind,
    HouseholdLink,
    Member,
    MemberKind,
)
from grassroots.members.services.kept import keep_last_contacts, keep_links_held
from grassroots.org.models import Level, OrgNode
from grassroots.people.models import Person
from grassroots.registry.choices import IdType, Relation
from grassroots.registry.models import Household, Resident, document_index

WORK_UNITS = (
    "区人民医院",
    "区教育局",
    "区第一中学",
    "实验小学",
    "区税务局",
    "区住房和城乡建设局",
    "区市场监督管理局",
    "国网供电公司城区供电中心",
    "农商银行城区支行",
    "区人民法院",
    "区交通运输局",
    "区疾病预防控制中心",
)
KIND_WEIGHTS = {MemberKind.COMMUNITY: 70, MemberKind.IN_SERVICE: 22, MemberKind.MOBILE: 8}
CONTACT_COUNT_WEIGHTS = {0: 12, 1: 28, 2: 32, 3: 20, 4: 8}
CONTACT_KIND_WEIGHTS = {ContactKind.VISIT: 50, ContactKind.CALL: 32, ContactKind.MESSAGE: 18}
NOTES = (
    "",
    "",
    "家中一切正常，宣传了防诈骗知识",
    "老人身体还好，叮嘱天冷注意保暖",
    "送去社区活动通知，居民表示会参加",
    "了解到孩子在外地工作，老人平时独自在家",
    "宣传了医保缴费政策",
    "居民对楼道卫生有意见，已转告网格员",
    "询问了家里用电用气安全",
    "居民反映想参加社区的老年大学",
)
# Drawn tens of thousands of times: the running totals once (the same draws as ``weights``).
_COUNTS, _COUNT_TOTALS = (
    list(CONTACT_COUNT_WEIGHTS),
    list(accumulate(CONTACT_COUNT_WEIGHTS.values())),
)
_KINDS, _KIND_TOTALS = list(CONTACT_KIND_WEIGHTS), list(accumulate(CONTACT_KIND_WEIGHTS.values()))
DEMAND_SHARE = 0.012  # of contacts, what the member heard became a demand
ELDERLY_ALONE = "|elderly_alone|"
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


# --- the roster (140) ----------------------------------------------------------------------


def _grid_for(rng: random.Random, node: OrgNode, grids: list[OrgNode]) -> int:
    """The member's grid: their own for a grid's member, else one inside their unit's area."""
    if node.level == Level.GRID:
        return node.pk
    below = [g.pk for g in grids if g.path.startswith(node.path)]
    return rng.choice(below or [g.pk for g in grids])


def _kind(rng: random.Random, post: str, level: str, login: bool) -> tuple[str, str]:
    """(kind, work unit) of one member; the demo login keeps its membership in the community."""
    if login or post.startswith("网格党支部"):
        return MemberKind.COMMUNITY, ""
    if level in (Level.DISTRICT, Level.STREET):
        return MemberKind.IN_SERVICE, ""
    if level == Level.COMMUNITY:
        return MemberKind.COMMUNITY, ""
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    return kind, rng.choice(WORK_UNITS) if kind == MemberKind.IN_SERVICE else ""


def _residents_by_document(persons: list[Person]) -> dict[int, int]:
    """The registry's resident (pk) behind each member's ID number, by the registry's index."""
    wanted = {document_index(IdType.CITIZEN, p.id_number): p.pk for p in persons if p.id_number}
    if not wanted:
        return {}
    found: dict[int, int] = {}
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        rows = Resident.objects.filter(id_number_index__in=keys[start : start + 500])
        for pk, index in rows.values_list("pk", "id_number_index"):
            found[wanted[index]] = pk
    return found


@demo_seeder(order=140, name="members.roster")
def seed_roster(context: DemoContext) -> None:
    grids = context.nodes.get(Level.GRID, [])
    if context.district is None or not grids:
        return
    rng = context.rng
    persons = list(
        Person.objects.filter(
            is_party_member=True,
            org_node__path__startswith=context.district.path,
            membership__isnull=True,
        )
        .select_related("org_node")
        .order_by("pk")
    )
    logins = set(
        Account.objects.filter(
            role_grants__role=Role.PARTY_MEMBER, person__in=[p.pk for p in persons]
        ).values_list("person_id", flat=True)
    )
    residents = _residents_by_document(persons)
    members = []
    with context.progress("党员名册 / member roster", total=len(persons)) as advance:
        for person in persons:
            node = person.org_node
            kind, unit = _kind(rng, person.post, node.level, person.pk in logins)
            if kind == MemberKind.IN_SERVICE and not unit:
                unit = f"{node.name}机关"
            members.append(
                Member(
                    person=person,
                    grid_id=_grid_for(rng, node, grids),
                    kind=kind,
                    work_unit=unit,
                    resident_id=residents.get(person.pk),
                )
            )
        bulk.insert(Member, members, advance)


# --- links and contacts (141) --------------------------------------------------------------


@dataclass
class Home:
    pk: int
    room_id: int
    estate: str
    elderly_alone: bool = False
    head: str = ""


@dataclass
class Made:
    links: list[HouseholdLink] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    raised: list[tuple[Contact, Home]] = field(default_factory=list)


def _occupied(grid_ids: list[int]) -> dict[int, list[Home]]:
    """Each grid's households with someone living there, in room order (neighbours together)."""
    households: dict[int, Home] = {}
    rows = (
        Household.objects.filter(grid_id__in=grid_ids, ended_on__isnull=True)
        .order_by("room_id", "pk")
        .values_list("pk", "grid_id", "room_id", "room__building__estate__name")
    )
    by_grid: dict[int, list[Home]] = defaultdict(list)
    for pk, grid_id, room_id, estate in rows:
        households[pk] = Home(pk, room_id, estate)
        by_grid[grid_id].append(households[pk])
    living = (
        Resident.objects.filter(grid_id__in=grid_ids, household__isnull=False)
        .order_by("household_id", "pk")
        .values_list("household_id", "name", "relation", "special_groups")
    )
    occupied: set[int] = set()
    for household_id, name, relation, groups in living:
        found = households.get(household_id)
        if found is None:
            continue
        occupied.add(household_id)
        if relation == Relation.HEAD or not found.head:
            found.head = name
        found.elderly_alone |= ELDERLY_ALONE in groups
    return {g: [h for h in hs if h.pk in occupied] for g, hs in by_grid.items()}


def _allocate(members: list[tuple[int, bool]], households: list[Home]) -> dict[int, list[Home]]:
    """Blocks of neighbouring households, about ten per member in roster order; the demo login
    (``True``) first, with a household of a 独居老人 among its own."""
    given: dict[int, list[Home]] = {}
    rest = list(households)
    for member_pk, login in members:
        if not rest:
            break
        block, rest = rest[:DEFAULT_LINK_TARGET], rest[DEFAULT_LINK_TARGET:]
        if login and not any(h.elderly_alone for h in block):
            alone = next((h for h in rest if h.elderly_alone), None)
            if alone is not None:
                rest.remove(alone)
                rest.insert(0, block.pop())
                block.append(alone)
        given[member_pk] = block
    return given


def _contact_times(
    rng: random.Random, linked: datetime.datetime, end: datetime.datetime, login: bool, index: int
) -> list[datetime.datetime]:
    """When the member got in touch, latest first: some within the month, some long ago."""
    n = rng.choices(_COUNTS, cum_weights=_COUNT_TOTALS)[0]
    if login:  # the demo login's page shows each case: recent, long quiet, never
        n = (3, 0, 1)[index % 3] if index < 3 else max(n, 1)
    latest = end - DAY * (rng.uniform(1, 60) if rng.random() < 0.75 else rng.uniform(95, 200))
    if login and index == 2:
        latest = end - DAY * rng.uniform(100, 150)
    if login and index == 0:
        latest = end - DAY * rng.uniform(2, 10)
    times = []
    at = latest.replace(hour=rng.randint(9, 19), minute=rng.randrange(60), second=0)
    for _ in range(n):
        if at < linked:
            break
        times.append(at)
        at -= DAY * rng.uniform(20, 70)
    return times


def _make(
    context: DemoContext,
    member: Member,
    block: list[Home],
    account: int | None,
    made: Made,
) -> None:
    rng = context.rng
    end = timezone.make_aware(DEMO_END)
    linked = end - DAY * rng.randint(200, 700)
    for index, household in enumerate(block):
        made.links.append(
            HouseholdLink(
                member_id=member.pk,
                household_id=household.pk,
                grid_id=member.grid_id,
                linked_on=timezone.localtime(linked).date(),
                created_by_id=None,
            )
        )
        login = account is not None
        for number, at in enumerate(_contact_times(rng, linked, end, login, index)):
            kind = rng.choices(_KINDS, cum_weights=_KIND_TOTALS)
            contact = Contact(
                member_id=member.pk,
                household_id=household.pk,
                grid_id=member.grid_id,
                kind=kind[0],
                note=rng.choice(NOTES),
                at=at,
                recorded_by_id=account,
            )
            made.contacts.append(contact)
            heard = rng.random() < DEMAND_SHARE or (login and index == 0 and number == 1)
            if heard and end - at > HOUR * 2:
                made.raised.append((contact, household))


@demo_seeder(order=141, name="members.links")
def seed_links(context: DemoContext) -> None:
    grids = context.nodes.get(Level.GRID, [])
    if not grids:
        return
    members = list(
        Member.objects.filter(grid__in=grids, links__isnull=True)
        .exclude(kind=MemberKind.MOBILE)
        .select_related("person")
        .order_by("grid_id", "pk")
    )
    accounts = dict(
        Account.objects.filter(
            role_grants__role=Role.PARTY_MEMBER, person__in=[m.person_id for m in members]
        ).values_list("person_id", "pk")
    )
    occupied = _occupied([g.pk for g in grids])
    by_grid: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        by_grid[member.grid_id].append(member)
    made = Made()
    with context.progress("一联十 / household links", total=len(by_grid)) as advance:
        for grid_id, grid_members in by_grid.items():
            grid_members.sort(key=lambda m: (m.person_id not in accounts, m.pk))
            order = [(m.pk, m.person_id in accounts) for m in grid_members]
            given = _allocate(order, occupied.get(grid_id, []))
            for member in grid_members:
                if member.pk in given:
                    _make(context, member, given[member.pk], accounts.get(member.person_id), made)
            advance(1)
    bulk.insert(HouseholdLink, made.links)
    demands = DemandsHeard(context).make(made.raised, {m.pk: m for m in members}, accounts)
    bulk.insert(Contact, made.contacts)
    keep_last_contacts(link.household_id for link in made.links)
    keep_links_held(link.member_id for link in made.links)
    context.extra["member_contact_demands"] = len(demands)


# --- demands heard on contacts -------------------------------------------------------------


class DemandsHeard:
    """Demands a member raised from what they heard (channel 党员联系), with their history as
    far as the demo's today, and the counters intake and each move would have kept."""

    def __init__(self, context: DemoContext) -> None:
        self.rng = random.Random(f"{context.seed}:member-demands:{context.district_code}")
        self.code_rng = random.Random(f"{context.seed}:member-demand-codes:{context.district_code}")
        self.end = timezone.make_aware(DEMO_END)
        self.leaves = [c for c in Category.objects.filter(active=True) if c.code in TEXTS]
        self.by_path = {n.path: n for level in context.nodes.values() for n in level}
        self.by_pk = {n.pk: n for level in context.nodes.values() for n in level}
        self.taken = set(Demand.objects.values_list("code", flat=True))

    def code(self) -> str:
        while True:
            code = "".join(self.code_rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.taken:
                self.taken.add(code)
                return code

    def owner(self, grid: OrgNode, category: Category) -> OrgNode:
        up = {DispatchLevel.COMMUNITY: 1, DispatchLevel.STREET: 2}.get(category.dispatch_level, 0)
        return self.by_path[grid.path[: OrgNode.steplen * (grid.depth - up)]]

    def make(
        self,
        raised: list[tuple[Contact, Home]],
        members: dict[int, Member],
        accounts: dict[int, int],
    ) -> list[Demand]:
        if not self.leaves or not raised:
            return []
        demands: list[Demand] = []
        events: list[list[DemandEvent]] = []
        rooms = dict(
            Household.objects.filter(pk__in=[h.pk for _, h in raised]).values_list("pk", "room_id")
        )
        addresses = dict(
            Household.objects.filter(pk__in=[h.pk for _, h in raised]).values_list(
                "pk", "room__address"
            )
        )
        for contact, household in raised:
            member = members[contact.member_id]
            demand = self._demand(contact, household, member, accounts.get(member.person_id))
            demand.room_id = rooms[household.pk]
            demand.address = addresses[household.pk][:200]
            history = self._history(demand, member)
            demand.version = len(history)
            demands.append(demand)
            events.append(history)
        bulk.insert(Demand, demands)
        rows = []
        for demand, history, (contact, _household) in zip(demands, events, raised, strict=True):
            contact.demand = demand
            for event in history:
                event.demand = demand
            rows += history
        bulk.insert(DemandEvent, rows)
        self._count(demands)
        return demands

    def _demand(
        self, contact: Contact, household: Home, member: Member, account: int | None
    ) -> Demand:
        rng = self.rng
        category = rng.choice(self.leaves)
        title, text = rng.choice(TEXTS[category.code])
        grid = self.by_pk[contact.grid_id]
        received = contact.at + HOUR * rng.uniform(0.1, 2)
        response_h, resolve_h = category.hours(Priority.NORMAL)
        demand = Demand(
            code=self.code(),
            title=title.format(place=household.estate)[:100],
            description=text.format(place=household.estate),
            category=category,
            channel=Channel.MEMBER_CONTACT,
            grid=grid,
            owner_unit=self.owner(grid, category),
            reporter_name=household.head,
            created_by_id=account,
            received_at=received,
            response_due=received + response_h * HOUR,
            resolve_due=received + resolve_h * HOUR,
            status=Status.RECEIVED,
        )
        demand.set_reporter_phone("")
        demand.overdue_marked = False
        return demand

    def _history(self, demand: Demand, member: Member) -> list[DemandEvent]:
        rng = self.rng
        first = DemandEvent(
            kind=EventKind.TRANSITION,
            at=demand.received_at,
            from_status="",
            to_status=Status.RECEIVED,
            note="党员联系群众时听到，登记诉求",
            unit=demand.owner_unit,
            actor_name=f"党员{member.person.name}",
        )
        history = [first]
        allowed = (demand.response_due - demand.received_at).total_seconds() / 3600
        at = demand.received_at + HOUR * allowed * rng.uniform(0.1, 0.9)
        steps = [
            (Status.ACCEPTED, "", 0.0),
            (Status.IN_PROGRESS, "已安排人员上门查看", rng.uniform(1, 8)),
            (Status.RESOLVED, "已处理完毕", rng.uniform(24, 120)),
            (Status.FOLLOWED_UP, "回访群众", rng.uniform(4, 48)),
            (Status.CLOSED, "销号", rng.uniform(1, 24)),
        ]
        # Most have gone the whole way by the demo's today; some are still being handled.
        taken = rng.choices([1, 2, 3, 5], weights=[1, 2, 1, 6])[0]
        for target, note, hours in steps[:taken]:
            at += HOUR * hours
            if at > self.end:
                break
            history.append(
                DemandEvent(
                    kind=EventKind.TRANSITION,
                    at=at,
                    from_status=demand.status,
                    to_status=target,
                    note=note,
                    unit=demand.owner_unit,
                    actor_name=demand.owner_unit.name,
                )
            )
            demand.status = target
            if target == Status.ACCEPTED:
                demand.responded_at = at
            elif target == Status.RESOLVED:
                demand.resolved_at = at
                if demand.category.dispute:  # members heard it, the grid talked it through
                    demand.mediation = history[-1].mediation = Mediation.SUCCEEDED
            elif target == Status.FOLLOWED_UP:
                demand.satisfaction = rng.choice(["satisfied", "satisfied", "basically"])
            elif target == Status.CLOSED:
                demand.closed_at = at
        demand.overdue_marked = demand.resolved_at is None and demand.resolve_due < self.end
        return history

    def _count(self, demands: list[Demand]) -> None:
        """What intake and each move add to the counters: the demand as received (with its
        community's count by category), then the rest of its facts."""
        received = ("received", *tally.CHANNEL_COUNTERS, *tally.STATUS_COUNTERS)
        for demand in demands:
            tally.count_received(demand)
            later = {k: v for k, v in tally.facts(demand).items() if k not in received}
            tally.bump(demand.grid_id, demand.received_at, **later)
