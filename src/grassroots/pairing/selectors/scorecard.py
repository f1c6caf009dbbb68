"""A pairing's results (结对共建成效): its community's indicators in the month before the pairing
began beside the latest month rolled up, each marked better or worse the right way round.

Only kept counts are read (``indicators.selectors.figures``): two queries a period and one to
find the latest month. A period with no kept counts is said to have none, never shown as zero:
a pairing that began before the first rollup has no "before", one rolled up only before it
began has no "since".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from grassroots.indicators.panels import last_kept_month
from grassroots.indicators.periods import Period, parse_period
from grassroots.indicators.selectors import Figure, NotRolledUp, figures
from grassroots.indicators.values import WAITING
from grassroots.kernel.plugins import IndicatorSpec
from grassroots.pairing.models import Pairing

BETTER, WORSE, SAME = "better", "worse", "same"


@dataclass
class Compared:
    """One indicator before the pairing and now."""

    spec: IndicatorSpec
    before: Figure | None
    now: Figure | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.now is None:
            return None
        if self.before.value is None or self.now.value is None:
            return None
        return self.now.value - self.before.value

    @property
    def has_value(self) -> bool:
        return any(f is not None and f.value is not None for f in (self.before, self.now))

    @property
    def trend(self) -> str:
        """``better``, ``worse`` or ``same`` for the indicator's direction; "" when unknown."""
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return SAME
        return BETTER if (change > 0) == (self.spec.direction == "higher") else WORSE


@dataclass
class PairingResults:
    before_period: Period
    now_period: Period | None
    before_kept: bool
    now_kept: bool
    rows: list[Compared] = field(default_factory=list)

    @property
    def better(self) -> int:
        return sum(1 for row in self.rows if row.trend == BETTER)

    @property
    def worse(self) -> int:
        return sum(1 for row in self.rows if row.trend == WORSE)

    @property
    def shown(self) -> list[Compared]:
        """The indicators with a value in either month; the rest are only counted."""
        return [row for row in self.rows if row.has_value]

    @property
    def without_values(self) -> int:
        return len(self.rows) - len(self.shown)

    @property
    def comparable(self) -> bool:
        return self.before_kept and self.now_kept


def month_before(day: datetime.date) -> Period:
    last = day.replace(day=1) - datetime.timedelta(days=1)
    return parse_period(f"{last:%Y-%m}")


def _figures(pairing: Pairing, period: Period | None) -> dict[str, Figure] | None:
    if period is None:
        return None
    try:
        return {f.spec.code: f for f in figures(pairing.community, period)}
    except NotRolledUp:
        return None


def pairing_results(pairing: Pairing) -> PairingResults:
    """The community's indicators before the pairing began and in the latest month kept."""
    before_period = month_before(pairing.started_on)
    latest = last_kept_month(pairing.community)
    now_period = latest if latest is not None and latest.first > before_period.last else None
    before = _figures(pairing, before_period)
    now = _figures(pairing, now_period)
    specs = [
        f.spec
        for f in (now or before or {}).values()
        if f.status != WAITING  # a module not built has nothing to compare
    ]
    rows = [
        Compared(spec, (before or {}).get(spec.code), (now or {}).get(spec.code)) for spec in specs
    ]
    return PairingResults(before_period, now_period, before is not None, now is not None, rows)
