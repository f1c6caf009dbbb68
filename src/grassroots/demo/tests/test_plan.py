"""The shape of the demo district for a given population, before anything is written."""

import random

import pytest

from grassroots.demo.names import NameMaker, chinese_number
from grassroots.demo.plan import apportion, plan_district, unit_counts
from grassroots.org.codes import code_problem, parent_prefix_problem
from grassroots.org.models import Level


def make_plan(residents, seed=7):
    rng = random.Random(seed)
    return plan_district(
        residents=residents, district_code="420606000000", rng=rng, names=NameMaker(rng)
    )


def snapshot(plan):
    return [
        (
            s.code,
            s.name,
            [
                (
                    c.code,
                    c.name,
                    c.residents,
                    [(g.code, g.name, g.residents, g.members) for g in c.grids],
                )
                for c in s.communities
            ],
        )
        for s in plan.streets
    ]


def test_the_default_district_has_two_streets_four_communities_and_a_grid_per_600_residents():
    assert unit_counts(20_000) == (2, 4, 33)


def test_a_million_residents_make_13_streets_125_communities_and_1667_grids():
    assert unit_counts(1_000_000) == (13, 125, 1667)


def test_a_tiny_district_still_shows_siblings_at_every_level():
    plan = make_plan(50)
    assert len(plan.streets) == 2
    assert all(len(s.communities) >= 2 for s in plan.streets)
    assert all(len(c.grids) >= 2 for c in plan.communities())


def test_the_plan_counts_match_the_population():
    plan = make_plan(1_000_000)
    assert len(plan.streets) == 13
    assert len(plan.communities()) == 125
    assert len(plan.grids()) == 1667
    assert sum(g.residents for g in plan.grids()) == 1_000_000
    assert plan.members == 60_000
    assert all(len(s.communities) >= 2 for s in plan.streets)
    assert all(len(c.grids) >= 2 for c in plan.communities())


def test_planned_codes_follow_the_statistical_division_code_rules():
    plan = make_plan(400_000)  # large enough to have towns and villages
    assert any(s.is_town for s in plan.streets)
    assert any(c.is_village for c in plan.communities())
    assert code_problem(plan.code, Level.DISTRICT) is None
    for street in plan.streets:
        assert code_problem(street.code, Level.STREET) is None
        assert parent_prefix_problem(street.code, plan.code, Level.DISTRICT) is None
        assert street.name.endswith("镇" if street.is_town else "街道")
        for community in street.communities:
            assert code_problem(community.code, Level.COMMUNITY) is None
            assert parent_prefix_problem(community.code, street.code, Level.STREET) is None
            assert community.name.endswith("村" if community.is_village else "社区")
            for grid in community.grids:
                assert code_problem(grid.code, Level.GRID) is None
                assert parent_prefix_problem(grid.code, community.code, Level.COMMUNITY) is None


def test_the_first_units_have_the_documented_codes():
    plan = make_plan(20_000)
    first_street = plan.streets[0]
    assert first_street.code == "420606001000"
    assert first_street.communities[0].code == "420606001001"
    assert first_street.communities[0].grids[0].code == "420606001001001"


def test_place_names_are_never_repeated_in_one_district():
    plan = make_plan(1_000_000)
    names = [s.name for s in plan.streets] + [c.name for c in plan.communities()]
    assert len(names) == len(set(names))
    grid_names = [g.name for g in plan.grids()]
    assert len(grid_names) == len(set(grid_names))


def test_the_same_seed_plans_the_same_district_and_another_seed_another():
    assert snapshot(make_plan(100_000, seed=3)) == snapshot(make_plan(100_000, seed=3))
    assert snapshot(make_plan(100_000, seed=3)) != snapshot(make_plan(100_000, seed=4))


def test_apportion_adds_up_and_respects_the_minimum():
    parts = apportion(100, [5.0, 1.0, 1.0, 0.1], minimum=3)
    assert sum(parts) == 100
    assert min(parts) >= 3
    assert parts[0] > parts[1]
    with pytest.raises(ValueError):
        apportion(5, [1.0, 1.0, 1.0], minimum=2)


@pytest.mark.parametrize(
    "number,text",
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (35, "三十五"),
        (101, "一百零一"),
        (110, "一百一十"),
    ],
)
def test_grid_numbers_are_written_in_chinese(number, text):
    assert chinese_number(number) == text
