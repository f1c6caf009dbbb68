"""The three rates of 接诉即办 for any unit and period, from the per-grid monthly counters.

- 响应率 (response rate) = demands responded to within the response deadline / demands received
- 解决率 (resolution rate) = demands resolved / demands due to be resolved, where "due" means
  resolved already, or past the resolution deadline and still unresolved
- 满意率 (satisfaction rate) = (满意 + 基本满意) / demands followed up

Counters (``DemandTally``) are kept per grid and month of receipt by the services, in the same
transaction as each change, so a unit's figures are one sum over the grids below it: no nightly
batch. Only "past the deadline and unresolved" depends on the clock: the sweep marks such a
demand and counts it in its tally (``overdue_open``), and the few that fell due since its last
run are counted live from the demands, so the figure is exact at any moment.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from grassroots.demands.models import CategoryTally, Demand, DemandTally
from grassroots.demands.services.tally import CHANNEL_COUNTERS, RATE_COUNTERS, STATUS_COUNTERS
from grassroots.org.models import Level, OrgNode

# Weights of the monthly ranking's composite score, as hotline centres publish them.
WEIGHTS = {"response": 0.10, "resolution": 0.45, "satisfaction": 0.45}


def ratio(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Rates:
    received: int = 0
    responded: int = 0
    responded_in_time: int = 0
    response_seconds: int = 0
    resolved: int = 0
    resolve_seconds: int = 0
    followed_up: int = 0
    satisfied: int = 0
    overdue_open: int = 0  # marked overdue by the sweep, still unresolved
    overdue_unmarked: int = 0  # past the deadline since the sweep last ran

    @property
    def overdue_unresolved(self) -> int:
        return self.overdue_open + self.overdue_unmarked

    @property
    def due(self) -> int:
        return self.resolved + self.overdue_unresolved

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responded_in_time, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.due)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.followed_up)

    @property
    def avg_response_hours(self) -> float | None:
        return round(self.response_seconds / 3600 / self.responded, 1) if self.responded else None

    @property
    def avg_resolve_hours(self) -> float | None:
        return round(self.resolve_seconds / 3600 / self.resolved, 1) if self.resolved else None

    @property
    def score(self) -> float | None:
        parts = (self.response_rate, self.resolution_rate, self.satisfaction_rate)
        if self.received == 0:
            return None
        weights = WEIGHTS.values()
        return round(sum((p or 0.0) * w for p, w in zip(parts, weights, strict=True)), 1)

    @classmethod
    def from_sums(cls, sums: dict[str, Any]) -> Rates:
        return cls(**{name: int(sums.get(name) or 0) for name in RATE_COUNTERS})


@dataclass(frozen=True)
class Period:
    """Whole months, first to last inclusive."""

    first: datetime.date
    last: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        year, month = self.last.year + self.last.month // 12, self.last.month % 12 + 1
        return timezone.make_aware(datetime.datetime(year, month, 1))

    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} — {self.last:%Y-%m}"


def _sums(names: tuple[str, ...] = RATE_COUNTERS) -> dict[str, Sum]:
    return {name: Sum(name) for name in names}


def _tallies(unit: OrgNode, period: Period) -> QuerySet[DemandTally]:
    return DemandTally.objects.filter(
        grid__path__within=unit.path, month__gte=period.first, month__lte=period.last
    )


def _fallen_overdue(period: Period, now: datetime.datetime) -> QuerySet[Demand]:
    """Demands of the period past their resolution deadline that the sweep has not marked."""
    return Demand.objects.filter(
        resolved_at__isnull=True,
        overdue_marked=False,
        resolve_due__lt=now,
        received_at__gte=period.start,
        received_at__lt=period.end,
    ).order_by()


def _unmarked_overdue_paths(unit: OrgNode, period: Period, now: datetime.datetime) -> list[str]:
    """Grid paths of demands past their resolution deadline that the sweep has not marked
    yet: only those that fell due since its last run, so few (an index on exactly this)."""
    paths = _fallen_overdue(period, now).values_list("grid__path", flat=True)
    return [path for path in paths if path.startswith(unit.path)]


def rates_for(unit: OrgNode, period: Period, now: datetime.datetime | None = None) -> Rates:
    """The three rates and their counts for ``unit`` and everything below it."""
    now = now or timezone.now()
    rates = Rates.from_sums(_tallies(unit, period).aggregate(**_sums()))
    rates.overdue_unmarked = len(_unmarked_overdue_paths(unit, period, now))
    return rates


def rates_by_grid(period: Period, now: datetime.datetime | None = None) -> dict[int, Rates]:
    """The counts of the three rates for every grid of the tree, as ``rates_for`` counts
    them: one grouped sum of the counters and the few demands fallen overdue since the sweep
    last ran (the indicator engine adds them up the tree)."""
    now = now or timezone.now()
    rows = (
        DemandTally.objects.filter(month__gte=period.first, month__lte=period.last)
        .order_by()
        .values("grid_id")
        .annotate(**_sums())
    )
    by_grid = {row["grid_id"]: Rates.from_sums(row) for row in rows}
    for grid_id in _fallen_overdue(period, now).values_list("grid_id", flat=True):
        by_grid.setdefault(grid_id, Rates()).overdue_unmarked += 1
    return by_grid


def ranking(
    unit: OrgNode, period: Period, now: datetime.datetime | None = None
) -> list[tuple[OrgNode, Rates]]:
    """The units one level down, best composite score first (no demands: last)."""
    now = now or timezone.now()
    children = list(
        OrgNode.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("code")
    )
    width = OrgNode.steplen * (unit.depth + 1)
    rows = (
        _tallies(unit, period)
        .annotate(prefix=Substr("grid__path", 1, width))
        .values("prefix")
        .annotate(**_sums())
    )
    by_prefix = {row["prefix"]: Rates.from_sums(row) for row in rows}
    for path in _unmarked_overdue_paths(unit, period, now):
        by_prefix.setdefault(path[:width], Rates()).overdue_unmarked += 1
    ranked = [(child, by_prefix.get(child.path, Rates())) for child in children]
    ranked.sort(key=lambda pair: (pair[1].score is None, -(pair[1].score or 0), pair[0].code))
    return ranked


@dataclass
class MonthRates:
    month: datetime.date
    rates: Rates


def last_complete_month(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s: the latest month whose figures are in
    (this month's deadlines have mostly not passed yet, so its rates would mislead)."""
    first = today.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _month_starts(last: datetime.date, n: int) -> list[datetime.date]:
    months = [last]
    while len(months) < n:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[::-1]


