"""Each role reaches the work run above it, in a real browser at 375 and 1366 px: a street reads
its district's sweep campaign with its own coverage drawn as bars, and ends its own campaign
only after a second question; a community secretary opens the class its people attend."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room
from grassroots.sweeps.models import Campaign
from grassroots.sweeps.services import create_campaign
from grassroots.sweeps.services.visits import VisitEntry, record_visit
from tests.browser.conftest import add_axe

pytestmark = pytest.mark.browser


def _no_serious_violation(page) -> None:
    """axe-core on the page as it stands (tests/browser/test_accessibility.py audits the
    navigation's pages; these are reached further in)."""
    from tests.browser.test_accessibility import AUDIT

    add_axe(page)
    assert page.evaluate(AUDIT) == []


NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desk": {"width": 1366, "height": 900}}


def _campaign(node, name):
    today = timezone.localdate()
    return create_campaign(
        node=node,
        name=name,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=30),
        start=True,
    )


@pytest.fixture
def district_sweep(tree, personas):
    import uuid

    campaign = _campaign(tree.district, "全区第四季度扫楼")
    rooms = [
        ensure_room(grid=grid, estate="清河小区", building="3栋", unit="", number=number)
        for grid, number in (
            (tree.grid_a1_1, "101"),
            (tree.grid_a1_1, "102"),
            (tree.grid_a1_2, "201"),
            (tree.grid_a2_1, "301"),
            (tree.grid_b1_1, "401"),
        )
    ]
    worker = personas[Role.GRID_WORKER]
    task = campaign.tasks.get(grid=tree.grid_a1_1)
    entry = VisitEntry(
        key=uuid.uuid4(), room=rooms[0], visited_at=timezone.now(), room_use=rooms[0].use
    )
    record_visit(task=task, entry=entry, worker=worker)
    return campaign


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_street_reads_the_districts_campaign_as_bars_of_its_own_street(
    new_page, personas, district_sweep, screens, viewport
):
    page = new_page(personas[Role.STREET_STAFF], viewport=VIEWPORTS[viewport])
    page.goto("/sweeps/campaigns/")
    assert "上级部署" in page.inner_text("[data-testid=campaigns]")
    page.get_by_role("link", name="全区第四季度扫楼").click()
    page.wait_for_selector("[data-testid=coverage-bars]")
    bars = page.inner_text("[data-testid=coverage-bars]")
    assert "汉江街道" in bars and "25.0%（1/4 户）" in bars and "王寨" not in bars
    # The bar is drawn a quarter as wide as its track.
    share = page.eval_on_selector(
        "[data-testid=coverage-bars] .hbar.top .hbar-fill",
        "e => e.offsetWidth / e.parentElement.clientWidth",
    )
    assert share == pytest.approx(0.25, abs=0.01)
    assert page.locator("[data-testid=finish]").count() == 0
    assert "本任务由樊城区部署" in page.inner_text("[data-testid=from-above]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"campaign-from-above-{viewport}.png", full_page=True)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_ending_a_campaign_is_the_last_button_and_asks_first(
    new_page, personas, tree, screens, viewport
):
    campaign = _campaign(tree.street_a, "汉江街道扫楼")
    page = new_page(personas[Role.STREET_STAFF], viewport=VIEWPORTS[viewport])
    page.goto(f"/sweeps/campaigns/{campaign.pk}/")
    last = page.locator("[data-testid=campaign-actions] > *").last
    assert last.get_attribute("data-testid") == "finish"
    page.screenshot(path=screens / f"campaign-own-{viewport}.png", full_page=True)
    page.click("[data-testid=finish]")
    page.wait_for_selector("[data-testid=finish-confirm]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"campaign-finish-{viewport}.png", full_page=True)
    page.get_by_role("link", name="返回，不结束").click()
    page.wait_for_selector("[data-testid=campaign-actions]")
    assert Campaign.objects.get(pk=campaign.pk).status == "running"
    page.click("[data-testid=finish]")
    page.click("[data-testid=finish-confirm-button]")
    page.wait_for_selector(".messages li.success")
    assert Campaign.objects.get(pk=campaign.pk).status == "finished"
    assert page.inner_text("[data-testid=status]") == "已结束"


@pytest.fixture
def reading_class(tree):
    from grassroots.training.loading import parse_class
    from grassroots.training.services import create_class, enrol

    spec, _ = parse_class(
        {
            "title": "2020年全区党组织书记读书班",
            "organizer": "中共樊城区委组织部",
            "start_date": "2020-09-21",
            "end_date": "2020-09-21",
            "required_hours": 3,
            "sessions": [
                {
                    "kind": "group_discussion",
                    "title": "分组讨论",
                    "date": "2020-09-21",
                    "start": "14:30",
                    "hours": 2.5,
                    "speeches": [
                        {"speaker": "张建国", "post": "清河口第一网格党支部书记", "text": "体会。"},
                        {"speaker": "李秀英", "post": "春园社区党委书记", "text": "收获。"},
                    ],
                }
            ],
        }
    )
    training_class = create_class(spec=spec, node=tree.district)
    for key, post in (("grid_a1_1", "网格党支部书记"), ("grid_b1_1", "社区党委书记")):
        enrol(training_class=training_class, person=tree.people[key], post=post, actor=None)
    return training_class


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_community_secretary_opens_the_class_its_people_attend(
    new_page, personas, reading_class, screens, viewport
):
    page = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=VIEWPORTS[viewport])
    page.goto("/training/")
    page.get_by_role("link", name="2020年全区党组织书记读书班").click()
    page.wait_for_selector("[data-testid=attended]")
    hours = page.inner_text("[data-testid=hours]")
    assert "张建国" in hours and "李秀英" not in hours
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"class-attended-{viewport}.png", full_page=True)
    page.click("[data-testid=brief-button]")
    page.wait_for_selector(".brief-page")
    page.screenshot(path=screens / f"class-attended-brief-{viewport}.png", full_page=True)
