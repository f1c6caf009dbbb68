"""Each role opens the product on its workbench (工作台), on a phone and on a laptop screen, and
the counts it reads there are the database's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grassroots.branchlife.testing import branch_at, make_meeting
from grassroots.demands.models import Demand
from grassroots.demands.selectors import overdue
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.testing import make_demand
from grassroots.demands.workflow import Status
from grassroots.kernel.permissions import Role
from grassroots.pairing.testing import make_pledge, pair
from grassroots.registry.models import Room
from grassroots.registry.testing import make_resident
from grassroots.sweeps.choices import HazardStatus
from grassroots.sweeps.models import Hazard
from grassroots.sweeps.testing import make_campaign, make_hazard

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def world(tree, personas):
    """Work for every role: demands in grid A1-1 (one dispatched to the grid, one due within
    the day, one overdue), a running sweep over street A with a hazard found 40 days ago, a
    pledge past its deadline, a meeting today."""
    now = timezone.now()
    fresh = make_demand(tree.grid_a1_1, title="路灯不亮")
    transition_demand(
        fresh.pk, move=MoveInput(to=Status.DISPATCHED, unit=tree.grid_a1_1), actor=None
    )
    make_demand(tree.grid_a1_1, title="楼道杂物", when=now - 20 * HOUR)
    make_demand(tree.grid_a1_1, title="下水道堵塞", when=now - 240 * HOUR)
    make_demand(tree.grid_b1_1, title="王寨的诉求", when=now - 240 * HOUR)
    make_resident(tree.grid_a1_1, "301")
    make_campaign(tree.street_a, "汉江街道扫楼")
    old = make_hazard(tree.grid_a1_1, "旧")
    Hazard.objects.filter(pk=old.pk).update(found_at=now - datetime.timedelta(days=40))
    pairing = pair("91420600MA0000001X", "市税务局", tree.community_a1)
    make_pledge(
        pairing, "捐建社区图书角", deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    make_meeting(branch_at(tree.grid_a1_1), held_on=timezone.localdate(), topic="支委会")
    return personas


def _tiles(page) -> dict[str, int]:
    return page.eval_on_selector_all(
        "[data-testid^=tile-]",
        "els => Object.fromEntries(els.map(e => "
        "[e.dataset.testid.slice(5), parseInt(e.querySelector('.n').textContent)]))",
    )


def _open(new_page, account, viewport, screens, name):
    page = new_page(account, viewport=viewport)
    page.goto("/")
    page.screenshot(path=str(screens / f"workbench-{name}-{viewport['width']}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), name
    return page


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_grid_worker_lands_on_their_demands_sweep_and_hazards(
    world, tree, new_page, screens, viewport
):
    worker = world[Role.GRID_WORKER]
    page = _open(new_page, worker, viewport, screens, "grid")
    tiles = _tiles(page)
    mine = Demand.objects.filter(owner_unit=tree.grid_a1_1)
    assert (
        tiles["to_accept"] == mine.filter(status__in=[Status.RECEIVED, Status.DISPATCHED]).count()
    )
    assert tiles["rooms-left"] == Room.objects.filter(grid=tree.grid_a1_1).count()
    hazards = Hazard.objects.filter(grid=tree.grid_a1_1, status=HazardStatus.OPEN)
    assert tiles["hazards-open"] == hazards.count()
    assert tiles["hazards-overdue"] == 1
    pressing = page.locator("[data-testid=pressing] li")
    assert pressing.count() == mine.filter(resolved_at=None).count()
    assert "超期" in pressing.first.inner_text()
    page.locator("[data-testid=tile-rooms-left] a").click()
    assert "/sweeps/tasks/" in page.url


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_community_secretary_lands_on_dispatching_pledges_and_meetings(
    world, tree, new_page, screens, viewport
):
    page = _open(new_page, world[Role.COMMUNITY_SECRETARY], viewport, screens, "community")
    tiles = _tiles(page)
    theirs = Demand.objects.filter(owner_unit__path__startswith=tree.community_a1.path)
    assert tiles["overdue"] == theirs.filter(overdue(timezone.now())).count() == 1
    assert tiles["to_dispatch"] == theirs.filter(status=Status.RECEIVED).count()
    assert tiles["pairing-overdue"] == 1
    assert "支委会" in page.locator("[data-testid=meetings-week]").inner_text()
    page.locator("[data-testid=tile-overdue] a").click()
    assert "下水道堵塞" in page.content() and "王寨的诉求" not in page.content()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_street_and_district_land_on_overdue_per_unit_and_sweep_bars(
    world, tree, new_page, screens, viewport
):
    page = _open(new_page, world[Role.STREET_STAFF], viewport, screens, "street")
    units = page.locator("[data-testid=units-overdue] li")
    assert units.count() == 2  # the street's two communities, nobody else's
    first = page.locator('[data-testid=units-overdue] li[data-node="420606001001"]')
    assert "超期 1" in first.inner_text()
    # A bar for each of the street's communities that has rooms to visit.
    width = len(tree.community_a1.path)
    rooms = Room.objects.filter(grid__path__startswith=tree.street_a.path).select_related("grid")
    with_rooms = {room.grid.path[:width] for room in rooms}
    bars = page.locator("[data-testid=sweep-coverage] li")
    assert bars.count() == len(with_rooms) >= 1
    assert page.locator("[data-testid=last-month-rates]").is_visible()
    page = _open(new_page, world[Role.DISTRICT_ADMIN], viewport, screens, "district")
    overdue_by_street = {
        li.get_attribute("data-node"): li.inner_text()
        for li in page.locator("[data-testid=units-overdue] li").all()
    }
    assert "超期 1" in overdue_by_street["420606001000"]
    assert "超期 1" in overdue_by_street["420606002000"]


def test_a_party_member_and_a_resident_land_on_their_own_pages(world, new_page, screens):
    for role, name in ((Role.PARTY_MEMBER, "member"), (Role.RESIDENT, "resident")):
        for viewport in (PHONE, LAPTOP):
            page = _open(new_page, world[role], viewport, screens, name)
            assert page.locator("[data-testid=demands-panel]").count() == 0
            assert page.locator("[data-testid=sweeps-panel]").count() == 0
