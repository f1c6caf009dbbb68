"""The demands' indicators (接诉即办三率), counted as the demands pages count them (``rates``).

- 响应率: demands responded to within the deadline / demands received;
- 解决率: demands resolved / demands due (resolved, or past the deadline and unresolved);
- 满意率: 满意 + 基本满意 / demands followed up;

each for the demands received in the period's months, per grid; and 调解成功率 (``mediation``)
for the demands of dispute categories resolved in the period.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Count, Q

from grassroots.demands.models import MEDIATED, Demand, Mediation
from grassroots.demands.rates import Period, Rates, rates_by_grid


def _pairs(
    first: datetime.date, last: datetime.date, pair: Callable[[Rates], tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    return {grid: pair(rates) for grid, rates in rates_by_grid(Period(first, last)).items()}


def response(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.responded_in_time, r.received))


def resolution(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.resolved, r.due))


def satisfaction(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.satisfied, r.followed_up))


def mediation(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    """调解成功率 per grid: of the demands of dispute categories resolved in the period that
    went to mediation (调解成功 or 调解不成功), those mediated successfully.

    A demand counts in the month it was (last) resolved, with the outcome its handler recorded
    then; those resolved 其他方式 (never mediated) count in neither figure.
    """
    span = Period(first, last)
    rows = (
        Demand.objects.filter(
            mediation__in=MEDIATED, resolved_at__gte=span.start, resolved_at__lt=span.end
        )
        .order_by()
        .values("grid_id")
        .annotate(
            succeeded=Count("pk", filter=Q(mediation=Mediation.SUCCEEDED)), mediated=Count("pk")
        )
    )
    return {row["grid_id"]: (row["succeeded"], row["mediated"]) for row in rows}