def monthly_rates(
    unit: OrgNode, months: int, today: datetime.date, now: datetime.datetime | None = None
) -> list[MonthRates]:
    """The three rates of ``unit`` for each of the ``months`` complete months up to the last
    one, oldest first: one grouped sum of the counters and the few demands fallen overdue
    since the sweep last ran, as ``rates_for`` counts them."""
    now = now or timezone.now()
    starts = _month_starts(last_complete_month(today), months)
    period = Period(starts[0], starts[-1])
    rows = _tallies(unit, period).order_by().values("month").annotate(**_sums())
    by_month = {row["month"]: Rates.from_sums(row) for row in rows}
    late = _fallen_overdue(period, now).filter(grid__path__startswith=unit.path)
    for received in late.values_list("received_at", flat=True):
        month = timezone.localtime(received).date().replace(day=1)
        by_month.setdefault(month, Rates()).overdue_unmarked += 1
    return [MonthRates(month, by_month.get(month, Rates())) for month in starts]


def breakdown(unit: OrgNode, period: Period) -> dict[str, list[tuple[str, int]]]:
    """Counts of the period's demands by channel, top-level category and current status."""
    sums = _tallies(unit, period).aggregate(**_sums(CHANNEL_COUNTERS + STATUS_COUNTERS))
    counts = {name: int(value or 0) for name, value in sums.items()}
    result = {
        "channel": [
            (n.removeprefix("ch_"), v) for n, v in counts.items() if n.startswith("ch_") and v
        ],
        "status": [
            (n.removeprefix("st_"), v) for n, v in counts.items() if n.startswith("st_") and v
        ],
    }
    if unit.level == Level.GRID:
        rows = (
            Demand.objects.filter(
                grid=unit, received_at__gte=period.start, received_at__lt=period.end
            )
            .values("category__full_name")
            .annotate(n=Count("id"))
        )
        cats: dict[str, int] = defaultdict(int)
        for row in rows:
            cats[row["category__full_name"].split("/")[0]] += row["n"]
        pairs = list(cats.items())
    else:
        pairs = list(
            CategoryTally.objects.filter(
                community__path__within=unit.path, month__gte=period.first, month__lte=period.last
            )
            .values_list("category__name")
            .annotate(n=Sum("received"))
        )
    result["category"] = sorted(pairs, key=lambda p: (-p[1], p[0]))
    for key in ("channel", "status"):
        result[key].sort(key=lambda p: -p[1])
    return result
