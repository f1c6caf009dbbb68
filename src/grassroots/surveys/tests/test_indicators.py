"""The surveys feed 群众满意度 and 群众安全感: favourable over valid answers received in the
period, per grid, summed up the tree, shown with the sample size and the 95% interval."""

import datetime
import json

import pytest

from grassroots.cli import main
from grassroots.indicators.periods import parse_period
from grassroots.indicators.selectors import figures
from grassroots.indicators.services import roll_up
from grassroots.surveys.testing import answer_all

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 10)
OCT = datetime.date(2026, 10, 10)


def by_code(found):
    return {f.spec.code: f for f in found}


def test_the_rollup_gives_the_satisfaction_rate_of_the_answers_in_the_period(running, tree):
    sample = list(running.sample.order_by("pk"))
    for sampled in sample[:8]:
        answer_all(sampled, "非常满意", "安全", on=NOV)
    for sampled in sample[8:10]:
        answer_all(sampled, "基本满意", "不安全", on=NOV)
    answer_all(sample[10], "不满意", "不安全", on=OCT)  # another month
    period = parse_period("2026-11")
    roll_up(period)
    community = by_code(figures(tree.community_a1, period))
    satisfaction = community["satisfaction_rate"]
    assert (satisfaction.numerator, satisfaction.denominator) == (8, 10)
    assert str(satisfaction.value) == "80.0"
    assert satisfaction.status == "red"  # target 98
    assert [str(v) for v in satisfaction.interval] == ["49.0", "94.3"]
    safety = community["safety_rate"]
    assert (safety.numerator, safety.denominator) == (8, 10)
    # The district adds its communities' answers: the same 8/10 here.
    district = by_code(figures(tree.district, period))["satisfaction_rate"]
    assert (district.numerator, district.denominator) == (8, 10)


def test_show_json_carries_the_sample_size_and_interval_of_a_sampled_indicator(
    running, tree, capsys
):
    for sampled in running.sample.order_by("pk")[:5]:
        answer_all(sampled, "满意", "比较安全", on=NOV)
    assert main(["indicators", "rollup", "--period", "2026-11"]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "indicators",
                "show",
                "--unit",
                tree.community_a1.code,
                "--period",
                "2026-11",
                "--json",
            ]
        )
        == 0
    )
    items = {item["code"]: item for item in json.loads(capsys.readouterr().out)}
    satisfaction = items["satisfaction_rate"]
    assert (satisfaction["value"], satisfaction["sample_size"]) == (100.0, 5)
    assert satisfaction["interval_low"] == 56.6 and satisfaction["interval_high"] == 100.0
    assert "interval_low" not in items["criminal_cases_per_10k"]
    assert (
        main(["indicators", "show", "--unit", tree.community_a1.code, "--period", "2026-11"]) == 0
    )
    assert "群众满意度: 100.0%（n=5，95%置信区间 56.6%–100.0%）" in capsys.readouterr().out
