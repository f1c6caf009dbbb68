"""Reads of sweeps, each starting from ``visible_to(user)`` or from a campaign the caller got so.

Coverage (一户不漏) is a handful of grouped queries whatever the size of the district: rooms per
grid, distinct rooms visited per grid, then the org tree rolled up in Python by path prefixes
(a node's path is a prefix of every path below it). Buildings are counted the same way, per
building, one grid at a time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from grassroots.accounts.models import Account
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Building, Resident, Room
from grassroots.sweeps.choices import CampaignStatus, HazardStatus, VisitOutcome
from grassroots.sweeps.models import Campaign, Hazard, SweepTask, Visit


@dataclass
class Share:
    """Rooms and rooms visited under one node or building, and the share in per cent."""

    rooms: int = 0
    visited: int = 0

    @property
    def percent(self) -> float:
        return round(100.0 * self.visited / self.rooms, 1) if self.rooms else 0.0

    @property
    def remaining(self) -> int:
        return self.rooms - self.visited


@dataclass
class NodeCoverage:
    node: dict[str, Any]  # pk, path, code, name, level, depth
    share: Share = field(default_factory=Share)

    @property
    def indent(self) -> int:
        return self.node["depth"]


def running_tasks(user: Any) -> QuerySet[SweepTask]:
    return (
        SweepTask.objects.visible_to(user)
        .filter(campaign__status=CampaignStatus.RUNNING)
        .select_related("campaign", "grid")
        .order_by("grid__path", "-campaign__starts_on")
    )


def current_task(user: Any, grid_id: int) -> SweepTask | None:
    """The grid's task in its running campaign (campaigns over overlapping units never run at
    once, so there is at most one; the newest wins should old data disagree)."""
    return (
        running_tasks(user).filter(grid_id=grid_id).order_by("-campaign__starts_on", "-pk").first()
    )


def visited_filter(campaign: Campaign | int, user: Any = None) -> QuerySet[Visit]:
    """Visits that found someone at home; those the user sees when ``user`` is given."""
    return rows_seen_by(Visit, user).filter(campaign=campaign, outcome=VisitOutcome.MET).order_by()


def _grouped(rows: QuerySet, key: str, count: Any) -> dict[int, int]:
    return dict(rows.order_by().values_list(key).annotate(n=count))


def building_shares(campaign: Campaign, grid_id: int) -> dict[int, Share]:
    """Per building of one grid: rooms and rooms visited in the campaign (two queries)."""
    rooms = _grouped(Room.objects.filter(grid_id=grid_id), "building_id", Count("pk"))
    visited = _grouped(
        visited_filter(campaign).filter(grid_id=grid_id),
        "room__building_id",
        Count("room_id", distinct=True),
    )
    return {pk: Share(rooms=n, visited=visited.get(pk, 0)) for pk, n in rooms.items()}


def buildings_of(user: Any, grid_id: int) -> QuerySet[Building]:
    return (
        Building.objects.visible_to(user)
        .filter(grid_id=grid_id)
        .select_related("estate")
        .order_by("estate__name", "name", "pk")
    )


def rooms_with_status(building: Building, campaign: Campaign | None) -> list[dict[str, Any]]:
    """The building's rooms in order, each with whether it was visited in the campaign."""
    rooms = list(building.rooms.order_by("unit", "number", "pk"))
    met: set[int] = set()
    tried: set[int] = set()
    if campaign is not None:
        for room_id, outcome in (
            Visit.objects.filter(campaign=campaign, room__building=building)
            .order_by()
            .values_list("room_id", "outcome")
            .distinct()
        ):
            (met if outcome == VisitOutcome.MET else tried).add(room_id)
    return [
        {"room": room, "visited": room.pk in met, "no_answer": room.pk in tried - met}
        for room in rooms
    ]


def coverage(campaign: Campaign, user: Any) -> list[NodeCoverage]:
    """Every node of the campaign's subtree the user sees, in tree order, with its rooms and
    rooms visited. A street reading its district's campaign gets its own street at the top,
    never the district's total: nodes, rooms and visits are each read through their scope.
    ``user`` None is the operator's command line: the whole campaign."""
    nodes = list(
        rows_seen_by(OrgNode, user)
        .filter(path__within=campaign.node.path)
        .order_by("path")
        .values("pk", "path", "code", "name", "level", "depth")
    )
    if not nodes:
        return []
    grids = [n["pk"] for n in nodes if n["level"] == Level.GRID]
    rooms = _grouped(rows_seen_by(Room, user).filter(grid_id__in=grids), "grid_id", Count("pk"))
    visited = _grouped(
        visited_filter(campaign, user).filter(grid_id__in=grids),
        "grid_id",
        Count("room_id", distinct=True),
    )
    by_path = {n["path"]: NodeCoverage(node=n) for n in nodes}
    top = len(nodes[0]["path"])
    steplen = OrgNode.steplen
    for node in nodes:
        if node["level"] != Level.GRID:
            continue
        total, done = rooms.get(node["pk"], 0), visited.get(node["pk"], 0)
        for end in range(top, len(node["path"]) + 1, steplen):
            row = by_path.get(node["path"][:end])
            if row is not None:
                row.share.rooms += total
                row.share.visited += done
    return list(by_path.values())


