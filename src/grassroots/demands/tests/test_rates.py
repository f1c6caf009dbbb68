"""The three rates on data whose figures were worked out by hand (see each comment)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from grassroots.demands import rates
from grassroots.demands.models import DemandTally
from grassroots.demands.services import MoveInput, tally, transition_demand
from grassroots.demands.testing import make_demand

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # every demand arrives then (env: 24h/72h)
NOW = datetime.datetime(2026, 4, 1, 12, 0, tzinfo=TZ)
MARCH = rates.Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 1))


def _at(hours):
    return T0 + datetime.timedelta(hours=hours)


def _move(demand, to, hours, **extra):
    note = "原因" if to in ("reopened",) else ""
    transition_demand(
        demand.pk, move=MoveInput(to=to, note=note, **extra), actor=None, now=_at(hours)
    )


def _handle(demand, respond, resolve=None, verdicts=()):
    _move(demand, "accepted", respond)
    if resolve is None:
        return
    _move(demand, "in_progress", respond)
    _move(demand, "resolved", resolve)
    for i, verdict in enumerate(verdicts):
        if i:  # the last follow-up found it unsolved: handled again, resolved 50 h later
            _move(demand, "reopened", resolve + 1)
            _move(demand, "resolved", resolve + 50)
            resolve += 50
        _move(demand, "followed_up", resolve + 1, satisfaction=verdict)


@pytest.fixture
def march(tree):
    g = tree
    d = {
        n: make_demand(grid, when=T0, title=f"诉求{n}")
        for n, grid in [
            (1, g.grid_a1_1),
            (2, g.grid_a1_1),
            (3, g.grid_a1_1),
            (4, g.grid_a1_1),
            (5, g.grid_a1_2),
            (6, g.grid_a2_1),
            (7, g.grid_b1_1),
        ]
    }
    february = make_demand(g.grid_a1_1, when=T0 - datetime.timedelta(days=30))
    _handle(february, respond=-719)  # in February's figures only
    _handle(d[1], respond=2, resolve=48, verdicts=["satisfied"])
    _handle(d[2], respond=30, resolve=100, verdicts=["unsatisfied"])  # late response
    _handle(d[3], respond=1)  # never resolved: past its 72 h deadline by NOW
    # d4: never touched: no response, past both deadlines
    _handle(d[5], respond=5, resolve=100, verdicts=["unsatisfied", "basically"])  # 150 h
    _handle(d[6], respond=3, resolve=20, verdicts=["unsatisfied"])
    _handle(d[7], respond=1)
    return d


def test_community_rates_match_the_hand_count(tree, march):
    r = rates.rates_for(tree.community_a1, MARCH, now=NOW)
    # d1..d5: responded in time d1 (2 h), d3 (1 h), d5 (5 h); d2 took 30 h, d4 none: 3/5
    assert (r.received, r.responded_in_time, r.response_rate) == (5, 3, 60.0)
    # resolved d1, d2, d5; past due unresolved d3, d4: 3/5
    assert (r.resolved, r.due, r.resolution_rate) == (3, 5, 60.0)
    # followed up d1 (满意), d2 (不满意), d5 (基本满意 on the second call): 2/3
    assert (r.followed_up, r.satisfied, r.satisfaction_rate) == (3, 2, 66.7)
    # response hours 2 + 30 + 1 + 5 over 4; resolution hours 48 + 100 + 150 over 3
    assert (r.avg_response_hours, r.avg_resolve_hours) == (9.5, 99.3)


def test_street_district_and_grid_roll_up_the_same_records(tree, march):
    street = rates.rates_for(tree.street_a, MARCH, now=NOW)  # d1..d6
    assert (street.response_rate, street.resolution_rate, street.satisfaction_rate) == (
        66.7,
        66.7,
        50.0,
    )  # 4/6, 4/6, 2/4
    district = rates.rates_for(tree.district, MARCH, now=NOW)  # d1..d7, d7 past due
    assert (
        district.received,
        district.response_rate,
        district.resolution_rate,
        district.satisfaction_rate,
    ) == (7, 71.4, 57.1, 50.0)  # 5/7, 4/7, 2/4
    grid = rates.rates_for(tree.grid_a1_1, MARCH, now=NOW)  # d1..d4
    assert (grid.response_rate, grid.resolution_rate, grid.satisfaction_rate) == (
        50.0,
        50.0,
        50.0,
    )  # 2/4, 2/4, 1/2


def test_before_the_deadlines_pass_an_unresolved_demand_is_not_yet_due(tree, march):
    early = rates.rates_for(tree.community_a1, MARCH, now=_at(60))  # d3, d4 due at 72 h
    assert early.due == early.resolved == 3


def test_the_monthly_ranking_orders_the_units_one_level_down_by_score(tree, march):
    ranked = rates.ranking(tree.street_a, MARCH, now=NOW)
    # A1: 0.10×60 + 0.45×60 + 0.45×66.7 = 63.0; A2 (d6): 0.10×100 + 0.45×100 + 0.45×0 = 55.0
    assert [(unit.name, r.score) for unit, r in ranked] == [
        ("清河口社区", 63.0),
        ("前进社区", 55.0),
    ]


def test_the_counters_kept_by_the_services_equal_a_recount_from_the_records(tree, march):
    kept = sorted(DemandTally.objects.values_list("grid_id", "month", *tally.COUNTERS))
    tally.recount()
    assert sorted(DemandTally.objects.values_list("grid_id", "month", *tally.COUNTERS)) == kept


def test_breakdowns_count_the_period_by_channel_category_and_status(tree, march):
    for unit in (tree.community_a1, tree.street_a):
        counts = rates.breakdown(unit, MARCH)
        assert counts["channel"] == [("grid_report", 5 if unit == tree.community_a1 else 6)]
    counts = rates.breakdown(tree.community_a1, MARCH)
    assert counts["category"] == [("环境卫生", 5)]
    assert dict(counts["status"]) == {"followed_up": 3, "accepted": 1, "received": 1}
    grid = rates.breakdown(tree.grid_a1_1, MARCH)
    assert grid["category"] == [("环境卫生", 4)]


def test_the_rates_are_the_same_before_and_after_the_sweep_marks_overdue_demands(tree, march):
    from grassroots.demands.services.sweep import mark_overdue

    before = rates.rates_for(tree.district, MARCH, now=NOW)
    assert (before.overdue_open, before.overdue_unmarked) == (0, 3)  # d3, d4, d7
    assert mark_overdue(NOW) == 4  # with February's, counted in February
    after = rates.rates_for(tree.district, MARCH, now=NOW)
    assert (after.overdue_open, after.overdue_unmarked) == (3, 0)
    assert after.resolution_rate == before.resolution_rate == 57.1
    _handle_rest = march[3]
    _move(_handle_rest, "in_progress", 800)
    _move(_handle_rest, "resolved", 801)  # resolved late: leaves the overdue count
    resolved = rates.rates_for(tree.district, MARCH, now=NOW)
    assert (resolved.overdue_open, resolved.resolved) == (2, 5)
    assert resolved.resolution_rate == 71.4  # 5/7
    kept = sorted(DemandTally.objects.values_list("grid_id", "month", *tally.COUNTERS))
    tally.recount()
    assert sorted(DemandTally.objects.values_list("grid_id", "month", *tally.COUNTERS)) == kept
