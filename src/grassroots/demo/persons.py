"""Core demo seeder (order 30): cadres of every unit and the party members of every grid.

Cadres: a few district cadres, five per street, a two-committee team per community (the
secretary usually also the committee director, "一肩挑"), a full-time grid worker per grid.
Party members (6 % of residents) belong to their grid and its party branch; the first of each
grid is the branch secretary. ID numbers carry the district's region code and are unique;
phones and ID numbers are encrypted and blind-indexed like any other person's.

The seeder leaves in ``context.extra["account_holders"]`` the cadre holding each unit's
working account, by (role, org node pk), for the accounts seeder.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.identity import (
    CADRE_AGES,
    MEMBER_AGES,
    IdNumberMaker,
    birth_date_for_age,
    party_joining_date,
)
from grassroots.demo.names import NameMaker
from grassroots.kernel import crypto
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode, PartyOrganization
from grassroots.people.models import Person

CHUNK = 5000
BRANCH_SECRETARY = "网格党支部书记"
MALE_SHARE_MEMBERS = 0.68
MALE_SHARE_CADRES = 0.55

# (post, always a party member, role of the unit account this cadre holds)
DISTRICT_POSTS = [
    ("区委书记", True, None),
    ("区委组织部部长", True, None),
    ("区委组织部组织科科长", True, Role.DISTRICT_ADMIN),
]
STREET_POSTS = [
    ("党工委书记", True, None),
    ("办事处主任", True, None),
    ("党工委副书记", True, None),
    ("党建办主任", True, Role.STREET_STAFF),
    ("党群服务中心主任", False, None),
]
GRID_POSTS = [("专职网格员", False, Role.GRID_WORKER)]


def community_posts(rng: random.Random, village: bool) -> list[tuple[str, bool, Role | None]]:
    committee = "村委会" if village else "居委会"
    secretary = f"党组织书记、{committee}主任" if rng.random() < 0.85 else "党组织书记"
    posts = [(secretary, True, Role.COMMUNITY_SECRETARY), ("党组织副书记", True, None)]
    if "主任" not in secretary:
        posts.append((f"{committee}主任", False, None))
    posts.append((f"{committee}副主任", False, None))
    posts += [("两委委员", False, None)] * rng.randint(2, 4)
    return posts


class PersonMaker:
    """Builds unsaved Person rows with valid, unique ID numbers and encrypted personal data."""

    def __init__(self, context: DemoContext, taken_indexes: set[str]) -> None:
        self.rng = context.rng
        self.names: NameMaker = context.names
        self.ids = IdNumberMaker(context.district_code[:6], context.rng)
        self.taken = taken_indexes

    def make(
        self,
        node: OrgNode,
        *,
        post: str,
        member: bool,
        male_share: float,
        ages: tuple[tuple[int, int, int], ...],
        branch: PartyOrganization | None,
    ) -> Person:
        rng = self.rng
        gender = "M" if rng.random() < male_share else "F"
        birth = birth_date_for_age(rng, ages)
        person = Person(
            org_node=node,
            name=self.names.person(gender),
            gender=gender,
            birth_date=birth,
            post=post,
            is_party_member=member,
            party_joined_on=party_joining_date(rng, birth) if member else None,
            party_branch=branch if member else None,
        )
        person.set_personal_data(
            id_number=self._new_id_number(birth, gender), phone=self.names.mobile()
        )
        return person

    def _new_id_number(self, birth: datetime.date, gender: str) -> str:
        # Also unique against people already in the database (the blind index is unique).
        while True:
            number = self.ids.issue(birth, gender)
            if crypto.blind_index(number) not in self.taken:
                return number


@demo_seeder(order=30, name="core.people")
def seed_people(context: DemoContext) -> None:
    taken = set(
        Person.objects.exclude(id_number_index=None).values_list("id_number_index", flat=True)
    )
    maker = PersonMaker(context, taken)
    holders: dict[tuple[str, int], Person] = {}
    cadres = _cadres(context, maker, holders)
    plan = context.plan
    total = len(cadres) + (plan.members if plan else 0)
    with context.progress("人员 / people", total=total) as advance:
        bulk.insert(Person, cadres, advance)
        members, secretaries = _members(context, maker, advance)
    _name_secretaries(context, cadres, secretaries)
    context.people = {"cadre": [p.pk for p in cadres], "member": members}
    context.extra["account_holders"] = holders


def _cadres(
    context: DemoContext, maker: PersonMaker, holders: dict[tuple[str, int], Person]
) -> list[Person]:
    rng = context.rng
    cadres: list[Person] = []
    village = {c.code: c.is_village for c in context.plan.communities()}  # type: ignore[union-attr]
    fixed = {Level.DISTRICT: DISTRICT_POSTS, Level.STREET: STREET_POSTS, Level.GRID: GRID_POSTS}
    for level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID):
        for node in context.nodes[level]:
            posts = fixed.get(level) or community_posts(rng, village[node.code])
            for post, always_member, role in posts:
                member = always_member or rng.random() < 0.6
                person = maker.make(
                    node,
                    post=post,
                    member=member,
                    male_share=MALE_SHARE_CADRES,
                    ages=CADRE_AGES,
                    branch=context.party.get(node.pk),
                )
                cadres.append(person)
                if role is not None:
                    holders[(role, node.pk)] = person
    return cadres


def _members(
    context: DemoContext, maker: PersonMaker, advance: Callable[[int], None]
) -> tuple[list[int], dict[int, str]]:
    """Party members of every grid, written in chunks as they are made.

    Returns their pks and the name of each grid's branch secretary, by grid pk.
    """
    pks: list[int] = []
    secretaries: dict[int, str] = {}
    pending: list[Person] = []
    planned = {g.code: g.members for g in context.plan.grids()}  # type: ignore[union-attr]
    for node in context.nodes[Level.GRID]:
        branch = context.party.get(node.pk)
        for index in range(planned[node.code]):
            person = maker.make(
                node,
                post=BRANCH_SECRETARY if index == 0 else "",
                member=True,
                male_share=MALE_SHARE_MEMBERS,
                ages=MEMBER_AGES,
                branch=branch,
            )
            if index == 0:
                secretaries[node.pk] = person.name
            pending.append(person)
        if len(pending) >= CHUNK:
            pks += [p.pk for p in bulk.insert(Person, pending, advance)]
            pending = []
    pks += [p.pk for p in bulk.insert(Person, pending, advance)]
    return pks, secretaries


def _name_secretaries(context: DemoContext, cadres: list[Person], leaders: dict[int, str]) -> None:
    """Each party organisation's secretary: the grid branch secretary, else the unit's first
    cadre (区委书记, 党工委书记, 党组织书记)."""
    for person in cadres:
        leaders.setdefault(person.org_node_id, person.name)
    changed = []
    for node_pk, org in context.party.items():
        if node_pk in leaders:
            org.secretary_name = leaders[node_pk]
            changed.append(org)
    PartyOrganization.objects.bulk_update(changed, ["secretary_name"], batch_size=500)
