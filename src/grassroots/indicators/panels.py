"""The home page's results at a glance (本月成效): the user's unit's indicators, charted.

For the district's, a street's and a community's staff the home page leads with results: every
indicator of their unit for the last month that has kept counts, the percentages as bars
against their targets in red, amber and green, the rates per 10,000 as figures, each a way
into the indicator's own page. When nothing has been rolled up yet the panel says so and
names the command that does it. Three queries: the last month kept for the unit, then the
two of ``figures``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.indicators.models import IndicatorCount, PeriodKind
from grassroots.indicators.periods import Period, parse_period
from grassroots.indicators.selectors import Figure, NotRolledUp, figures
from grassroots.indicators.values import AMBER, GREEN, PERCENT, RED, WAITING
from grassroots.org.models import Level, OrgNode

# The units whose home page leads with their results (a grid's worker has a scorecard).
LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)


def indicator_url(code: str, unit: OrgNode, period: Period) -> str:
    """The indicator's page for this unit and period (the scorecard's opened figure)."""
    return f"/indicators/{code}/?{urlencode({'unit': unit.code, 'period': period.label})}"


def scorecard_url(unit: OrgNode, period: Period) -> str:
    return f"/indicators/?{urlencode({'unit': unit.code, 'period': period.label})}"


@dataclass
class Glance:
    """What the panel shows: the unit, the month, its figures (None when nothing is kept)."""

    unit: OrgNode
    period: Period | None
    figures: list[Figure] = field(default_factory=list)
    command: str = ""

    def _with(self, *statuses: str) -> list[Figure]:
        return [f for f in self.figures if f.status in statuses]

    @property
    def charted(self) -> list[Figure]:
        """The percentages with a value: the bars."""
        return [f for f in self.figures if f.spec.unit == PERCENT and f.value is not None]

    @property
    def others(self) -> list[Figure]:
        """The figures not charted: rates per 10,000, and those without a value."""
        charted = {f.spec.code for f in self.charted}
        return [f for f in self.figures if f.spec.code not in charted]

    @property
    def green(self) -> int:
        return len(self._with(GREEN))

    @property
    def amber(self) -> int:
        return len(self._with(AMBER))

    @property
    def red(self) -> int:
        return len(self._with(RED))

    @property
    def chart_height(self) -> int:
        """Pixels for the bars: one row a bar, and the axis and the legend."""
        return 70 + 30 * len(self.charted)

    @property
    def chart(self) -> dict[str, Any]:
        """The bars' data for the chart script (json_script): one bar per percentage."""
        bars = self.charted
        return {
            "labels": [str(f.spec.name) for f in bars],
            "series": [
                {"key": "value", "label": str(_("数值")), "data": [float(f.value) for f in bars]},
                {
                    "key": "target",
                    "label": str(_("目标")),
                    "data": [None if f.target is None else float(f.target) for f in bars],
                },
            ],
            "statuses": [f.status for f in bars],
            "links": [self.link(f) for f in bars],
        }

    def link(self, figure: Figure) -> str:
        if self.period is None:
            return ""
        return indicator_url(figure.spec.code, self.unit, self.period)

    @property
    def scorecard(self) -> str:
        return scorecard_url(self.unit, self.period) if self.period else ""

    def _rows(self, valued: bool) -> list[tuple[Figure, str]]:
        return [
            (f, self.link(f) if f.status != WAITING else "")
            for f in self.figures
            if (f.value is not None) == valued
        ]

    @property
    def rows(self) -> list[tuple[Figure, str]]:
        """The figures with a value, each with the link to its page."""
        return self._rows(valued=True)

    @property
    def empty_rows(self) -> list[tuple[Figure, str]]:
        """The figures without one (nothing counted yet, or a module still waited for)."""
        return self._rows(valued=False)


def last_kept_month(unit: OrgNode) -> Period | None:
    """The last month for which the unit has kept counts (one indexed query)."""
    first: datetime.date | None = (
        IndicatorCount.objects.filter(node=unit, period_kind=PeriodKind.MONTH)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return None if first is None else parse_period(f"{first:%Y-%m}")


def _unit(user: Any) -> OrgNode | None:
    unit = getattr(user, "org_node", None)
    return unit if unit is not None and unit.level in LEVELS else None


def results_panel(user: Any) -> Glance | None:
    """The panel (``HomePanel`` context); None for a user with no unit above the grids."""
    unit = _unit(user)
    if unit is None:
        return None
    period = last_kept_month(unit)
    if period is None:
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        command = f"grassroots indicators rollup --period {last_month:%Y-%m}"
        return Glance(unit, None, command=command)
    try:
        shown = figures(unit, period)
    except NotRolledUp:  # removed between the two reads
        return Glance(unit, None)
    return Glance(unit, period, shown)
