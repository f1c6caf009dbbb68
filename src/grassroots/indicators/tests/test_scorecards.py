"""The scorecard, the tables of units, the rankings and the trends read the kept counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grassroots.indicators import selectors
from grassroots.indicators.models import IndicatorCount
from grassroots.indicators.periods import parse_period
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import IndicatorSpec
from grassroots.org.models import OrgNode

pytestmark = pytest.mark.django_db

HIGHER = IndicatorSpec(
    code="high_rate",
    name="越高越好",
    unit="percent",
    direction="higher",
    counter="unused:counter",
    targets={"community": Decimal(90), "street": Decimal(90), "district": Decimal(90)},
)
LOWER = IndicatorSpec(
    code="low_rate",
    name="越低越好",
    unit="per_10k",
    direction="lower",
    counter="unused:counter",
    targets={"community": Decimal(10)},
)
WAITING = IndicatorSpec(
    code="waiting_rate", name="待建", unit="percent", direction="higher", waiting_for="待模块"
)


@pytest.fixture
def two_specs(monkeypatch):
    monkeypatch.setattr(selectors, "declared_indicators", lambda: [HIGHER, LOWER, WAITING])


def keep(node, period, code, numerator, denominator):
    p = parse_period(period)
    IndicatorCount.objects.create(
        code=code,
        node=node,
        period_kind=p.kind,
        period_start=p.first,
        numerator=numerator,
        denominator=denominator,
        computed_at=timezone.now(),
    )


def card_of(found, code):
    return next(c for c in found.cards if c.spec.code == code)


def test_a_scorecard_gives_value_target_status_previous_month_and_last_year(tree, two_specs):
    keep(tree.community_a1, "2026-11", "high_rate", 87, 100)
    keep(tree.community_a1, "2026-10", "high_rate", 91, 100)
    keep(tree.community_a1, "2025-11", "high_rate", 80, 100)
    keep(tree.community_a1, "2026-11", "low_rate", 3, 1000)
    found = selectors.scorecard(None, tree.community_a1, parse_period("2026-11"))
    high = card_of(found, "high_rate")
    assert (high.figure.value, high.figure.target, high.figure.status) == (
        Decimal("87.0"),
        Decimal("90.0"),
        "amber",
    )
    assert (high.previous_value, high.last_year_value) == (Decimal("91.0"), Decimal("80.0"))
    assert high.change_from_previous == Decimal("-4.0")
    assert (high.arrow, high.improved) == ("down", False)
    low = card_of(found, "low_rate")
    assert (low.figure.value, low.figure.status) == (Decimal("30.00"), "red")
    assert low.previous_value is None and low.last_year_value is None
    assert card_of(found, "waiting_rate").figure.status == "waiting"


def test_a_quarters_previous_period_is_the_quarter_before_and_a_years_the_year_before(
    tree, two_specs
):
    keep(tree.community_a1, "2026-Q4", "high_rate", 9, 10)
    keep(tree.community_a1, "2026-Q3", "high_rate", 1, 2)
    keep(tree.community_a1, "2025-Q4", "high_rate", 1, 4)
    keep(tree.community_a1, "2026", "high_rate", 1, 1)
    keep(tree.community_a1, "2025", "high_rate", 3, 4)
    quarter = card_of(
        selectors.scorecard(None, tree.community_a1, parse_period("2026-Q4")), "high_rate"
    )
    assert (quarter.figure.value, quarter.previous_value, quarter.last_year_value) == (
        Decimal("90.0"),
        Decimal("50.0"),
        Decimal("25.0"),
    )
    year = card_of(selectors.scorecard(None, tree.community_a1, parse_period("2026")), "high_rate")
    assert (year.previous_value, year.last_year_value) == (Decimal("75.0"), Decimal("75.0"))
    assert parse_period("2026-01").previous().label == "2025-12"


def test_a_lower_is_better_fall_is_an_improvement(tree, two_specs):
    keep(tree.community_a1, "2026-11", "low_rate", 1, 10_000)
    keep(tree.community_a1, "2026-10", "low_rate", 5, 10_000)
    low = card_of(selectors.scorecard(None, tree.community_a1, parse_period("2026-11")), "low_rate")
    assert (low.arrow, low.improved) == ("down", True)


def test_a_scorecard_of_a_unit_out_of_scope_is_refused(tree, personas, two_specs):
    keep(tree.street_b, "2026-11", "high_rate", 1, 2)
    with pytest.raises(OrgNode.DoesNotExist):
        selectors.scorecard(personas[Role.STREET_STAFF], tree.street_b, parse_period("2026-11"))


def test_the_table_reads_every_communitys_figures_in_one_query(tree, two_specs):
    for node, n in ((tree.community_a1, 5), (tree.community_a2, 7), (tree.community_b1, 9)):
        keep(node, "2026-11", "high_rate", n, 10)
        keep(node, "2026-11", "low_rate", n, 10_000)
    keep(tree.street_a, "2026-11", "high_rate", 12, 20)  # not a community: not in the table
    period = parse_period("2026-11")
    with CaptureQueriesContext(connection) as queries:
        found = selectors.table(None, tree.district, period, "community")
    assert len(queries) == 1
    assert [row.name for row in found.rows] == ["清河口社区", "前进社区", "春园社区"]
    assert [cells[0].value for _, cells in found.lines] == [
        Decimal("50.0"),
        Decimal("70.0"),
        Decimal("90.0"),
    ]
    assert [spec.code for spec in found.specs] == ["high_rate", "low_rate"]


def test_the_table_leaves_out_units_the_reader_does_not_see(tree, personas, two_specs):
    for node in (tree.community_a1, tree.community_a2, tree.community_b1):
        keep(node, "2026-11", "high_rate", 1, 2)
    found = selectors.table(
        personas[Role.STREET_STAFF], tree.district, parse_period("2026-11"), "community"
    )
    assert [row.name for row in found.rows] == ["清河口社区", "前进社区"]


def ranks(items):
    return [(item.rank, item.row.name) for item in items]


def test_higher_is_better_ranks_the_highest_first_and_ties_share_a_rank(tree, two_specs):
    keep(tree.community_a1, "2026-11", "high_rate", 8, 10)
    keep(tree.community_a2, "2026-11", "high_rate", 9, 10)
    keep(tree.community_b1, "2026-11", "high_rate", 80, 100)
    found = selectors.ranking(
        None, tree.district, parse_period("2026-11"), "high_rate", "community"
    )
    assert ranks(found) == [(1, "前进社区"), (2, "清河口社区"), (2, "春园社区")]


def test_lower_is_better_ranks_the_lowest_first_and_units_with_no_value_come_last(tree, two_specs):
    keep(tree.community_a1, "2026-11", "low_rate", 0, 0)
    keep(tree.community_a2, "2026-11", "low_rate", 3, 10_000)
    keep(tree.community_b1, "2026-11", "low_rate", 1, 10_000)
    found = selectors.ranking(None, tree.district, parse_period("2026-11"), "low_rate", "community")
    assert ranks(found) == [(1, "春园社区"), (2, "前进社区"), (None, "清河口社区")]


def test_streets_are_ranked_on_their_own_summed_counts(tree, two_specs):
    keep(tree.street_a, "2026-11", "high_rate", 3, 4)
    keep(tree.street_b, "2026-11", "high_rate", 1, 1)
    found = selectors.ranking(None, tree.district, parse_period("2026-11"), "high_rate", "street")
    assert ranks(found) == [(1, "王寨街道"), (2, "汉江街道")]


def test_the_trend_gives_twelve_months_ending_with_the_period_gaps_as_none(tree, two_specs):
    keep(tree.community_a1, "2026-11", "high_rate", 1, 2)
    keep(tree.community_a1, "2025-12", "high_rate", 1, 4)
    keep(tree.community_a1, "2025-11", "high_rate", 1, 1)  # thirteen months back: not shown
    found = selectors.trend(None, tree.community_a1, "high_rate", until=parse_period("2026-11"))
    assert len(found) == 12
    assert found[0] == ("2025-12", Decimal("25.0"))
    assert found[-1] == ("2026-11", Decimal("50.0"))
    assert all(value is None for _, value in found[1:-1])


def test_the_default_period_is_the_last_full_month_with_counts(tree, two_specs):
    keep(tree.community_a1, "2026-10", "high_rate", 1, 2)
    keep(tree.community_a1, "2026-12", "high_rate", 1, 2)  # the running month: not full
    keep(tree.community_a1, "2026-Q4", "high_rate", 1, 2)
    assert selectors.latest_month(datetime.date(2026, 12, 6)).label == "2026-10"


def test_a_sampled_rate_carries_its_sample_size_and_95_percent_interval(tree):
    spec = IndicatorSpec("survey_rate", "满意度", "percent", "higher", sampled=True)
    figure = selectors.Figure(spec, tree.community_a1, 360, 400, Decimal("90.0"), None, "none")
    # Wilson score interval of 360 of 400 at 95%: 86.67 %–92.57 %.
    assert selectors.Card(figure, None).interval == (Decimal("86.7"), Decimal("92.6"))
    unsampled = selectors.Figure(HIGHER, tree.community_a1, 360, 400, Decimal("90.0"), None, "none")
    assert selectors.Card(unsampled, None).interval is None
