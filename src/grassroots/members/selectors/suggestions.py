"""The 一联十 suggestion: fill each member of a community up to the target with the unlinked
occupied households nearest their own home.

Nearest means, in this order:

1. the same building (楼栋) as the member's home;
2. the same estate (小区);
3. the same grid (网格) as the member (``Member.grid``, where the roster says they live).

It stops at the grid: households of a grid that has too few members are left unlinked, on
the page, for the secretary to give by hand to a member of a neighbouring grid. A neighbour
three streets away is no neighbour, and links across grids blur each grid's coverage.

A member's home is their registry record's current household's room (``Member.resident →
Resident.household → room → building → estate``). A member with no registry record, or whose
record has moved away or lies outside the community, takes part in the grid step only. In the
registry an estate is the part of an estate that lies in one grid, so the three steps nest:
building within estate within grid.

A household is *occupied* when someone lives there today: some ``Resident.household`` points
at it. That column is where each resident lives now (a move out clears it in the same
transaction that ends the dated ``Residence``), and it has its own index; an open
``Residence`` says the same through an index that starts from the resident, not the
household. A household closed (``ended_on``) is never suggested.

Within each step the members sharing the building (estate, grid) take turns, one household
each per turn, in the order of their names (then ids), so two neighbours share their building
instead of the first taking it all; the households go in address order (estate, building,
unit, room number read as a number, id). No household is proposed twice, a member is never
proposed their own household, and a member at or above the target gets nothing. The same
registry gives the same suggestion.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from grassroots.members.models import DEFAULT_LINK_TARGET, HouseholdLink, LinkTarget, Member
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Household, Resident

BUILDING, ESTATE, GRID = "building", "estate", "grid"
STEPS = (BUILDING, ESTATE, GRID)


@dataclass(frozen=True)
class Proposal:
    """One proposed link: a member and a household, and which step found it."""

    member_id: int
    member_name: str
    grid_id: int  # the member's
    household_id: int
    address: str
    step: str  # BUILDING, ESTATE or GRID


@dataclass
class _Member:
    pk: int
    name: str
    grid_id: int
    home_household: int | None
    building_id: int | None
    estate_id: int | None
    need: int


@dataclass(frozen=True)
class _Household:
    pk: int
    grid_id: int
    building_id: int
    estate_id: int
    address: str


def link_target(user: Any, community: OrgNode) -> int:
    """How many households each member of ``community`` keeps in touch with."""
    found = (
        LinkTarget.objects.visible_to(user)
        .filter(community=community)
        .values_list("households", flat=True)
        .first()
    )
    return DEFAULT_LINK_TARGET if found is None else found


def community_grids(user: Any, community: OrgNode) -> QuerySet[OrgNode]:
    """The grids of ``community`` the user sees, by code."""
    return (
        OrgNode.objects.visible_to(user)
        .filter(path__startswith=community.path, level=Level.GRID)
        .order_by("code")
    )


def occupied(households: QuerySet[Household]) -> QuerySet[Household]:
    """The households of ``households`` someone lives in today (still open, a resident in)."""
    living = Resident.objects.filter(household_id=OuterRef("pk"))
    return households.filter(ended_on__isnull=True).filter(Exists(living))


def current_links() -> QuerySet[HouseholdLink]:
    return HouseholdLink.objects.filter(ended_on__isnull=True)


def unlinked(households: QuerySet[Household]) -> QuerySet[Household]:
    """The households of ``households`` no member is linked to now."""
    return households.exclude(Exists(current_links().filter(household_id=OuterRef("pk"))))


_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=65536)  # a community repeats its estate, building and unit names
def _natural(text: str) -> tuple:
    """'1单元 1002' after '1单元 201': numbers inside a room number compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text) if p)


def _candidates(user: Any, grid_ids: list[int]) -> list[_Household]:
    rows = (
        unlinked(occupied(Household.objects.visible_to(user).filter(grid_id__in=grid_ids)))
        .order_by()
        .values_list(
            "pk",
            "grid_id",
            "room__building_id",
            "room__building__estate_id",
            "room__building__estate__name",
            "room__building__name",
            "room__unit",
            "room__number",
            "room__address",
        )
    )
    ordered = sorted(
        rows, key=lambda r: (_natural(r[4]), _natural(r[5]), _natural(r[6]), _natural(r[7]), r[0])
    )
    return [_Household(r[0], r[1], r[2], r[3], r[8]) for r in ordered]


