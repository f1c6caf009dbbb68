"""A small registry and roster for the 一联十 tests: households in estates and buildings, and
members living in some of them."""

from __future__ import annotations

import datetime

from grassroots.members.models import Member, MemberKind
from grassroots.org.models import OrgNode
from grassroots.people.models import Person
from grassroots.registry.choices import Relation
from grassroots.registry.models import Household
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

DAY = datetime.date(2026, 9, 1)


def household(
    grid: OrgNode,
    estate: str,
    building: str,
    number: str,
    *,
    head: str = "",
    unit: str = "1单元",
) -> Household:
    """An occupied household: a room with its head living in it."""
    room = ensure_room(grid=grid, estate=estate, building=building, unit=unit, number=number)
    data = ResidentData(name=head or f"户主{number}", gender="M", relation=Relation.HEAD)
    return register_resident(room=room, data=data, on=DAY).household


def empty_household(grid: OrgNode, estate: str, building: str, number: str) -> Household:
    """A household whose room nobody lives in any more (still open in the registry)."""
    room = ensure_room(grid=grid, estate=estate, building=building, unit="1单元", number=number)
    return Household.objects.create(grid_id=grid.pk, room=room, started_on=DAY)


def member(grid: OrgNode, name: str, home: Household | None = None) -> Member:
    """A party member living in ``grid``; with ``home``, registered as living in it."""
    person = Person.objects.create(org_node=grid, name=name, gender="M", is_party_member=True)
    resident = None
    if home is not None:
        data = ResidentData(name=name, gender="M", relation=Relation.SPOUSE)
        resident = register_resident(room=home.room, data=data, on=DAY)
    return Member.objects.create(
        person=person, grid=grid, resident=resident, kind=MemberKind.COMMUNITY
    )
