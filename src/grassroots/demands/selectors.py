"""Reads of demands, always starting from ``visible_to``: lists, filters, duplicates, board."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from grassroots.demands.models import Category, Demand, DemandTask
from grassroots.demands.workflow import Status
from grassroots.kernel.db import rows as sqlrows
from grassroots.org.models import OrgNode

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


def my_demands(user: Any) -> QuerySet[Demand]:
    """Open demands that the user's unit (or one below it) is responsible for, or that the user
    accepted; the most pressing first. For a grid worker, the grid's."""
    home = getattr(user, "org_node", None)
    demands = demands_for(user).exclude(status=Status.CLOSED)
    if home is not None:
        demands = demands.filter(Q(owner_unit__path__within=home.path) | Q(owner=user))
    return demands.order_by("resolve_due", "id")


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
