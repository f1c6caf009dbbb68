"""Keeping the indicators' counts: ``roll_up`` recounts every indicator for one period.

Each declared counter answers ``{node id: (numerator, denominator)}`` at the lowest level its
module knows; the rollup adds each pair to the node and to every node above it (a node's
materialised path starts with each ancestor's), so a street's figure is the sum of its
communities' numerators over the sum of their denominators, never an average of their
rates. Every node of the tree gets a row for every counted indicator (0/0 where nothing was
counted), replacing what the period held, in one transaction, audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from grassroots.audit.services import record
from grassroots.indicators.models import IndicatorCount
from grassroots.indicators.periods import Period
from grassroots.indicators.specs import declared_indicators
from grassroots.kernel.db.rows import Adapt, insert_rows
from grassroots.kernel.plugins import IndicatorSpec, load
from grassroots.org.models import OrgNode

ROLLED_UP = "indicator_counts_rolled_up"
COLUMNS = (
    "code",
    "node_id",
    "period_kind",
    "period_start",
    "numerator",
    "denominator",
    "computed_at",
)


@dataclass(frozen=True)
class RollupResult:
    period: Period
    indicators: int
    rows: int


def counted_indicators() -> list[IndicatorSpec]:
    """The indicators with a counter: those whose module is built."""
    return [spec for spec in declared_indicators() if spec.counter]


def summed_up_the_tree(
    counts: dict[int, tuple[int, int]], nodes: list[tuple[int, str]]
) -> dict[int, tuple[int, int]]:
    """Every node's numerator and denominator: the pairs counted at or below it, added."""
    steplen = OrgNode.steplen
    path_of = dict(nodes)
    pk_at = {path: pk for pk, path in nodes}
    numerators = dict.fromkeys(path_of, 0)
    denominators = dict.fromkeys(path_of, 0)
    for node_id, (numerator, denominator) in counts.items():
        path = path_of.get(node_id)
        if path is None:
            continue
        for end in range(steplen, len(path) + 1, steplen):
            above = pk_at.get(path[:end])
            if above is not None:
                numerators[above] += numerator
                denominators[above] += denominator
    return {pk: (numerators[pk], denominators[pk]) for pk in path_of}


def roll_up(
    period: Period,
    *,
    actor: Any = None,
    progress: Callable[[int], None] | None = None,
) -> RollupResult:
    """Recount every counted indicator for ``period`` and keep the counts of every node."""
    specs = counted_indicators()
    with transaction.atomic():
        nodes = list(OrgNode.objects.order_by().values_list("pk", "path"))
        adapt = Adapt()
        start = adapt.date(period.first)
        rows = []
        for spec in specs:
            counts = load(spec.counter)(period.first, period.last)
            for pk, (numerator, denominator) in summed_up_the_tree(counts, nodes).items():
                rows.append((spec.code, pk, period.kind, start, numerator, denominator, adapt.now))
            if progress is not None:
                progress(1)
        IndicatorCount.objects.filter(period_kind=period.kind, period_start=period.first).delete()
        # Raw rows: the ORM's objects cost more than the counting for a district's 20,000.
        insert_rows(IndicatorCount, COLUMNS, rows)
        record(ROLLED_UP, actor=actor, period=period.label, indicators=len(specs), rows=len(rows))
    return RollupResult(period=period, indicators=len(specs), rows=len(rows))