def _members(user: Any, grid_ids: list[int], target: int) -> list[_Member]:
    members = Member.objects.visible_to(user).filter(grid_id__in=grid_ids)
    counts = dict(
        current_links()
        .filter(member__in=members.values("pk"))
        .order_by()
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    rows = members.order_by().values_list(
        "pk",
        "person__name",
        "grid_id",
        "resident__household_id",
        "resident__household__grid_id",
        "resident__household__room__building_id",
        "resident__household__room__building__estate_id",
    )
    inside = set(grid_ids)
    found = []
    for pk, name, grid_id, home, home_grid, building_id, estate_id in rows:
        at_home = home is not None and home_grid in inside
        found.append(
            _Member(
                pk=pk,
                name=name,
                grid_id=grid_id,
                home_household=home,
                building_id=building_id if at_home else None,
                estate_id=estate_id if at_home else None,
                need=max(target - counts.get(pk, 0), 0),
            )
        )
    found.sort(key=lambda m: (m.name, m.pk))
    return found


class _Pool:
    """The households of one building (estate, grid) in address order, handed out in turns;
    ``taken`` is shared by every pool, so a household goes to one member only."""

    def __init__(self, households: list[_Household], taken: set[int]) -> None:
        self.households = households
        self.taken = taken
        self.next = 0

    def take(self, member: _Member) -> _Household | None:
        while self.next < len(self.households) and self.households[self.next].pk in self.taken:
            self.next += 1
        for index in range(self.next, len(self.households)):
            household = self.households[index]
            if household.pk not in self.taken and household.pk != member.home_household:
                self.taken.add(household.pk)
                return household
        return None


def _key(member_or_household: _Member | _Household, step: str) -> int | None:
    return getattr(member_or_household, f"{step}_id")


def _fill(
    step: str,
    members: list[_Member],
    households: list[_Household],
    taken: set[int],
    out: list[tuple[_Member, _Household, str]],
) -> None:
    """Give each member of one step's groups households of their group, a turn each."""
    pools: dict[int, list[_Household]] = defaultdict(list)
    for household in households:
        pools[_key(household, step)].append(household)  # type: ignore[index]
    groups: dict[int, list[_Member]] = defaultdict(list)
    for member in members:
        key = _key(member, step)
        if member.need > 0 and key is not None and key in pools:
            groups[key].append(member)
    for key in sorted(groups):
        pool, waiting = _Pool(pools[key], taken), groups[key]
        while waiting:  # each round, every member still short takes one, or drops out
            still = []
            for member in waiting:
                household = pool.take(member)
                if household is None:
                    continue
                out.append((member, household, step))
                member.need -= 1
                if member.need > 0:
                    still.append(member)
            waiting = still


def propose(
    members: list[_Member], households: list[_Household]
) -> list[tuple[_Member, _Household, str]]:
    """The proposals for these members from these households, step by step."""
    taken: set[int] = set()
    out: list[tuple[_Member, _Household, str]] = []
    for step in STEPS:
        _fill(step, members, households, taken, out)
    return out


def suggest_links(user: Any, community: OrgNode, *, target: int | None = None) -> list[Proposal]:
    """The suggestion for ``community`` (see the module's docstring), grouped by grid (in
    code order), then member (by name), each member's households in address order."""
    grids = list(community_grids(user, community).values_list("pk", flat=True))
    if not grids:
        return []
    target = link_target(user, community) if target is None else target
    members = _members(user, grids, target)
    if not any(m.need for m in members):
        return []
    households = _candidates(user, grids)
    position = {h.pk: i for i, h in enumerate(households)}
    grid_order = {pk: i for i, pk in enumerate(grids)}
    member_order = {m.pk: i for i, m in enumerate(members)}
    pairs = propose(members, households)
    pairs.sort(key=lambda p: (grid_order[p[0].grid_id], member_order[p[0].pk], position[p[1].pk]))
    return [Proposal(m.pk, m.name, m.grid_id, h.pk, h.address, step) for m, h, step in pairs]


def by_member(proposals: Iterable[Proposal]) -> list[tuple[Proposal, list[Proposal]]]:
    """The proposals grouped by member, in their order: (the first, all of the member's)."""
    groups: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.member_id, []).append(proposal)
    return [(items[0], items) for items in groups.values()]
