"""Reads of demands, always starting from ``visible_to``: lists, filters, duplicates, board."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, F, Q, QuerySet, When
from django.utils import timezone

from grassroots.demands.models import Category, Demand, DemandPhoto, DemandTask
from grassroots.demands.workflow import Status
from grassroots.kernel.db import rows as sqlrows
from grassroots.kernel.scope import get_visible_or_404, user_root_path
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Building, Room

DUPLICATE_THRESHOLD = 0.6
DUPLICATE_CANDIDATES = 50


@dataclass
class DemandFilters:
    """The filters every list and export offers: unit, category, status, channel, period."""

    unit: OrgNode | None = None
    category: Category | None = None
    status: str = ""
    channel: str = ""
    start: datetime.date | None = None  # received on or after
    end: datetime.date | None = None  # received on or before
    overdue: bool = False
    supervised: bool = False
    owner: Any = None


def response_overdue(now: datetime.datetime) -> Q:
    return Q(responded_at__isnull=True, response_due__lt=now)


def resolve_overdue(now: datetime.datetime) -> Q:
    return Q(resolved_at__isnull=True, resolve_due__lt=now) & ~Q(status=Status.CLOSED)


def overdue(now: datetime.datetime) -> Q:
    return response_overdue(now) | resolve_overdue(now)


def supervision_overdue(now: datetime.datetime) -> Q:
    return Q(supervised_at__isnull=False, resolved_at__isnull=True, supervision_due__lt=now)


def local_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def demands_for(user: Any) -> QuerySet[Demand]:
    return Demand.objects.visible_to(user).select_related("category", "grid", "owner_unit", "owner")


def filter_demands(
    demands: QuerySet[Demand], filters: DemandFilters, now: datetime.datetime | None = None
) -> QuerySet[Demand]:
    now = now or timezone.now()
    f = filters
    if f.unit is not None:
        demands = demands.filter(grid__path__within=f.unit.path)
    if f.category is not None:
        demands = demands.filter(category__full_name__startswith=f.category.full_name)
    if f.status:
        demands = demands.filter(status=f.status)
    if f.channel:
        demands = demands.filter(channel=f.channel)
    if f.start:
        demands = demands.filter(received_at__gte=local_day_start(f.start))
    if f.end:
        demands = demands.filter(
            received_at__lt=local_day_start(f.end + datetime.timedelta(days=1))
        )
    if f.overdue:
        demands = demands.filter(overdue(now))
    if f.supervised:
        demands = demands.filter(supervised_at__isnull=False).exclude(status=Status.CLOSED)
    if f.owner is not None:
        demands = demands.filter(Q(owner=f.owner) | Q(created_by=f.owner))
    return demands


def next_due() -> Case:
    """The deadline a demand faces next: its response deadline until it is responded to, then
    its resolution deadline until it is resolved; none once resolved (what remains, the
    follow-up and closing out, has no deadline)."""
    return Case(
        When(responded_at__isnull=True, then=F("response_due")),
        When(resolved_at__isnull=True, then=F("resolve_due")),
        default=None,
    )


def my_demands(user: Any) -> QuerySet[Demand]:
    """Open demands that the user's unit (or one below it) is responsible for, or that the user
    accepted; the nearest deadline first (``next_due``), the resolved ones waiting for their
    follow-up last. For a grid worker, the grid's."""
    home = getattr(user, "org_node", None)
    demands = demands_for(user).exclude(status=Status.CLOSED)
    if home is not None:
        demands = demands.filter(Q(owner_unit__path__within=home.path) | Q(owner=user))
    return demands.annotate(next_due=next_due()).order_by(
        F("next_due").asc(nulls_last=True), "resolve_due", "id"
    )


def tasks_for(user: Any, filters: DemandFilters) -> QuerySet[DemandTask]:
    demands = filter_demands(Demand.objects.visible_to(user), filters)
    return (
        DemandTask.objects.visible_to(user)
        .filter(demand__in=demands)
        .select_related("demand", "demand__owner_unit")
        .order_by("due", "id")
    )


