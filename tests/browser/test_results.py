"""The home page leads with results (本月成效) for the community and the district, charted; the
grid worker opens their scorecard (网格员考核); on a phone and on a laptop screen."""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role
from grassroots.pairing.testing import pair
from grassroots.registry.services import ensure_room
from grassroots.rentals.models import RentalCampaign
from grassroots.rentals.testing import make_case
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.models import Campaign, Visit

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
CHARTS_DRAWN = "() => document.documentElement.dataset.chartsDrawn === 'yes'"
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(tree, personas):
    """November 2026 rolled up: of community A1's five rooms (four, and a group rental whose
    case was left open after its campaign ended) the worker entered two."""
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="1栋", unit="1单元", number=n)
        for n in ("101", "102", "103", "104")
    ]
    campaign = Campaign.objects.create(
        node=tree.community_a1,
        name="扫楼",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    for room, day in ((rooms[0], 3), (rooms[1], 4), (rooms[1], 20)):
        on = datetime.date(2026, 11, day)
        Visit.objects.create(
            key=uuid.uuid4(),
            campaign=campaign,
            grid_id=room.grid_id,
            room=room,
            worker=personas[Role.GRID_WORKER],
            visited_at=datetime.datetime.combine(on, datetime.time(10), TZ),
            visited_on=on,
            visited_hour=10,
            outcome=VisitOutcome.MET,
            room_use=room.use,
        )
    late = make_case(tree.community_a1, "晚")
    RentalCampaign.objects.filter(pk=late.campaign_id).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    roll_up(parse_period("2026-11"))
    return personas


def _home(new_page, account, viewport, screens, name):
    page = new_page(account, viewport=viewport)
    page.goto("/")
    page.locator("[data-testid=results-panel]").wait_for()
    page.wait_for_function(CHARTS_DRAWN)
    page.screenshot(path=str(screens / f"results-{name}-{viewport['width']}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), name
    return page


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("role", [Role.COMMUNITY_SECRETARY, Role.DISTRICT_ADMIN])
def test_the_home_page_leads_with_the_units_results_charted(
    world, new_page, screens, viewport, role
):
    page = _home(new_page, world[role], viewport, screens, role)
    first = page.locator("main section.card").first
    assert first.get_attribute("data-testid") == "results-panel"
    coverage = page.locator("[data-code=sweep_coverage_rate]")
    assert "40.0%" in coverage.inner_text()
    assert page.locator("#glance-chart").bounding_box()["height"] > 100
    assert page.locator("[data-testid=tile-rentals-overdue] .n").inner_text() == "1"
    coverage.locator("a").click()
    page.wait_for_url("**/indicators/sweep_coverage_rate/?unit=*&period=2026-11")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_grid_worker_opens_their_scorecard(world, new_page, screens, viewport):
    worker = world[Role.GRID_WORKER]
    page = new_page(worker, viewport=viewport)
    page.goto(f"/grids/workers/{worker.pk}/?period=2026-11")
    page.locator("[data-testid=worker-done]").wait_for()
    page.screenshot(path=str(screens / f"worker-card-{viewport['width']}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert page.locator("[data-testid=figure-visits] .n").inner_text() == "3"
    assert page.locator("[data-testid=figure-rooms_entered] .n").inner_text() == "2"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_community_lists_its_grid_workers(world, new_page, screens, viewport):
    page = new_page(world[Role.COMMUNITY_SECRETARY], viewport=viewport)
    page.goto("/grids/workers/?period=2026-11")
    page.locator("[data-testid=workers]").wait_for()
    page.screenshot(path=str(screens / f"worker-list-{viewport['width']}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_role("link", name=str(world[Role.GRID_WORKER])).click()
    page.locator("[data-testid=worker-done]").wait_for()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_pairings_page_shows_its_results_since_it_began(world, tree, new_page, screens, viewport):
    pairing = pair("91420600MA0000001X", "市税务局", tree.community_a1, datetime.date(2026, 11, 1))
    roll_up(parse_period("2026-10"))  # nobody entered a room in October
    page = new_page(world[Role.COMMUNITY_SECRETARY], viewport=viewport)
    page.goto(f"/pairing/{pairing.pk}/")
    results = page.locator("[data-testid=pairing-results]")
    results.wait_for()
    page.screenshot(path=str(screens / f"pairing-results-{viewport['width']}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    row = results.locator("tr[data-code=sweep_coverage_rate]")
    assert "▲" in row.inner_text()
    assert "0.0" in row.inner_text() and "40.0" in row.inner_text()
