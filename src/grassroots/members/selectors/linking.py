"""Reads of the 一联十 page: one community's members, their households, the unlinked ones.

Every read starts from ``visible_to``; an id outside the user's scope, or outside the
community the page is about, is a 404 like an id that does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.http import Http404

from grassroots.kernel.scope import get_visible_or_404
from grassroots.members.models import HouseholdLink, Member
from grassroots.members.selectors.suggestions import (
    Proposal,
    by_member,
    community_grids,
    current_links,
    link_target,
    occupied,
    suggest_links,
    unlinked,
)
from grassroots.org.models import Level, OrgNode
from grassroots.registry.choices import Relation
from grassroots.registry.models import Household, Resident

UNLINKED_SHOWN = 300  # of one grid, on the page and in the form's choice
PROPOSALS_SHOWN = 120  # pairs listed on the page; the accept button takes them all
MAX_ID = 2**63 - 1  # the largest id a database holds


def pk_of(value: Any) -> int:
    """An id from a query string or a form; anything that cannot be one is a 404."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


_CHUNK = 500


def node(user: Any, node_id: int) -> OrgNode:
    return get_visible_or_404(OrgNode, user, pk=node_id)


def community_of(user: Any, at: OrgNode) -> OrgNode | None:
    """The community ``at`` is or lies in, if the user sees it; None above communities."""
    if at.level == Level.COMMUNITY:
        return at
    if at.level == Level.GRID:
        parent = OrgNode.objects.get_parent(at)
        if parent is None:
            return None
        return OrgNode.objects.visible_to(user).filter(pk=parent.pk).first()
    return None


def communities(user: Any, under: OrgNode | None = None) -> QuerySet[OrgNode]:
    """The communities the user sees (under ``under``), by code."""
    rows = OrgNode.objects.visible_to(user).filter(level=Level.COMMUNITY)
    if under is not None:
        rows = rows.filter(path__startswith=under.path)
    return rows.order_by("code")


def grid_in(user: Any, community: OrgNode, grid_id: int) -> OrgNode:
    return get_visible_or_404(
        OrgNode, user, pk=pk_of(grid_id), level=Level.GRID, path__startswith=community.path
    )


def member_in(user: Any, community: OrgNode, member_id: Any) -> Member:
    return get_visible_or_404(
        Member, user, pk=pk_of(member_id), grid__path__startswith=community.path
    )


def household_in(user: Any, community: OrgNode, household_id: Any) -> Household:
    return get_visible_or_404(
        Household, user, pk=pk_of(household_id), grid__path__startswith=community.path
    )


