"""The demands' indicators (接诉即办三率), counted as the demands pages count them (``rates``).

- 响应率: demands responded to within the deadline / demands received;
- 解决率: demands resolved / demands due (resolved, or past the deadline and unresolved);
- 满意率: 满意 + 基本满意 / demands followed up;

each for the demands received in the period's months, per grid.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

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
