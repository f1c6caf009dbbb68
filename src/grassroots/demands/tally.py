"""Keeping the per-grid, per-month counters of the three rates (``DemandTally``).

Every service that changes a counted fact calls ``bump`` inside its own transaction, so the
counters never disagree with the records; ``recount`` rebuilds them from the records alone
(used by ``grassroots demands recount`` and by the tests that check the two agree).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from grassroots.demands.models import SATISFIED_VALUES, Demand, DemandTally

COUNTERS = ("received", "responded", "responded_in_time", "response_seconds", "resolved",
            "resolve_seconds", "followed_up", "satisfied")


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the local month a moment falls in."""
    return timezone.localtime(moment).date().replace(day=1)


def bump(grid_id: int, received_at: datetime.datetime, **deltas: int) -> None:
    """Add ``deltas`` to the counters of the grid and month a demand was received in."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    month = month_of(received_at)
    rows = DemandTally.objects.filter(grid_id=grid_id, month=month)
    changes = {name: F(name) + value for name, value in deltas.items()}
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            DemandTally.objects.create(grid_id=grid_id, month=month, **deltas)
    except IntegrityError:  # another transaction created the row first
        rows.update(**changes)


def seconds_between(start: datetime.datetime, end: datetime.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def facts(demand: Demand) -> dict[str, int]:
    """What one demand adds to its tally row, from its record alone."""
    counted = {name: 0 for name in COUNTERS}
    counted["received"] = 1
    if demand.responded_at is not None:
        counted["responded"] = 1
        counted["responded_in_time"] = int(demand.responded_at <= demand.response_due)
        counted["response_seconds"] = seconds_between(demand.received_at, demand.responded_at)
    if demand.resolved_at is not None:
        counted["resolved"] = 1
        counted["resolve_seconds"] = seconds_between(demand.received_at, demand.resolved_at)
    if demand.satisfaction:
        counted["followed_up"] = 1
        counted["satisfied"] = int(demand.satisfaction in SATISFIED_VALUES)
    return counted


@transaction.atomic
def recount() -> int:
    """Rebuild every tally row from the demands; returns the number of rows written."""
    totals: dict[tuple[int, datetime.date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(COUNTERS, 0))
    fields = ("grid_id", "received_at", "responded_at", "response_due", "resolved_at",
              "satisfaction")
    for demand in Demand.objects.only(*fields).iterator(chunk_size=5000):
        row = totals[(demand.grid_id, month_of(demand.received_at))]
        for name, value in facts(demand).items():
            row[name] += value
    DemandTally.objects.all().delete()
    DemandTally.objects.bulk_create(
        [DemandTally(grid_id=grid, month=month, **counts)
         for (grid, month), counts in totals.items()], batch_size=2000)
    return len(totals)
