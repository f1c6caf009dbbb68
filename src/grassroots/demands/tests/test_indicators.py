"""The demands' three rates as indicators agree with the demands pages' hand-counted figures."""

import pytest

from grassroots.indicators.periods import parse_period
from grassroots.indicators.selectors import figures
from grassroots.indicators.services import roll_up

from .test_rates import march  # noqa: F401  (the hand-counted March of test_rates)

pytestmark = pytest.mark.django_db

CODES = ("demand_response_rate", "demand_resolution_rate", "demand_satisfaction_rate")


def three_rates(node):
    found = {f.spec.code: f for f in figures(node, parse_period("2026-03"))}
    return [(found[c].numerator, found[c].denominator, float(found[c].value)) for c in CODES]


def test_the_indicators_count_what_the_demands_rates_count(tree, march):  # noqa: F811
    roll_up(parse_period("2026-03"))
    # As test_rates counts them: responded in time, resolved / due, satisfied / followed up.
    assert three_rates(tree.community_a1) == [(3, 5, 60.0), (3, 5, 60.0), (2, 3, 66.7)]
    assert three_rates(tree.street_a) == [(4, 6, 66.7), (4, 6, 66.7), (2, 4, 50.0)]
    assert three_rates(tree.district) == [(5, 7, 71.4), (4, 7, 57.1), (2, 4, 50.0)]


def test_a_quarter_counts_its_three_months_demands(tree, march):  # noqa: F811
    roll_up(parse_period("2026-Q1"))
    found = {f.spec.code: f for f in figures(tree.grid_a1_1, parse_period("2026-Q1"))}
    # March's four demands of the grid and February's one (responded early, never resolved).
    assert found["demand_response_rate"].denominator == 5
