import datetime
from decimal import Decimal

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.indicators import services
from grassroots.indicators.models import IndicatorCount, PeriodKind
from grassroots.indicators.periods import PeriodError, parse_period
from grassroots.indicators.selectors import NotRolledUp, figures
from grassroots.indicators.values import status_of, value_of
from grassroots.kernel.plugins import IndicatorSpec

pytestmark = pytest.mark.django_db

# What the fake module counts, by grid code: (numerator, denominator).
COUNTED: dict[str, tuple[int, int]] = {}
CALLS: list[tuple[datetime.date, datetime.date]] = []


def fake_counter(first, last):
    from grassroots.org.models import OrgNode

    CALLS.append((first, last))
    ids = dict(OrgNode.objects.filter(code__in=COUNTED).values_list("code", "pk"))
    return {ids[code]: pair for code, pair in COUNTED.items()}


FAKE = IndicatorSpec(
    code="fake_rate",
    name="测试指标",
    unit="percent",
    direction="higher",
    counter=f"{__name__}:fake_counter",
    targets={"community": Decimal(90), "street": Decimal(90)},
)


@pytest.fixture
def fake_only(monkeypatch):
    COUNTED.clear()
    CALLS.clear()
    monkeypatch.setattr(services, "declared_indicators", lambda: [FAKE])
    monkeypatch.setattr("grassroots.indicators.selectors.declared_indicators", lambda: [FAKE])


def kept(node, period="2026-11", code="fake_rate"):
    p = parse_period(period)
    row = IndicatorCount.objects.get(code=code, node=node, period_kind=p.kind, period_start=p.first)
    return row.numerator, row.denominator


def test_a_parent_sums_its_childrens_numerators_and_denominators_never_averages_rates(
    tree, fake_only
):
    COUNTED.update({"420606001001001": (1, 1), "420606001001002": (1, 9)})
    COUNTED["420606002001001"] = (3, 10)
    services.roll_up(parse_period("2026-11"))
    assert kept(tree.community_a1) == (2, 10)
    [community] = figures(tree.community_a1, parse_period("2026-11"))
    # Averaging the grids' 100.0 % and 11.1 % would give 55.6 %.
    assert community.value == Decimal("20.0")
    assert kept(tree.street_a) == (2, 10)
    assert kept(tree.district) == (5, 20)
    assert figures(tree.district, parse_period("2026-11"))[0].value == Decimal("25.0")
    # Every node is kept, a node nothing was counted for with 0/0 and no value.
    assert kept(tree.grid_a2_1) == (0, 0)
    assert figures(tree.grid_a2_1, parse_period("2026-11"))[0].value is None
    assert IndicatorCount.objects.count() == len(tree.nodes())


def test_a_rollup_replaces_the_periods_counts_and_is_audited(tree, fake_only):
    COUNTED["420606001001001"] = (1, 4)
    services.roll_up(parse_period("2026-11"))
    COUNTED["420606001001001"] = (3, 4)
    result = services.roll_up(parse_period("2026-11"))
    assert kept(tree.grid_a1_1) == (3, 4)
    assert result.rows == len(tree.nodes())
    event = AuditEvent.objects.filter(action="indicator_counts_rolled_up").latest("pk")
    assert event.detail["period"] == "2026-11"


def test_the_counter_is_asked_for_the_periods_first_and_last_day(tree, fake_only):
    services.roll_up(parse_period("2026-Q4"))
    services.roll_up(parse_period("2024"))
    services.roll_up(parse_period("2026-02"))
    assert CALLS == [
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
    ]
    assert IndicatorCount.objects.filter(period_kind=PeriodKind.QUARTER).exists()


def test_figures_of_a_period_never_rolled_up_say_to_run_the_rollup(tree, fake_only):
    with pytest.raises(NotRolledUp, match="grassroots indicators rollup --period 2026-10"):
        figures(tree.district, parse_period("2026-10"))


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-11", "2026/11/05", "", "十一月"])
def test_a_period_in_no_known_form_is_refused_in_chinese(text):
    with pytest.raises(PeriodError, match="应为月份（如2026-11）、季度（如2026-Q4）或年份"):
        parse_period(text)


def test_percentages_round_half_up_to_one_decimal():
    assert value_of("percent", 1745, 2000) == Decimal("87.3")  # 87.25
    assert value_of("percent", 1, 8) == Decimal("12.5")
    assert value_of("percent", 1, 3) == Decimal("33.3")
    assert value_of("percent", 2, 3) == Decimal("66.7")
    assert value_of("percent", 0, 0) is None


def test_rates_per_10000_round_half_up_to_two_decimals():
    assert value_of("per_10k", 1, 8000) == Decimal("1.25")
    assert value_of("per_10k", 1, 16000) == Decimal("0.63")  # 0.625
    assert value_of("per_10k", 3, 7) == Decimal("4285.71")
    assert value_of("per_10k", 5, 0) is None


HIGHER = IndicatorSpec("h", "h", "percent", "higher", counter="x:y")
LOWER = IndicatorSpec("l", "l", "per_10k", "lower", counter="x:y")


@pytest.mark.parametrize(
    ("spec", "value", "target", "status"),
    [
        (HIGHER, "98.0", "98", "green"),
        (HIGHER, "93.0", "98", "amber"),  # 5 points short
        (HIGHER, "92.9", "98", "red"),
        (LOWER, "10.00", "10", "green"),
        (LOWER, "9.00", "10", "green"),
        (LOWER, "11.00", "10", "amber"),  # 10 % over
        (LOWER, "11.01", "10", "red"),
        (HIGHER, None, "98", "none"),
        (HIGHER, "50.0", None, "none"),
    ],
)
def test_the_status_respects_the_direction(spec, value, target, status):
    value = None if value is None else Decimal(value)
    target = None if target is None else Decimal(target)
    assert status_of(spec, value, target) == status


def test_an_indicator_waiting_for_its_module_has_status_waiting():
    waiting = IndicatorSpec("s", "s", "percent", "higher", waiting_for="待测评模块")
    assert status_of(waiting, None, Decimal(98)) == "waiting"


def test_the_target_is_the_one_for_the_nodes_level(tree, fake_only):
    COUNTED.update({"420606001001001": (9, 10)})
    services.roll_up(parse_period("2026-11"))
    period = parse_period("2026-11")
    [grid] = figures(tree.grid_a1_1, period)
    [community] = figures(tree.community_a1, period)
    assert (grid.target, grid.status) == (None, "none")
    assert (community.target, community.status) == (Decimal("90.0"), "green")


def test_a_module_declaring_an_unknown_unit_or_direction_fails_at_once():
    with pytest.raises(ValueError, match="unit"):
        IndicatorSpec("x", "x", "ratio", "higher")
    with pytest.raises(ValueError, match="direction"):
        IndicatorSpec("x", "x", "percent", "up")


def test_a_units_figures_are_read_from_the_kept_counts_in_two_queries(
    tree, fake_only, django_assert_num_queries
):
    COUNTED["420606001001001"] = (1, 2)
    services.roll_up(parse_period("2026-11"))
    with django_assert_num_queries(2):  # the period is rolled up; the unit's counts
        [figure] = figures(tree.district, parse_period("2026-11"))
    assert (figure.numerator, figure.denominator) == (1, 2)
