"""The 一联十 suggestion: nearest first (building, estate, grid), up to the target, no
household twice, the same answer every time."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.members.selectors.suggestions import suggest_links
from grassroots.members.services.linking import link_household, set_link_target, unlink_household
from grassroots.members.tests.link_world import empty_household, household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(personas):
    return personas[Role.COMMUNITY_SECRETARY]


def _addresses(proposals, member_=None):
    return [p.address for p in proposals if member_ is None or p.member_id == member_.pk]


def test_the_same_building_comes_before_the_estate_and_the_estate_before_the_grid(tree, secretary):
    grid = tree.grid_a1_1
    home = household(grid, "清河小区", "1栋", "101")
    household(grid, "清河小区", "1栋", "102")
    household(grid, "清河小区", "1栋", "1001")  # after 102: room numbers compare as numbers
    household(grid, "清河小区", "2栋", "101")
    household(grid, "滨江小区", "1栋", "101")
    household(grid, "滨江小区", "1栋", "102")
    household(tree.grid_a1_2, "河口小区", "1栋", "101")  # another grid: never proposed
    zhang = member(grid, "张党员", home=home)
    set_link_target(community=tree.community_a1, households=5, actor=secretary)
    proposals = suggest_links(secretary, tree.community_a1)
    assert [(p.address, p.step) for p in proposals] == [
        ("清河小区1栋1单元102", "building"),
        ("清河小区1栋1单元1001", "building"),
        ("清河小区2栋1单元101", "estate"),
        ("滨江小区1栋1单元101", "grid"),
        ("滨江小区1栋1单元102", "grid"),
    ]
    assert {p.member_id for p in proposals} == {zhang.pk}


def test_the_member_s_own_household_is_never_proposed_to_them(tree, secretary):
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101")
    zhang = member(tree.grid_a1_1, "张党员", home=home)
    li = member(tree.grid_a1_1, "李党员")
    proposals = suggest_links(secretary, tree.community_a1)
    assert [(p.member_id, p.household_id) for p in proposals] == [(li.pk, home.pk)]
    assert zhang.pk not in {p.member_id for p in proposals}


def test_the_target_is_respected_and_members_at_it_get_nothing(tree, secretary):
    grid = tree.grid_a1_1
    for n in range(1, 16):
        household(grid, "清河小区", "1栋", f"{n:02d}")
    full, short, fresh = member(grid, "甲党员"), member(grid, "乙党员"), member(grid, "丙党员")
    set_link_target(community=tree.community_a1, households=3, actor=secretary)
    proposals = suggest_links(secretary, tree.community_a1)
    taken = {p.household_id for p in proposals}
    linked = [
        link_household(member=full, household=h, actor=secretary)
        for h in _free_households(grid, taken, 3)
    ]
    link_household(member=short, household=_free_households(grid, taken, 4)[3], actor=secretary)
    proposals = suggest_links(secretary, tree.community_a1)
    count = {m.pk: sum(p.member_id == m.pk for p in proposals) for m in (full, short, fresh)}
    assert count == {full.pk: 0, short.pk: 2, fresh.pk: 3}
    # Above the target by hand: still nothing, and an ended link frees a place.
    unlink_household(link=linked[0], actor=secretary)
    proposals = suggest_links(secretary, tree.community_a1)
    assert sum(p.member_id == full.pk for p in proposals) == 1


def _free_households(grid, exclude, n):
    from grassroots.registry.models import Household

    rows = Household.objects.filter(grid=grid).exclude(pk__in=exclude).order_by("pk")
    return list(rows[:n]) if len(rows) >= n else list(rows)


def test_no_household_is_proposed_twice_and_neighbours_share_their_building(tree, secretary):
    grid = tree.grid_a1_1
    homes = [household(grid, "清河小区", "1栋", f"{n:02d}") for n in range(1, 8)]
    zhang = member(grid, "张党员", home=homes[0])
    li = member(grid, "李党员", home=homes[1])
    proposals = suggest_links(secretary, tree.community_a1)
    ids = [p.household_id for p in proposals]
    assert len(ids) == len(set(ids)) == 7  # the five others, and each member's own to the other
    mine = {m.pk: [p for p in proposals if p.member_id == m.pk] for m in (zhang, li)}
    assert len(mine[zhang.pk]) in (3, 4) and len(mine[li.pk]) in (3, 4)
    assert homes[0].pk not in {p.household_id for p in mine[zhang.pk]}
    assert homes[1].pk not in {p.household_id for p in mine[li.pk]}


def test_a_member_with_no_registry_record_is_matched_within_their_grid_only(tree, secretary):
    household(tree.grid_a1_1, "清河小区", "1栋", "101")
    household(tree.grid_a1_2, "河口小区", "1栋", "101")
    household(tree.grid_a1_2, "河口小区", "1栋", "102")
    wang = member(tree.grid_a1_2, "王党员")
    proposals = suggest_links(secretary, tree.community_a1)
    assert _addresses(proposals, wang) == ["河口小区1栋1单元101", "河口小区1栋1单元102"]
    assert all(p.step == "grid" for p in proposals)


def test_empty_linked_and_other_community_households_are_left_out(tree, secretary):
    grid = tree.grid_a1_1
    empty_household(grid, "清河小区", "1栋", "101")
    linked = household(grid, "清河小区", "1栋", "102")
    free = household(grid, "清河小区", "1栋", "103")
    household(tree.grid_a2_1, "前进小区", "1栋", "101")
    zhang, li = member(grid, "张党员"), member(grid, "李党员")
    link_household(member=li, household=linked, actor=secretary)
    proposals = suggest_links(secretary, tree.community_a1)
    assert [p.household_id for p in proposals] == [free.pk]
    assert proposals[0].member_id in (zhang.pk, li.pk)


def test_the_suggestion_is_the_same_every_time(tree, secretary):
    grid = tree.grid_a1_1
    homes = [
        household(grid, estate, building, f"{n:02d}")
        for estate in ("清河小区", "滨江小区")
        for building in ("1栋", "2栋")
        for n in range(1, 6)
    ]
    for i, name in enumerate(("赵党员", "钱党员", "孙党员", "李党员")):
        member(grid, name, home=homes[i * 5])
    member(grid, "周党员")
    first = suggest_links(secretary, tree.community_a1)
    assert first == suggest_links(secretary, tree.community_a1)
    assert len({p.household_id for p in first}) == len(first) == 20


def test_a_secretary_of_another_community_gets_nothing_of_this_one(tree, personas):
    from grassroots.testing.personas import make_account

    household(tree.grid_a1_1, "清河小区", "1栋", "101")
    member(tree.grid_a1_1, "张党员")
    other = make_account(tree.community_a2, Role.COMMUNITY_SECRETARY, username="sec_a2")
    assert suggest_links(other, tree.community_a1) == []
    assert len(suggest_links(personas[Role.COMMUNITY_SECRETARY], tree.community_a1)) == 1
