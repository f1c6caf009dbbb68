"""The 一联十 page on a phone (375 px) and a laptop (1366 px): the secretary accepts the
suggestion with one tap and sees each member's households on the page."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.members.models import HouseholdLink
from grassroots.members.tests.link_world import household, member

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def community(tree):
    grid = tree.grid_a1_1
    homes = [
        household(grid, "清河小区", building, f"{n}0{n}", head=f"居民{building}{n}")
        for building in ("1栋", "2栋")
        for n in range(1, 5)
    ]
    zhang = member(grid, "张建华", home=homes[0])
    li = member(grid, "李红梅", home=homes[4])
    household(tree.grid_a1_2, "河口小区", "3栋", "301", head="赵大娘")
    wang = member(tree.grid_a1_2, "王志强")
    return {"zhang": zhang, "li": li, "wang": wang, "homes": homes}


def test_the_secretary_accepts_the_suggestion_on_a_phone(new_page, personas, community, screens):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto("/members/links/")
    page.wait_for_selector("[data-testid=suggestion]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-links-375-before.png", full_page=True)
    proposals = page.get_by_test_id("proposals")
    assert "张建华" in proposals.inner_text() and "同楼栋" in proposals.inner_text()
    page.get_by_test_id("accept-suggestion").click()
    page.wait_for_selector(".messages li.success")
    assert "已接受建议，新增9个联系户" in page.locator(".messages").inner_text()
    # Everyone in grid 1 is linked now: the two members share its eight households.
    zhang = page.get_by_test_id(f"member-{community['zhang'].pk}")
    assert "清河小区1栋1单元202" in zhang.inner_text()
    assert "已联系" in zhang.inner_text() and zhang.get_by_role("button", name="解除").count()
    assert page.get_by_test_id("linked-total").inner_text() == "9"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-links-375-after.png", full_page=True)
    assert HouseholdLink.objects.filter(ended_on__isnull=True).count() == 9
    linked = set(
        HouseholdLink.objects.filter(member=community["wang"]).values_list(
            "household__room__address", flat=True
        )
    )
    assert linked == {"河口小区3栋1单元301"}


def test_the_page_at_1366_and_a_household_assigned_by_hand(new_page, personas, community, screens):
    page = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=LAPTOP)
    page.goto("/members/links/")
    page.wait_for_selector("[data-testid=assign-form]")
    page.select_option("#assign-member", str(community["li"].pk))
    page.select_option("#assign-household", str(community["homes"][1].pk))
    page.get_by_test_id("assign-form").get_by_role("button", name="分配").click()
    page.wait_for_selector(".messages li.success")
    li = page.get_by_test_id(f"member-{community['li'].pk}")
    assert "清河小区1栋1单元202" in li.inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-links-1366.png", full_page=True)
