import datetime
import json

import pytest

from grassroots.cli import main
from grassroots.indicators.models import CriminalCaseCount
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db

REQUIRED_CODES = {
    "group_rental_rectification_rate",
    "hazard_rectification_rate",
    "criminal_cases_per_10k",
    "satisfaction_rate",
    "safety_rate",
    "demand_response_rate",
    "demand_resolution_rate",
    "demand_satisfaction_rate",
    "sweep_coverage_rate",
    "registry_freshness_rate",
    "household_linkage_rate",
}
FIELDS = ["code", "name", "numerator", "denominator", "value", "unit", "target", "status"]


def residents(grid, n):
    for number in range(n):
        room = ensure_room(
            grid=grid, estate="清河小区", building="1栋", unit="1单元", number=f"{number}"
        )
        register_resident(
            room=room,
            data=ResidentData(name=f"居民{number}", gender="M"),
            on=datetime.date(2020, 1, 1),
        )


def cases(community, year, n):
    CriminalCaseCount.objects.create(community=community, month=datetime.date(year, 11, 1), cases=n)


def show(capsys, unit, period, *extra):
    status = main(["indicators", "show", "--unit", unit, "--period", period, *extra])
    out = capsys.readouterr()
    return status, out.out, out.err


def rollup(capsys, period):
    assert main(["indicators", "rollup", "--period", period]) == 0
    return capsys.readouterr().out


def by_code(out):
    return {item["code"]: item for item in json.loads(out)}


def test_show_json_gives_every_indicator_with_the_listed_fields(tree, capsys):
    out = rollup(capsys, "2026-11")
    assert "已汇总2026-11" in out
    status, out, _ = show(capsys, "420606000000", "2026-11", "--json")
    assert status == 0
    items = json.loads(out)
    assert REQUIRED_CODES <= {item["code"] for item in items}
    for item in items:
        assert list(item)[: len(FIELDS)] == FIELDS
        assert {"previous_year_value", "change"} <= set(item)


def test_survey_indicators_with_no_answers_have_no_value_and_no_interval(tree, capsys):
    rollup(capsys, "2026-11")
    items = by_code(show(capsys, "420606000000", "2026-11", "--json")[1])
    for code in ("satisfaction_rate", "safety_rate"):
        item = items[code]
        assert (item["numerator"], item["denominator"], item["value"]) == (0, 0, None)
        assert item["status"] == "none"
        assert (item["sample_size"], item["interval_low"], item["interval_high"]) == (0, None, None)
    assert items["satisfaction_rate"]["target"] == 98.0


def test_crime_per_10000_its_change_and_the_years_it_fell(tree, capsys):
    residents(tree.grid_a1_1, 3)
    # 2023: 2, 2024: 2 (no fall), 2025: 1, 2026: 0 → two years falling.
    for year, n in ((2023, 2), (2024, 2), (2025, 1), (2026, 0)):
        cases(tree.community_a1, year, n)
        rollup(capsys, f"{year}-11")
    crime = by_code(show(capsys, "420606001001", "2026-11", "--json")[1])["criminal_cases_per_10k"]
    assert (crime["numerator"], crime["denominator"], crime["unit"]) == (0, 3, "per_10k")
    assert crime["value"] == 0.0
    assert crime["previous_year_value"] == 3333.33  # 1 × 10,000 / 3
    assert crime["change"] == -3333.33
    assert crime["years_falling"] == 2
    last_year = by_code(show(capsys, "420606001001", "2025-11", "--json")[1])
    assert last_year["criminal_cases_per_10k"]["years_falling"] == 1
    # Read as text, each value with its unit.
    assert "万人刑事案件发案率: 3333.33/万人（1/3）" in show(capsys, "420606001001", "2025-11")[1]


def test_show_of_a_period_not_rolled_up_says_to_run_the_rollup(tree, capsys):
    status, _, err = show(capsys, "420606000000", "2026-10")
    assert status == 1
    assert "尚未汇总" in err and "grassroots indicators rollup --period 2026-10" in err


def test_show_of_an_unknown_unit_or_a_bad_period_fails_in_chinese(tree, capsys):
    rollup(capsys, "2026-11")
    status, _, err = show(capsys, "420606999999", "2026-11")
    assert status == 1 and "找不到编码为420606999999的组织节点" in err
    status, _, err = show(capsys, "420606000000", "2026-14")
    assert status == 1 and "期间“2026-14”无法识别" in err


def test_show_without_json_prints_one_line_per_indicator(tree, capsys):
    rollup(capsys, "2026-Q4")
    status, out, _ = show(capsys, "420606001000", "2026-Q4")
    assert status == 0
    assert out.splitlines()[0] == "汉江街道（420606001000） 2026-Q4"
    assert "群众满意度: —（0/0） 目标98.0" in out.splitlines()
