"""Reads of the kept indicator counts: a unit's figures for a period, and one figure opened.

Only ``IndicatorCount`` is read, never the modules' rows: a unit's page of every indicator is
one indexed query (the period and the same period of the years before, for the change and
the run of falling years). A unit is found through ``visible_to``: outside the reader's scope
it is not found at all. ``user`` None is the operator's command line: the whole tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from grassroots.indicators.models import IndicatorCount
from grassroots.indicators.periods import Period
from grassroots.indicators.specs import declared_indicators
from grassroots.indicators.values import (
    PERCENT,
    WAITING,
    rounded,
    status_of,
    target_for,
    value_of,
)
from grassroots.kernel.plugins import IndicatorSpec
from grassroots.kernel.stats import wilson
from grassroots.org.models import OrgNode

YEARS_LOOKED_BACK = 20  # how far back the run of falling years is followed


class NotRolledUp(LookupError):
    """The period has no kept counts: the rollup has not been run for it."""

    def __init__(self, period: Period) -> None:
        self.period = period
        super().__init__(
            _("%(period)s的指标尚未汇总：请先运行 grassroots indicators rollup --period %(period)s")
            % {"period": period.label}
        )


@dataclass
class Figure:
    """One indicator of one unit and period, as shown and as ``--json`` prints it."""

    spec: IndicatorSpec
    node: OrgNode
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None
    status: str
    previous_year_value: Decimal | None = None
    years_falling: int | None = None

    @property
    def change(self) -> Decimal | None:
        """The value less last year's (percentage points for a percentage)."""
        if self.value is None or self.previous_year_value is None:
            return None
        return self.value - self.previous_year_value

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        """The 95% Wilson score interval of a sampled figure, in percent (one decimal); None
        for a figure that is not sampled or has no answers."""
        if not self.spec.sampled or not self.denominator or self.numerator is None:
            return None
        found = wilson(self.numerator, self.denominator)
        if found is None:
            return None
        return _percent(found.low), _percent(found.high)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.spec.code,
            "name": str(self.spec.name),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": _number(self.value),
            "unit": self.spec.unit,
            "target": _number(self.target),
            "status": self.status,
            "previous_year_value": _number(self.previous_year_value),
            "change": _number(self.change),
        }
        if self.spec.track_falls:
            data["years_falling"] = self.years_falling
        if self.spec.sampled:
            interval = self.interval
            data["sample_size"] = self.denominator
            data["interval_low"] = _number(interval[0]) if interval else None
            data["interval_high"] = _number(interval[1]) if interval else None
        if self.status == WAITING:
            data["note"] = str(self.spec.waiting_for)
        return data


@dataclass
class Opened:
    """One figure opened: the unit's own, and its children's that add up to it."""

    figure: Figure
    children: list[Figure] = field(default_factory=list)


def _percent(share: float) -> Decimal:
    return rounded(PERCENT, Decimal(repr(share * 100)))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _nodes(user: Any) -> QuerySet[OrgNode]:
    return OrgNode.objects.all() if user is None else OrgNode.objects.visible_to(user)


def find_unit(user: Any, code: str) -> OrgNode | None:
    """The unit with this code if the reader sees it (None otherwise, existing or not)."""
    return _nodes(user).filter(code=(code or "").strip()).first()


def _kept(period: Period) -> QuerySet[IndicatorCount]:
    return IndicatorCount.objects.filter(period_kind=period.kind, period_start=period.first)


def _counts_by_year(
    nodes: list[OrgNode], period: Period, years: int
) -> dict[tuple[int, str, int], tuple[int, int]]:
    """(node id, code, years back) → (numerator, denominator), for the period and the same
    period of up to ``years`` years before it."""
    starts = {period.years_back(back).first: back for back in range(years + 1)}
    rows = IndicatorCount.objects.filter(
        node__in=[node.pk for node in nodes],
        period_kind=period.kind,
        period_start__in=list(starts),
    ).values_list("node_id", "code", "period_start", "numerator", "denominator")
    return {(pk, code, starts[start]): (n, d) for pk, code, start, n, d in rows}


def _years_falling(values: list[Decimal | None]) -> int:
    """How many years in a row, up to this one, the value fell (values: this year first)."""
    run = 0
    for this, before in zip(values, values[1:], strict=False):
        if this is None or before is None or this >= before:
            break
        run += 1
    return run


def _figure(
    spec: IndicatorSpec,
    node: OrgNode,
    counts: dict[tuple[int, str, int], tuple[int, int]],
    years: int,
) -> Figure:
    target = target_for(spec, node.level)
    if not spec.counter:
        return Figure(spec, node, None, None, None, target, WAITING)
    kept = counts.get((node.pk, spec.code, 0))
    values = [
        value_of(spec.unit, *counts[(node.pk, spec.code, back)])
        if (node.pk, spec.code, back) in counts
        else None
        for back in range(years + 1)
    ]
    numerator, denominator = kept if kept is not None else (None, None)
    return Figure(
        spec,
        node,
        numerator,
        denominator,
        values[0],
        target,
        status_of(spec, values[0], target),
        previous_year_value=values[1] if years else None,
        years_falling=_years_falling(values) if spec.track_falls else None,
    )


def _require_counts(period: Period) -> None:
    if not _kept(period).exists():
        raise NotRolledUp(period)


def figures(node: OrgNode, period: Period) -> list[Figure]:
    """Every declared indicator of ``node`` for ``period``, in display order (two queries).
    NotRolledUp when the period has no kept counts."""
    _require_counts(period)
    specs = declared_indicators()
    years = YEARS_LOOKED_BACK if any(spec.track_falls for spec in specs) else 1
    counts = _counts_by_year([node], period, years)
    return [_figure(spec, node, counts, years) for spec in specs]


def opened(user: Any, node: OrgNode, period: Period, spec: IndicatorSpec) -> Opened:
    """One figure of ``node`` and the same figure of each child the reader sees."""
    _require_counts(period)
    children = list(_nodes(user).filter(path__within=node.path, depth=node.depth + 1))
    years = YEARS_LOOKED_BACK if spec.track_falls else 1
    counts = _counts_by_year([node, *children], period, years)
    return Opened(
        figure=_figure(spec, node, counts, years),
        children=[_figure(spec, child, counts, years) for child in children],
    )
