"""The grid roster and a building's public page in a real browser: the grid page at 375 px
(and 1366 px) with no sideways scroll, and a resident who scanned a notice sending a demand."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest

from grassroots.demands.models import Demand
from grassroots.kernel.permissions import Role
from tests.browser.conftest import add_axe

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
SINCE = datetime.date(2026, 1, 5)
DESKTOP = {"width": 1366, "height": 900}
SERIOUS = """async () => (await axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
})).violations.filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.id}: ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))"""


def _axe(page) -> list[str]:
    """The serious and critical WCAG 2.1 AA violations of the page as it stands."""
    add_axe(page)
    return page.evaluate(SERIOUS)


def _grid_with_people(tree):
    """Grid A1-1: a chief, a worker and a volunteer, two buildings, a member linked to one."""
    from grassroots.grids.models import PostRole
    from grassroots.grids.services import agree_board_phone, appoint_post
    from grassroots.members.models import HouseholdLink
    from grassroots.members.testing import make_member
    from grassroots.registry.services import ensure_room, register_resident
    from grassroots.registry.validation import ResidentData

    grid = tree.grid_a1_1
    appoint_post(
        grid=grid, role=PostRole.CHIEF, name="孙国强", work_phone="13812345678", since=SINCE
    )
    appoint_post(
        grid=grid, role=PostRole.WORKER, name="周丽", work_phone="13698765432", since=SINCE
    )
    appoint_post(grid=grid, role=PostRole.VOLUNTEER, name="吴志愿", since=SINCE)
    appoint_post(grid=grid, role=PostRole.NOTABLE, name="冯乡贤（退休教师）", since=SINCE)
    rooms = [
        ensure_room(grid=grid, estate="清河小区", building=f"{n}栋", unit="1单元", number="101")
        for n in (1, 2)
    ]
    resident = register_resident(
        room=rooms[0], data=ResidentData(name="王小明", gender="M"), on=SINCE
    )
    member = make_member(grid, "b1", name="赵红梅")
    HouseholdLink.objects.create(
        member=member, household=resident.household, grid=grid, linked_on=SINCE
    )
    agree_board_phone(member, work_phone="13700009999", agreed_on=SINCE)
    return rooms[0].building


def test_the_grid_page_fits_a_phone_and_a_desktop(new_page, personas, tree, screens):
    _grid_with_people(tree)
    secretary = personas[Role.COMMUNITY_SECRETARY]
    page = new_page(secretary)
    page.goto("/grids/")
    assert "缺配网格（1个）" in page.inner_text("main") or "缺配网格（1个）" in page.content()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "grids-list-375.png", full_page=True)
    page.click("text=清河口第一网格")
    page.wait_for_selector("[data-testid=posts-chief]")
    assert "孙国强" in page.inner_text("[data-testid=posts-chief]")
    assert "138****5678" in page.inner_text("[data-testid=posts-chief]")
    assert "赵红梅" in page.inner_text("[data-testid=members]")
    page.click("text=登记任职")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert _axe(page) == []
    page.screenshot(path=screens / "grids-grid-375.png", full_page=True)
    page.select_option("select[name=role]", "volunteer")
    page.fill("input[name=name]", "郑志愿")
    page.click("[data-testid=post-form] button")
    page.wait_for_selector(".messages li.success")
    assert "郑志愿" in page.inner_text("[data-testid=posts-volunteer]")
    desktop = new_page(secretary, viewport=DESKTOP)
    desktop.goto(f"/grids/{tree.grid_a1_1.pk}/")
    assert desktop.evaluate(NO_HORIZONTAL_SCROLL)
    desktop.screenshot(path=screens / "grids-grid-1366.png", full_page=True)
    desktop.goto("/grids/check/")
    assert "清河口第二网格" in desktop.inner_text("[data-testid=gaps]")
    desktop.screenshot(path=screens / "grids-check-1366.png", full_page=True)
    assert _axe(desktop) == []


def test_a_resident_who_scanned_the_notice_sends_a_demand_for_the_building(new_page, tree, screens):
    from grassroots.demands.testing import ensure_categories
    from grassroots.grids.selectors import board_token

    ensure_categories()
    building = _grid_with_people(tree)
    page = new_page()  # nobody signed in
    page.goto(f"/grids/b/?k={quote(board_token(building.pk))}")
    people = page.inner_text("[data-testid=board-people]")
    assert "清河小区1栋" in people and "周丽" in people and "13698765432" in people
    assert "赵红梅" in people and "13700009999" in people
    assert "王小明" not in page.content()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "grids-public-375.png", full_page=True)
    assert _axe(page) == []
    page.fill("input[name=title]", "楼道灯坏了")
    page.fill("textarea[name=description]", "三楼到五楼的楼道灯一直不亮，晚上看不清")
    page.select_option("select[name=category]", index=1)
    page.fill("input[name=address]", "1单元502")
    page.fill("input[name=reporter_phone]", "13700001234")
    page.click("[data-testid=board-form] button")
    page.wait_for_selector("[data-testid=tracking-code]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    demand = Demand.objects.get(code=code)
    assert demand.building_id == building.pk and demand.grid_id == tree.grid_a1_1.pk
    assert demand.address == "清河小区1栋1单元502"
    page.screenshot(path=screens / "grids-public-done-375.png", full_page=True)
    page.goto(f"/grids/b/?k={quote(board_token(building.pk))}x")
    assert "楼道灯" not in page.content()