def link(user: Any, link_id: int) -> HouseholdLink:
    found = (
        HouseholdLink.objects.visible_to(user)
        .select_related("member__person", "member__grid", "household__room", "grid")
        .filter(pk=link_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def heads(household_ids: Iterable[int]) -> dict[int, str]:
    """The name of each household's head (户主), or of its first resident if none is named."""
    ids = sorted(set(household_ids))
    found: dict[int, tuple[int, str]] = {}
    head_first = Case(When(relation=Relation.HEAD, then=0), default=1, output_field=IntegerField())
    for start in range(0, len(ids), _CHUNK):
        rows = (
            Resident.objects.filter(household_id__in=ids[start : start + _CHUNK])
            .annotate(rank=head_first)
            .order_by("household_id", "rank", "pk")
            .values_list("household_id", "name")
        )
        for household_id, name in rows:
            found.setdefault(household_id, (0, name))
    return {pk: name for pk, (_rank, name) in found.items()}


@dataclass(frozen=True)
class HouseholdRow:
    household_id: int
    address: str
    head: str
    link_id: int | None = None


@dataclass
class MemberRow:
    member_id: int
    name: str
    kind: str
    households: list[HouseholdRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.households)


@dataclass(frozen=True)
class GridRow:
    grid: OrgNode
    members: int
    occupied: int
    linked: int
    below: int  # members short of the target
    above: int  # members beyond it


@dataclass(frozen=True)
class ProposalGroup:
    member_name: str
    grid_name: str
    items: list[tuple[Proposal, str]]  # each proposal and its household head's name


@dataclass
class Board:
    community: OrgNode
    target: int
    grids: list[GridRow]
    grid: OrgNode | None
    members: list[MemberRow]
    unlinked: list[HouseholdRow]
    unlinked_total: int
    proposals: list[Proposal]
    proposal_heads: dict[int, str]

    @property
    def totals(self) -> dict[str, int]:
        occupied = sum(g.occupied for g in self.grids)
        linked = sum(g.linked for g in self.grids)
        return {
            "members": sum(g.members for g in self.grids),
            "occupied": occupied,
            "linked": linked,
            "unlinked": occupied - linked,
            "below": sum(g.below for g in self.grids),
        }

    @property
    def proposals_shown(self) -> list[Proposal]:
        return self.proposals[:PROPOSALS_SHOWN]

    @property
    def proposals_hidden(self) -> int:
        return max(len(self.proposals) - PROPOSALS_SHOWN, 0)

    @property
    def proposal_groups(self) -> list[ProposalGroup]:
        """The proposals listed, by member, each household with its head's name."""
        grid_names = {row.grid.pk: row.grid.name for row in self.grids}
        return [
            ProposalGroup(
                member_name=first.member_name,
                grid_name=grid_names.get(first.grid_id, ""),
                items=[(p, self.proposal_heads.get(p.household_id, "")) for p in items],
            )
            for first, items in by_member(self.proposals_shown)
        ]

    @property
    def pairs(self) -> str:
        """The proposals as the accept form posts them back: ``member:household,...``."""
        return ",".join(f"{p.member_id}:{p.household_id}" for p in self.proposals)


def _per_grid(rows: QuerySet) -> dict[int, int]:
    return dict(
        rows.order_by().values("grid_id").annotate(n=Count("pk")).values_list("grid_id", "n")
    )


def _grid_rows(user: Any, grids: list[OrgNode], target: int) -> list[GridRow]:
    ids = [g.pk for g in grids]
    households = occupied(Household.objects.visible_to(user).filter(grid_id__in=ids))
    linked_now = current_links().filter(household_id=OuterRef("pk"))
    counts = (
        Member.objects.visible_to(user)
        .filter(grid_id__in=ids)
        .order_by()
        .annotate(n=Count("links", filter=Q(links__ended_on__isnull=True)))
        .values_list("grid_id", "n")
    )
    members, below, above = defaultdict(int), defaultdict(int), defaultdict(int)
    for grid_id, n in counts:
        members[grid_id] += 1
        below[grid_id] += n < target
        above[grid_id] += n > target
    in_grid = _per_grid(households)
    linked = _per_grid(households.filter(Exists(linked_now)))
    return [
        GridRow(
            g, members[g.pk], in_grid.get(g.pk, 0), linked.get(g.pk, 0), below[g.pk], above[g.pk]
        )
        for g in grids
    ]


def _members_of(user: Any, grid: OrgNode) -> list[MemberRow]:
    rows = {
        pk: MemberRow(pk, name, kind)
        for pk, name, kind in Member.objects.visible_to(user)
        .filter(grid=grid)
        .order_by("person__name", "pk")
        .values_list("pk", "person__name", "kind")
    }
    links = list(
        HouseholdLink.objects.visible_to(user)
        .filter(member__grid=grid, ended_on__isnull=True)
        .order_by("household__room__address", "pk")
        .values_list("pk", "member_id", "household_id", "household__room__address")
    )
    names = heads(h for _l, _m, h, _a in links)
    for link_id, member_id, household_id, address in links:
        if member_id in rows:
            rows[member_id].households.append(
                HouseholdRow(household_id, address, names.get(household_id, ""), link_id)
            )
    return list(rows.values())


def _unlinked_of(user: Any, grid: OrgNode) -> tuple[list[HouseholdRow], int]:
    rows = unlinked(occupied(Household.objects.visible_to(user).filter(grid=grid)))
    total = rows.count()
    shown = list(
        rows.order_by("room__address", "pk").values_list("pk", "room__address")[:UNLINKED_SHOWN]
    )
    names = heads(pk for pk, _a in shown)
    return [HouseholdRow(pk, address, names.get(pk, "")) for pk, address in shown], total


def board(user: Any, community: OrgNode, grid: OrgNode | None = None) -> Board:
    """The page of ``community``: its grids' counts, one grid's members and households (the
    given one, else the first), and the suggestion for the whole community."""
    target = link_target(user, community)
    grids = list(community_grids(user, community))
    shown = grid or (grids[0] if grids else None)
    proposals = suggest_links(user, community, target=target)
    members, households, total = [], [], 0
    if shown is not None:
        members = _members_of(user, shown)
        households, total = _unlinked_of(user, shown)
    return Board(
        community=community,
        target=target,
        grids=_grid_rows(user, grids, target),
        grid=shown,
        members=members,
        unlinked=households,
        unlinked_total=total,
        proposals=proposals,
        proposal_heads=heads(p.household_id for p in proposals[:PROPOSALS_SHOWN]),
    )
