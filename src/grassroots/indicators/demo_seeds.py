"""Demo seeder (order 900, after every module's own): the criminal case counts the
public-security side would report, and the indicators rolled up for the thirteen months up
to the demo's today, so the scorecard has a month, the month before and last year to show.

Cases: for each community and month of the last twenty-five, a few (0-3), drawn from the
seeder's own random stream. The rollup then counts every module's demo rows as the command
``grassroots indicators rollup`` does.
"""

from __future__ import annotations

from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.org.models import Level

LAST_MONTH = parse_period("2026-11")  # the last full month before the demo's today (2026-12-01)
MONTHS_ROLLED_UP = 13
MONTHS_OF_CASES = 25
CASES = (0, 0, 1, 1, 2, 3)


@demo_seeder(order=900, name="indicators.rollup")
def seed_indicators(context: DemoContext) -> None:
    communities = context.nodes.get(Level.COMMUNITY, [])
    months = [LAST_MONTH.shifted(-back).first for back in range(MONTHS_OF_CASES)]
    counts = [
        CriminalCaseCount(community=community, month=month, cases=context.rng.choice(CASES))
        for community in communities
        for month in months
    ]
    with context.progress("刑事案件数 / criminal cases", total=len(counts)) as advance:
        bulk.insert(CriminalCaseCount, counts, advance)
    periods = [LAST_MONTH.shifted(-back) for back in range(MONTHS_ROLLED_UP - 1, -1, -1)]
    with context.progress("汇总考核指标 / indicators", total=len(periods)) as advance:
        for period in periods:
            roll_up(period)
            advance(1)


__all__ = ["seed_indicators"]
