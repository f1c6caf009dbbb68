"""The building sweep's part of the home page (工作台).

A grid worker sees the rooms left in their grid's running sweep (a link straight to it),
hazards waiting to be rectified and those past the rectification period, and the households
of their grid nobody has visited in 90 days. A community, street or district sees how far the
running sweeps have come in each unit one level down, as bars, and the hazards of its area.

Each figure is one grouped query over ``visible_to``, however many rooms the area has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Household, Room
from grassroots.sweeps.choices import HazardStatus, VisitOutcome
from grassroots.sweeps.models import Hazard, SweepTask, Visit
from grassroots.sweeps.selectors import Share, running_tasks

# A hazard not rectified within this many days of being found is overdue (整改期限).
RECTIFY_DAYS = 30
# A household whose room nobody has visited for this long is due a visit.
VISIT_DAYS = 90


@dataclass
class UnitShare:
    node: OrgNode
    share: Share = field(default_factory=Share)


@dataclass
class SweepsPanel:
    task: SweepTask | None = None  # a grid worker's task in the running sweep
    share: Share = field(default_factory=Share)  # everything running in the user's area
    units: list[UnitShare] = field(default_factory=list)
    hazards_open: int = 0
    hazards_overdue: int = 0
    unvisited_households: int | None = None  # a grid worker's, not visited in VISIT_DAYS
    rectify_days: int = RECTIFY_DAYS
    visit_days: int = VISIT_DAYS


def _shares(tasks: list[SweepTask]) -> dict[int, Share]:
    """Rooms and rooms visited of each task's grid in its own campaign: two grouped queries."""
    grid_ids = {task.grid_id for task in tasks}
    rooms = dict(
        Room.objects.filter(grid_id__in=grid_ids)
        .order_by()
        .values("grid_id")
        .annotate(n=Count("pk"))
        .values_list("grid_id", "n")
    )
    visited = {
        (campaign, grid): n
        for campaign, grid, n in Visit.objects.filter(
            outcome=VisitOutcome.MET,
            campaign_id__in={task.campaign_id for task in tasks},
            grid_id__in=grid_ids,
        )
        .order_by()
        .values("campaign_id", "grid_id")
        .annotate(n=Count("room_id", distinct=True))
        .values_list("campaign_id", "grid_id", "n")
    }
    return {
        task.pk: Share(rooms.get(task.grid_id, 0), visited.get((task.campaign_id, task.grid_id), 0))
        for task in tasks
    }


def _units(user: Any, home: OrgNode, tasks: list[SweepTask], shares: dict[int, Share]) -> list:
    width = OrgNode.steplen * (home.depth + 1)
    children = OrgNode.objects.visible_to(user).filter(
        path__startswith=home.path, depth=home.depth + 1
    )
    by_path = {node.path: UnitShare(node) for node in children}
    for task in tasks:
        unit = by_path.get(task.grid.path[:width])
        if unit is not None:
            unit.share.rooms += shares[task.pk].rooms
            unit.share.visited += shares[task.pk].visited
    return [unit for unit in by_path.values() if unit.share.rooms]


def _hazards(user: Any, now: datetime.datetime) -> dict[str, int]:
    late = now - datetime.timedelta(days=RECTIFY_DAYS)
    return (
        Hazard.objects.visible_to(user)
        .filter(status=HazardStatus.OPEN)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(found_at__lt=late)))
    )


def _unvisited_households(user: Any, grid: OrgNode, today: datetime.date) -> int:
    since = today - datetime.timedelta(days=VISIT_DAYS)
    visited = Visit.objects.filter(
        room_id=OuterRef("room_id"), outcome=VisitOutcome.MET, visited_on__gt=since
    )
    return (
        Household.objects.visible_to(user)
        .filter(grid=grid, ended_on__isnull=True)
        .filter(~Exists(visited))
        .count()
    )


def sweeps_panel(user: Any) -> SweepsPanel | None:
    """The panel (``HomePanel`` context), or None for a user with no unit."""
    home = getattr(user, "org_node", None)
    if home is None:
        return None
    now = timezone.now()
    tasks = list(running_tasks(user))
    shares = _shares(tasks) if tasks else {}
    panel = SweepsPanel()
    for share in shares.values():
        panel.share.rooms += share.rooms
        panel.share.visited += share.visited
    counts = _hazards(user, now)
    panel.hazards_open, panel.hazards_overdue = counts["open"], counts["overdue"]
    if home.level == Level.GRID:
        panel.task = next((t for t in tasks if t.grid_id == home.pk), None)
        if panel.task is not None:
            panel.share = shares[panel.task.pk]
        panel.unvisited_households = _unvisited_households(user, home, timezone.localdate(now))
    else:
        panel.units = _units(user, home, tasks, shares)
    return panel