def board(user: Any, now: datetime.datetime | None = None) -> dict[str, QuerySet[Demand]]:
    """The board: overdue demands and supervised ones, most overdue first."""
    now = now or timezone.now()
    base = demands_for(user).exclude(status=Status.CLOSED)
    return {
        "overdue": base.filter(overdue(now)).order_by("resolve_due", "id"),
        "supervised": base.filter(supervised_at__isnull=False).order_by("supervision_due", "id"),
    }


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def likely_duplicates(
    *, grid: OrgNode, category: Category, text: str, now: datetime.datetime | None = None
) -> list[Demand]:
    """Open or recent demands of the same category and grid whose text is similar.

    The window (days back from now) is ``DEMANDS_DUPLICATE_WINDOW_DAYS`` in the settings.
    """
    now = now or timezone.now()
    days = getattr(settings, "DEMANDS_DUPLICATE_WINDOW_DAYS", 14)
    candidates = (
        Demand.objects.filter(
            grid=grid, category=category, received_at__gte=now - datetime.timedelta(days=days)
        )
        .exclude(status=Status.CLOSED)
        .select_related("category")
        .order_by("-received_at")[:DUPLICATE_CANDIDATES]
    )
    scored = [(similarity(text, f"{d.title} {d.description}"), d) for d in candidates]
    return [d for score, d in sorted(scored, key=lambda p: -p[0]) if score >= DUPLICATE_THRESHOLD]


def category_choices() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("full_name")


def find_category(value: str) -> Category | None:
    """A category by its code or its full name (环境卫生/占道经营)."""
    value = (value or "").strip()
    if not value:
        return None
    # On every intake call: statements written once (kernel/db/rows.py), not ORM queries.
    return sqlrows.first(Category, related=("parent",), code=value) or sqlrows.first(
        Category, related=("parent",), full_name=value
    )


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


def category_by_id(pk: int) -> Category | None:
    return Category.objects.filter(pk=pk).first()


def demand_with_history(user: Any) -> QuerySet[Demand]:
    """Demands with what the API's detail shows beside them: units and every event."""
    return (
        Demand.objects.visible_to(user)
        .select_related("category", "grid", "owner_unit", "paired_unit")
        .prefetch_related("events")
    )


def demand_as_stored(demand: Demand) -> Demand:
    """The demand as the database holds it now, after a move that may have been refused."""
    return Demand.objects.get(pk=demand.pk)


def visible_unit(user: Any, **lookup: Any) -> OrgNode | None:
    """A unit of the user's scope by id or code; None when it is not there or not theirs."""
    return OrgNode.objects.visible_to(user).filter(**lookup).first()


def unit_choices(user: Any) -> QuerySet[OrgNode]:
    """Units to filter by; grids only for a community or a grid, above that the list is long."""
    nodes = OrgNode.objects.visible_to(user)
    home = getattr(user, "org_node", None)
    if home is not None and home.level in (Level.COMMUNITY, Level.GRID):
        return nodes
    return nodes.exclude(level=Level.GRID)


def grids_for(user: Any) -> QuerySet[OrgNode]:
    """The grids the user may record a demand in."""
    return OrgNode.objects.visible_to(user).filter(level=Level.GRID)


def units_above(user: Any, grid: OrgNode) -> QuerySet[OrgNode]:
    """The grid and the units above it that the user sees: where a demand may be sent."""
    steps = range(OrgNode.steplen, len(grid.path) + 1, OrgNode.steplen)
    return OrgNode.objects.visible_to(user).filter(path__in=[grid.path[:n] for n in steps])


def buildings_for(user: Any, grid_id: int) -> QuerySet[Building]:
    """The buildings of one grid the user may see (a page shows them in natural order)."""
    return Building.objects.visible_to(user).filter(grid_id=grid_id).select_related("estate")


def rooms_of_building(user: Any, building_id: int) -> QuerySet[Room]:
    return Room.objects.visible_to(user).filter(building_id=building_id).order_by("unit", "number")


def registry_place(
    model: type[Building] | type[Room], user: Any, pk: int
) -> Building | Room | None:
    """A building or room the user may see, by id."""
    return model.objects.visible_to(user).filter(pk=pk).first()


def intake_grid(user: Any, code: str) -> OrgNode | None:
    """The grid a demand is recorded in, found by its code: one inside the user's scope, or
    any grid for an intake with no account behind it (``user`` None). Every intake asks this,
    so it is one statement written once (kernel/db/rows.py), and the scope test is the path
    prefix ``visible_to`` would apply."""
    root = "" if user is None else user_root_path(user)
    grid = sqlrows.first(OrgNode, code=code, level=Level.GRID)
    if grid is None or root is None or not grid.path.startswith(root):
        return None
    return grid


def own_demands(user: Any) -> QuerySet[Demand]:
    """The demands the user reported while signed in, newest first (a resident's own list)."""
    return (
        Demand.objects.visible_to(user)
        .filter(created_by=user)
        .select_related("category")
        .order_by("-received_at", "-pk")
    )


def own_demand(user: Any, demand_id: int) -> Demand:
    """One demand the user reported; any other id is a 404."""
    return get_visible_or_404(Demand, user, pk=demand_id, created_by=user)


def own_photo(user: Any, photo_id: int) -> DemandPhoto:
    return get_visible_or_404(DemandPhoto, user, pk=photo_id, demand__created_by=user)