def rows_seen_by(model: Any, user: Any) -> QuerySet:
    """``model``'s rows the user sees; every row for the command line (``user`` None)."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def unvisited_rooms(campaign: Campaign, node: OrgNode, user: Any) -> QuerySet[Room]:
    """Rooms under ``node`` the user sees, not yet visited in the campaign (a call with nobody
    at home does not count as a visit), in address order."""
    done = visited_filter(campaign).filter(room=OuterRef("pk"))
    tried = Visit.objects.filter(campaign=campaign, room=OuterRef("pk"))
    return (
        rows_seen_by(Room, user)
        .filter(grid__path__within=node.path)
        .filter(~Exists(done))
        .annotate(tried=Exists(tried))
        .select_related("grid", "building__estate")
        .order_by("grid__path", "address", "pk")
    )


def campaign_node(campaign: Campaign, user: Any, node_id: Any) -> OrgNode:
    """A node of the campaign's subtree the user may see: by default the top of what the user
    sees of it (the campaign's own node, or the user's unit for a campaign run above it)."""
    nodes = OrgNode.objects.visible_to(user).filter(path__within=campaign.node.path)
    if not node_id:
        top = nodes.order_by("path").first()
        if top is None:
            raise Http404
        return top
    return get_visible_or_404(OrgNode, user, pk=node_id, path__within=campaign.node.path)


def run_here(campaign: Campaign, user: Any) -> bool:
    """Whether the campaign is the user's own unit's to run (start, end), not one it reads
    from above."""
    return Campaign.objects.editable_by(user).filter(pk=campaign.pk).exists()


def open_hazards(user: Any, node: OrgNode | None = None) -> QuerySet[Hazard]:
    hazards = Hazard.objects.visible_to(user).filter(status=HazardStatus.OPEN)
    if node is not None:
        hazards = hazards.filter(grid__path__within=node.path)
    return hazards.select_related("room", "grid", "campaign").order_by("grid__path", "found_at")


def open_hazards_per_unit(user: Any) -> list[dict[str, Any]]:
    """Open hazards counted per grid, with each grid's community (one grouped query)."""
    counts = (
        Hazard.objects.visible_to(user)
        .filter(status=HazardStatus.OPEN)
        .order_by()
        .values("grid_id", "grid__name", "grid__path")
        .annotate(n=Count("pk"))
        .order_by("grid__path")
    )
    return list(counts)


def current_residents(room: Room) -> QuerySet[Resident]:
    return Resident.objects.filter(household__room=room).order_by("relation", "pk")


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """The campaigns the user sees, each marked ``own`` when the user's unit runs it (else it
    was run from above and the user carries out its part)."""
    own = Campaign.objects.editable_by(user).filter(pk=OuterRef("pk"))
    return Campaign.objects.visible_to(user).select_related("node").annotate(own=Exists(own))


def grid_shares(campaign: Campaign, grid_ids: list[int]) -> dict[int, Share]:
    rooms = _grouped(Room.objects.filter(grid_id__in=grid_ids), "grid_id", Count("pk"))
    visited = _grouped(
        visited_filter(campaign).filter(grid_id__in=grid_ids),
        "grid_id",
        Count("room_id", distinct=True),
    )
    return {pk: Share(rooms=rooms.get(pk, 0), visited=visited.get(pk, 0)) for pk in grid_ids}


def tasks_with_shares(tasks: list[SweepTask]) -> list[tuple[SweepTask, Share]]:
    """Each task with its grid's coverage: two grouped queries per campaign involved."""
    by_campaign: dict[int, list[SweepTask]] = defaultdict(list)
    for task in tasks:
        by_campaign[task.campaign_id].append(task)
    shares: dict[int, Share] = {}
    for group in by_campaign.values():
        found = grid_shares(group[0].campaign, [t.grid_id for t in group])
        shares.update({t.pk: found[t.grid_id] for t in group})
    return [(task, shares[task.pk]) for task in tasks]


def campaign_task(user: Any, campaign_id: int, grid_id: int) -> SweepTask | None:
    """The task of the campaign named for this grid, if the user may see it."""
    return (
        SweepTask.objects.visible_to(user)
        .filter(campaign_id=campaign_id, grid_id=grid_id)
        .select_related("campaign")
        .first()
    )


def hazards_with_status(user: Any, status: str) -> QuerySet[Hazard]:
    """Hazards in this state, grouped by grid, the latest found first in each."""
    return (
        Hazard.objects.visible_to(user)
        .filter(status=status)
        .select_related("room", "grid")
        .order_by("grid__path", "-found_at", "pk")
    )


def open_hazards_in(user: Any, room: Room) -> QuerySet[Hazard]:
    return Hazard.objects.visible_to(user).filter(room=room, status="open").order_by("found_at")


def recent_visits(user: Any, room: Room, campaign: Campaign) -> QuerySet[Visit]:
    """The last visits to a room in a campaign, for the worker standing at its door."""
    return (
        Visit.objects.visible_to(user)
        .filter(room=room, campaign=campaign)
        .select_related("worker")[:10]
    )


def campaign_visits(user: Any, campaign: Campaign) -> QuerySet[Visit]:
    return (
        Visit.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("room", "worker")
        .order_by("visited_at", "pk")
    )


def residents_by_id(user: Any, ids: set[int]) -> dict[int, Resident]:
    """Of these residents, those the user may see, by id."""
    return {r.pk: r for r in Resident.objects.visible_to(user).filter(pk__in=ids)}


def buildings_in_grid(grid: OrgNode) -> QuerySet[Building]:
    return (
        Building.objects.filter(grid=grid)
        .select_related("estate")
        .order_by("estate__name", "name", "pk")
    )


def workers_by_id(ids: set[int]) -> dict[int, Account]:
    return {a.pk: a for a in Account.objects.filter(pk__in=ids)}


def campaign_units(user: Any) -> QuerySet[OrgNode]:
    """The units a campaign may be run in: above the grids, which it is split into."""
    return OrgNode.objects.visible_to(user).exclude(level=Level.GRID).order_by("path")
