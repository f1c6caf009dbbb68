"""Reads of the kept indicator counts: a unit's figures for a period, and one figure opened.

Only ``IndicatorCount`` is read, never the modules' rows: a unit's page of every indicator is
one indexed query (the period and the same period of the years before, for the change and
the run of falling years). A unit is found through ``visible_to``: outside the reader's scope
it is not found at all. ``user`` None is the operator's command line: the whole tree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.indicators.models import CriminalCaseCount, IndicatorCount, PeriodKind
from grassroots.indicators.periods import Period, month_of
from grassroots.indicators.specs import declared_indicators
from grassroots.indicators.values import (
    AMBER,
    GREEN,
    NONE,
    PERCENT,
    RED,
    WAITING,
    rounded,
    status_of,
    target_for,
    value_of,
)
from grassroots.kernel.plugins import IndicatorRows, IndicatorSpec, load
from grassroots.kernel.stats import wilson
from grassroots.org.models import Level, OrgNode, child_level

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


def case_counts(user: Any) -> QuerySet[CriminalCaseCount]:
    """The criminal case counts the reader sees (every one for the command line)."""
    if user is None:
        return CriminalCaseCount.objects.all()
    return CriminalCaseCount.objects.visible_to(user)


def home_unit(user: Any) -> OrgNode | None:
    """The reader's own unit, or the top of what they see when they have none."""
    own = getattr(user, "org_node", None)
    return own or _nodes(user).order_by("path").first()


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


# --- scorecards, tables, rankings, trends ---------------------------------------------------

TREND_MONTHS = 12


