"""The three rates of 接诉即办 for any unit and period, from the per-grid monthly counters.

- 响应率 (response rate) = demands responded to within the response deadline / demands received
- 解决率 (resolution rate) = demands resolved / demands due to be resolved, where "due" means
  resolved already, or past the resolution deadline and still unresolved
- 满意率 (satisfaction rate) = (满意 + 基本满意) / demands followed up

Counters (``DemandTally``) are kept per grid and month of receipt by the services, in the same
transaction as each change, so a unit's figures are one sum over the grids below it: no nightly
batch. Only "past the deadline and unresolved" depends on the clock; it is counted live from
the demands, through a partial index on unresolved ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from grassroots.demands.models import Demand, DemandTally
from grassroots.demands.tally import COUNTERS
from grassroots.org.models import OrgNode

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
    overdue_unresolved: int = 0
    extra: dict[str, object] = field(default_factory=dict)

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


def _sums() -> dict[str, Sum]:
    return {name: Sum(name) for name in COUNTERS}


def _overdue_unresolved(unit: OrgNode, period: Period, now: datetime.datetime) -> Q:
    return Q(grid__path__within=unit.path, received_at__gte=period.start,
             received_at__lt=period.end, resolved_at__isnull=True, resolve_due__lt=now)


def rates_for(unit: OrgNode, period: Period, now: datetime.datetime | None = None) -> Rates:
    """The three rates and their counts for ``unit`` and everything below it."""
    now = now or timezone.now()
    sums = DemandTally.objects.filter(
        grid__path__within=unit.path, month__gte=period.first, month__lte=period.last,
    ).aggregate(**_sums())
    rates = Rates(**{name: int(value or 0) for name, value in sums.items()})
    rates.overdue_unresolved = Demand.objects.filter(
        _overdue_unresolved(unit, period, now)).count()
    return rates


def ranking(unit: OrgNode, period: Period,
            now: datetime.datetime | None = None) -> list[tuple[OrgNode, Rates]]:
    """The units one level down, best composite score first (no demands: last)."""
    now = now or timezone.now()
    children = list(OrgNode.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1).order_by("code"))
    width = OrgNode.steplen * (unit.depth + 1)
    prefix = Substr("grid__path", 1, width)
    rows = (DemandTally.objects.filter(grid__path__within=unit.path, month__gte=period.first,
                                       month__lte=period.last)
            .annotate(prefix=prefix).values("prefix").annotate(**_sums()))
    by_prefix = {row["prefix"]: Rates(**{n: int(row[n] or 0) for n in COUNTERS}) for row in rows}
    late = (Demand.objects.filter(_overdue_unresolved(unit, period, now))
            .annotate(prefix=prefix).values("prefix").annotate(n=Count("id")))
    for row in late:
        by_prefix.setdefault(row["prefix"], Rates()).overdue_unresolved = row["n"]
    ranked = [(child, by_prefix.get(child.path, Rates())) for child in children]
    ranked.sort(key=lambda pair: (pair[1].score is None, -(pair[1].score or 0), pair[0].code))
    return ranked


def monthly(unit: OrgNode, period: Period) -> list[tuple[datetime.date, Rates]]:
    """Counters month by month, for the trend chart (the clock-dependent part left out)."""
    rows = (DemandTally.objects.filter(grid__path__within=unit.path, month__gte=period.first,
                                       month__lte=period.last)
            .values("month").annotate(**_sums()).order_by("month"))
    return [(row["month"], Rates(**{n: int(row[n] or 0) for n in COUNTERS})) for row in rows]


def breakdown(unit: OrgNode, period: Period) -> dict[str, list[tuple[str, int]]]:
    """Counts of the period's demands by channel, top-level category and current status."""
    demands = Demand.objects.filter(grid__path__within=unit.path, received_at__gte=period.start,
                                    received_at__lt=period.end).order_by()
    top = Substr("category__full_name", 1, 200)
    result: dict[str, list[tuple[str, int]]] = {}
    for key, expr in (("channel", "channel"), ("status", "status")):
        rows = demands.values(expr).annotate(n=Count("id")).order_by("-n")
        result[key] = [(row[expr], row["n"]) for row in rows]
    cats: dict[str, int] = {}
    for row in demands.annotate(c=top).values("c").annotate(n=Count("id")):
        head = row["c"].split("/")[0]
        cats[head] = cats.get(head, 0) + row["n"]
    result["category"] = sorted(cats.items(), key=lambda p: -p[1])
    return result
