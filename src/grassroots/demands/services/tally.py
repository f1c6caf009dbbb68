"""Keeping the per-grid, per-month counters of the three rates (``DemandTally``) and the
per-community counts by top-level category (``CategoryTally``).

Every service that changes a counted fact calls ``bump`` inside its own transaction, so the
counters never disagree with the records; ``recount`` rebuilds them from the records alone
(``grassroots demands recount``, and the tests that check the two agree).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from grassroots.demands.models import (
    SATISFIED_VALUES,
    Category,
    CategoryTally,
    Channel,
    Demand,
    DemandTally,
)
from grassroots.demands.workflow import Status
from grassroots.kernel.db import rows as sqlrows
from grassroots.org.models import OrgNode

RATE_COUNTERS = (
    "received",
    "responded",
    "responded_in_time",
    "response_seconds",
    "resolved",
    "resolve_seconds",
    "followed_up",
    "satisfied",
    "overdue_open",
)
CHANNEL_COUNTERS = tuple(f"ch_{value}" for value in Channel.values)
STATUS_COUNTERS = tuple(f"st_{value}" for value in Status.values)
COUNTERS = RATE_COUNTERS + CHANNEL_COUNTERS + STATUS_COUNTERS


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the local month a moment falls in."""
    return timezone.localtime(moment).date().replace(day=1)


def _add(model: type, key: dict[str, object], deltas: dict[str, int]) -> None:
    # On every intake and move: one statement written once (kernel/db/rows.py), not an ORM update.
    if sqlrows.add(model, key, deltas):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **deltas)
    except IntegrityError:  # another transaction created the row first
        sqlrows.add(model, key, deltas)


def bump(grid_id: int, received_at: datetime.datetime, **deltas: int) -> None:
    """Add ``deltas`` to the counters of the grid and month a demand was received in."""
    deltas = {k: v for k, v in deltas.items() if v}
    if deltas:
        _add(DemandTally, {"grid_id": grid_id, "month": month_of(received_at)}, deltas)


def status_change(source: str, target: str) -> dict[str, int]:
    return {f"st_{source}": -1, f"st_{target}": 1} if source != target else {}


def top_category_id(category: Category) -> int:
    """The top of the category's tree (callers load ``parent`` with the category)."""
    while category.parent_id is not None:
        category = category.parent
    return category.pk


def community_id_of(grid: OrgNode) -> int | None:
    if grid.depth <= 1:
        return None
    found = sqlrows.pluck(OrgNode, "id", path=grid.path[: -OrgNode.steplen])
    return found[0] if found else None


_UNKNOWN = object()


def count_received(demand: Demand, community: int | None | object = _UNKNOWN) -> None:
    """A new demand: its tally row, and its community's count for its top-level category.

    ``community`` (``community_id_of(grid)``) may be looked up by the caller beforehand, so
    that it is not read while the write lock is held."""
    bump(
        demand.grid_id,
        demand.received_at,
        received=1,
        **{f"ch_{demand.channel}": 1, f"st_{demand.status}": 1},
    )
    if community is _UNKNOWN:
        community = community_id_of(demand.grid)
    if community is not None:
        _add(
            CategoryTally,
            {
                "community_id": community,
                "month": month_of(demand.received_at),
                "category_id": top_category_id(demand.category),
            },
            {"received": 1},
        )


def seconds_between(start: datetime.datetime, end: datetime.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def facts(demand: Demand | Any) -> dict[str, int]:
    """What one demand adds to its tally row, from its record alone."""
    counted = dict.fromkeys(COUNTERS, 0)
    counted["received"] = 1
    counted[f"ch_{demand.channel}"] = 1
    counted[f"st_{demand.status}"] = 1
    if demand.responded_at is not None:
        counted["responded"] = 1
        counted["responded_in_time"] = int(demand.responded_at <= demand.response_due)
        counted["response_seconds"] = seconds_between(demand.received_at, demand.responded_at)
    if demand.resolved_at is not None:
        counted["resolved"] = 1
        counted["resolve_seconds"] = seconds_between(demand.received_at, demand.resolved_at)
    elif demand.overdue_marked:
        counted["overdue_open"] = 1
    if demand.satisfaction:
        counted["followed_up"] = 1
        counted["satisfied"] = int(demand.satisfaction in SATISFIED_VALUES)
    return counted


@transaction.atomic
def recount() -> int:
    """Rebuild every counter from the demands; returns the number of tally rows written."""
    totals: dict[tuple[int, datetime.date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTERS, 0)
    )
    by_category: dict[tuple[int, datetime.date, int], int] = defaultdict(int)
    tops = {c.pk: top_category_id(c) for c in Category.objects.select_related("parent")}
    grids = OrgNode.objects.filter(pk__in=Demand.objects.values("grid_id"))
    communities = dict(zip((g.pk for g in grids), (community_id_of(g) for g in grids), strict=True))
    fields = (
        "grid_id",
        "category_id",
        "channel",
        "status",
        "received_at",
        "responded_at",
        "response_due",
        "resolved_at",
        "satisfaction",
        "overdue_marked",
    )
    rows = Demand.objects.order_by().values_list(*fields).iterator(chunk_size=5000)
    for demand in (SimpleNamespace(**dict(zip(fields, row, strict=True))) for row in rows):
        month = month_of(demand.received_at)
        row = totals[(demand.grid_id, month)]
        for name, value in facts(demand).items():
            row[name] += value
        if communities.get(demand.grid_id) is not None:
            by_category[(communities[demand.grid_id], month, tops[demand.category_id])] += 1
    DemandTally.objects.all().delete()
    CategoryTally.objects.all().delete()
    DemandTally.objects.bulk_create(
        [
            DemandTally(grid_id=grid, month=month, **counts)
            for (grid, month), counts in totals.items()
        ],
        batch_size=2000,
    )
    CategoryTally.objects.bulk_create(
        [
            CategoryTally(community_id=c, month=m, category_id=cat, received=n)
            for (c, m, cat), n in by_category.items()
        ],
        batch_size=2000,
    )
    return len(totals)