def latest_month(before: datetime.date | None = None) -> Period | None:
    """The last full month that has kept counts (before the month of ``before``, today)."""
    today = before or timezone.localdate()
    start = (
        IndicatorCount.objects.filter(
            period_kind=PeriodKind.MONTH, period_start__lt=today.replace(day=1)
        )
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return None if start is None else month_of(start)


def _better(spec: IndicatorSpec, change: Decimal | None) -> bool | None:
    """Whether a change is for the better (None: no change, or no figure to compare)."""
    if change is None or change == 0:
        return None
    return (change > 0) == (spec.direction == "higher")


@dataclass
class Card:
    """One indicator on a unit's scorecard: the figure, the previous period, last year."""

    figure: Figure
    previous_value: Decimal | None
    trend: list[Decimal | None] = field(default_factory=list)

    @property
    def spec(self) -> IndicatorSpec:
        return self.figure.spec

    @property
    def last_year_value(self) -> Decimal | None:
        return self.figure.previous_year_value

    @property
    def change_from_previous(self) -> Decimal | None:
        if self.figure.value is None or self.previous_value is None:
            return None
        return self.figure.value - self.previous_value

    @property
    def improved(self) -> bool | None:
        """Better than the previous period (True), worse (False), the same or unknown (None)."""
        return _better(self.spec, self.change_from_previous)

    @property
    def arrow(self) -> str:
        change = self.change_from_previous
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "flat"

    @property
    def sampled(self) -> bool:
        return self.spec.sampled

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        """The figure's 95% Wilson interval (the same one the command line and API give)."""
        return self.figure.interval


@dataclass
class Scorecard:
    node: OrgNode
    period: Period
    cards: list[Card]

    @property
    def previous_period(self) -> Period:
        return self.period.previous()

    @property
    def last_year_period(self) -> Period:
        return self.period.years_back(1)

    def counts(self) -> dict[str, int]:
        """How many indicators stand at each status (for the page's summary line)."""
        found = dict.fromkeys((GREEN, AMBER, RED, NONE, WAITING), 0)
        for card in self.cards:
            found[card.figure.status] = found.get(card.figure.status, 0) + 1
        return found


def _in_scope(user: Any, node: OrgNode) -> None:
    if user is not None and not _nodes(user).filter(pk=node.pk).exists():
        raise OrgNode.DoesNotExist


def scorecard(user: Any, node: OrgNode, period: Period) -> Scorecard:
    """Every indicator of ``node`` for ``period`` with its target and status, the previous
    period's value and the same period's last year: one read of the kept counts.
    OrgNode.DoesNotExist when the reader does not see the node; NotRolledUp without counts."""
    _in_scope(user, node)
    _require_counts(period)
    specs = declared_indicators()
    years = YEARS_LOOKED_BACK if any(spec.track_falls for spec in specs) else 1
    before = period.previous()
    starts = {period.years_back(back).first: back for back in range(years + 1)}
    rows = IndicatorCount.objects.filter(
        node=node,
        period_kind=period.kind,
        period_start__in=[*starts, before.first],
    ).values_list("code", "period_start", "numerator", "denominator")
    counts: dict[tuple[int, str, int], tuple[int, int]] = {}
    previous: dict[str, tuple[int, int]] = {}
    for code, start, n, d in rows:
        if start == before.first:
            previous[code] = (n, d)
        if start in starts:
            counts[(node.pk, code, starts[start])] = (n, d)
    cards = []
    for spec in specs:
        kept = previous.get(spec.code)
        before_value = value_of(spec.unit, *kept) if kept and spec.counter else None
        cards.append(Card(_figure(spec, node, counts, years), before_value))
    return Scorecard(node, period, cards)


def _months_until(until: Period, months: int) -> list[Period]:
    last = month_of(until.last)
    return [last.shifted(-back) for back in range(months - 1, -1, -1)]


def trends(
    node: OrgNode, until: Period, months: int = TREND_MONTHS
) -> tuple[list[str], dict[str, list[Decimal | None]]]:
    """The monthly values of every indicator of ``node`` over ``months`` months ending with
    ``until``'s last month: (month labels, code → values), one query."""
    periods = _months_until(until, months)
    index = {period.first: i for i, period in enumerate(periods)}
    units = {spec.code: spec.unit for spec in declared_indicators() if spec.counter}
    values: dict[str, list[Decimal | None]] = {code: [None] * months for code in units}
    rows = IndicatorCount.objects.filter(
        node=node, period_kind=PeriodKind.MONTH, period_start__in=list(index)
    ).values_list("code", "period_start", "numerator", "denominator")
    for code, start, n, d in rows:
        if code in values:
            values[code][index[start]] = value_of(units[code], n, d)
    return [period.label for period in periods], values


def trend(
    user: Any, node: OrgNode, code: str, months: int = TREND_MONTHS, until: Period | None = None
) -> list[tuple[str, Decimal | None]]:
    """One indicator of ``node`` month by month: (month, value) over ``months`` months ending
    with ``until`` (the last full month with counts when not given)."""
    _in_scope(user, node)
    until = until or latest_month()
    if until is None:
        return []
    labels, values = trends(node, until, months)
    return list(zip(labels, values.get(code, [None] * months), strict=True))


@dataclass
class Cell:
    """One indicator of one unit in a table: its counts, value and status."""

    numerator: int
    denominator: int
    value: Decimal | None
    status: str


@dataclass
class UnitRow:
    node_id: int
    code: str
    name: str
    path: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class UnitTable:
    """The figures of every unit at one level under a node, for one period."""

    node: OrgNode
    period: Period
    level: str
    specs: list[IndicatorSpec]
    rows: list[UnitRow]

    def cell(self, row: UnitRow, code: str) -> Cell | None:
        return row.cells.get(code)

    @property
    def lines(self) -> list[tuple[UnitRow, list[Cell | None]]]:
        """Each unit with its cells in the order of ``specs`` (None where nothing is kept)."""
        return [(row, [row.cells.get(spec.code) for spec in self.specs]) for row in self.rows]


def table(
    user: Any, node: OrgNode, period: Period, level: str, code: str | None = None
) -> UnitTable:
    """Every indicator (or only ``code``) of every unit at ``level`` under ``node`` that the
    reader sees, for ``period``: one query of the kept counts joined to their units
    (NotRolledUp, after a second, when the period has no counts at all)."""
    specs = [s for s in declared_indicators() if s.counter and (code is None or s.code == code)]
    by_code = {spec.code: spec for spec in specs}
    units = _nodes(user).filter(path__startswith=node.path, level=level).order_by()
    counts = _kept(period).filter(node__in=units.values("pk"), code__in=list(by_code))
    found: dict[int, UnitRow] = {}
    for pk, unit_code, name, path, kept_code, n, d in counts.values_list(
        "node_id", "node__code", "node__name", "node__path", "code", "numerator", "denominator"
    ):
        row = found.get(pk) or found.setdefault(pk, UnitRow(pk, unit_code, name, path))
        spec = by_code[kept_code]
        value = value_of(spec.unit, n, d)
        row.cells[kept_code] = Cell(n, d, value, status_of(spec, value, target_for(spec, level)))
    if not found:
        _require_counts(period)
    rows = sorted(found.values(), key=lambda row: row.path)
    return UnitTable(node, period, level, specs, rows)


TABLE_LABELS = {
    Level.STREET: gettext_lazy("各街道（乡镇）"),
    Level.COMMUNITY: gettext_lazy("各社区（村）"),
    Level.GRID: gettext_lazy("各网格"),
}


def unit_tables(user: Any, node: OrgNode, period: Period) -> list[tuple[str, UnitTable]]:
    """The tables of the units under ``node``, titled: a district's streets then its
    communities; a street's communities; a community's grids; none for a grid."""
    levels = [Level.STREET, Level.COMMUNITY] if node.level == Level.DISTRICT else []
    below = child_level(node.level)
    if not levels and below is not None:
        levels = [below]
    return [(str(TABLE_LABELS[level]), table(user, node, period, level)) for level in levels]


@dataclass
class Ranked:
    rank: int | None
    row: UnitRow
    cell: Cell | None


def ranked(spec: IndicatorSpec, rows: list[UnitRow]) -> list[Ranked]:
    """Best first by the indicator's direction; equal values share a rank (1, 2, 2, 4);
    units with no value come last, unranked, by code."""
    sign = -1 if spec.direction == "higher" else 1

    def value(row: UnitRow) -> Decimal | None:
        cell = row.cells.get(spec.code)
        return None if cell is None else cell.value

    with_value = sorted(
        (row for row in rows if value(row) is not None),
        key=lambda row: (sign * value(row), row.code),  # type: ignore[operator]
    )
    without = sorted((row for row in rows if value(row) is None), key=lambda row: row.code)
    result: list[Ranked] = []
    for position, row in enumerate(with_value, start=1):
        tied = result and value(result[-1].row) == value(row)
        rank = result[-1].rank if tied else position
        result.append(Ranked(rank, row, row.cells[spec.code]))
    result += [Ranked(None, row, row.cells.get(spec.code)) for row in without]
    return result


def ranking(user: Any, node: OrgNode, period: Period, code: str, level: str) -> list[Ranked]:
    """The units at ``level`` under ``node`` ranked on one indicator (see ``ranked``)."""
    spec = next((s for s in declared_indicators() if s.code == code and s.counter), None)
    if spec is None:
        return []
    return ranked(spec, table(user, node, period, level, code=code).rows)


# --- the rows behind a figure ---------------------------------------------------------------

ROWS_PER_PAGE = 50
NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass
class Behind:
    """One page of the rows behind a figure, on one side (numerator or denominator)."""

    side: str
    columns: list[str]
    rows: list[tuple[list[Any], str]]
    page: Any  # django.core.paginator.Page, or None when the side is not listed
    note: str = ""
    listed: bool = True


def behind(
    user: Any, node: OrgNode, period: Period, spec: IndicatorSpec, side: str, number: Any = 1
) -> Behind | None:
    """The rows counted on ``side`` of ``node``'s figure that the reader sees, one page of
    them; None when the module lists no rows for the indicator."""
    if not spec.rows:
        return None
    found: IndicatorRows = load(spec.rows)(node, period.first, period.last, user)
    columns = [str(column) for column in found.columns]
    items = found.numerator if side == NUMERATOR else found.denominator
    if items is None:
        return Behind(side, columns, [], None, note=str(found.note), listed=False)
    page = Paginator(items, ROWS_PER_PAGE).get_page(number)
    return Behind(side, columns, [found.row(item) for item in page], page, note=str(found.note))
