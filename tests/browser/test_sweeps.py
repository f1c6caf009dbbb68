"""The sweep pages on a phone (375 px): a visit online, two offline that wait in the queue and
go out when the signal is back, and a replayed entry that still makes one visit."""

import datetime

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.models import Visit
from grassroots.sweeps.services import create_campaign


@pytest.fixture
def sweep(tree):
    today = timezone.localdate()
    create_campaign(
        node=tree.community_a1,
        name="2026年第四季度扫楼",
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=30),
        start=True,
    )
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元", number=n)
        for n in ("101", "102", "103")
    ]
    register_resident(
        room=rooms[0],
        data=ResidentData(name="王小明", gender="M", id_number="420606199001011239"),
        on=today - datetime.timedelta(days=100),
    )
    return rooms


def _open_building(page, screens, name):
    page.goto("/sweeps/")
    page.get_by_role("link", name="清河口第一网格").click()
    page.get_by_role("link", name="清河小区 3栋").click()
    page.wait_for_selector("[data-testid=rooms]")
    page.wait_for_selector("#sweep-bar[data-offline-ready]", state="attached")
    page.screenshot(path=screens / name, full_page=True)


def _record(page, number, *, note=""):
    page.get_by_role("link", name=f"1单元 {number}").click()
    page.wait_for_selector("#visit-form")
    if note:
        page.fill("#visit-note", note)
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_selector("[data-testid=rooms]")


def _queue_count(page):
    return page.get_by_test_id("queue-count").inner_text()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visit_recorded_online_is_sent_at_once(new_page, personas, sweep, screens):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-building.png")
    page.get_by_role("link", name="1单元 101").click()
    page.get_by_label("已迁出").check()
    page.get_by_label("电动车入户充电").check()
    page.fill("[name=hazard-note-ebike_charging]", "楼道内充电")
    page.screenshot(path=screens / "sweeps-room.png", full_page=True)
    _no_sideways_scroll(page)
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_function("document.querySelector('[data-queue-count]').textContent === '0'")
    visit = Visit.objects.get()
    assert visit.room == sweep[0] and visit.residents["moved_out"]
    assert visit.hazards.get().note == "楼道内充电"


def test_entries_made_offline_wait_in_the_queue_and_go_out_once_back_online(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-online.png")
    page.context.set_offline(True)
    page.reload()  # the building page now comes from the service worker's copy
    page.wait_for_selector("[data-testid=rooms]")
    _record(page, "102", note="离线一")
    _record(page, "103", note="离线二")
    page.wait_for_function("document.querySelector('[data-queue-count]').textContent === '2'")
    assert page.locator(".state.queued").count() == 2
    page.screenshot(path=screens / "sweeps-offline-queued.png", full_page=True)
    assert Visit.objects.count() == 0
    page.context.set_offline(False)
    page.wait_for_function(
        "document.querySelector('[data-queue-count]').textContent === '0'", timeout=30_000
    )
    page.screenshot(path=screens / "sweeps-sent.png", full_page=True)
    assert sorted(Visit.objects.values_list("note", flat=True)) == ["离线一", "离线二"]


def test_an_entry_sent_again_from_the_queue_still_makes_one_visit(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-replay.png")
    _record(page, "102", note="只记一次")
    page.wait_for_function("document.querySelector('[data-queue-count]').textContent === '0'")
    assert Visit.objects.count() == 1
    # Replay: put the entry that was sent back into the queue, as a lost answer would leave it.
    page.evaluate("""async () => {
        const sent = await window.sweepQueue.sent();
        await window.sweepQueue.add(sent[0].entry);
        await window.sweepQueue.add(sent[0].entry);
    }""")
    page.wait_for_function("document.querySelector('[data-queue-count]').textContent === '0'")
    assert Visit.objects.count() == 1
    assert page.locator("[data-queue-refused]").is_hidden()


def test_the_campaign_coverage_and_quality_pages_fit_a_phone(new_page, personas, sweep, screens):
    from grassroots.sweeps.models import Campaign

    campaign = Campaign.objects.get()
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto(f"/sweeps/campaigns/{campaign.pk}/")
    assert "已走访 0 / 3 户（0.0%）" in page.get_by_test_id("total-share").inner_text()
    page.screenshot(path=screens / "sweeps-campaign.png", full_page=True)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="数据质量").click()
    page.wait_for_selector("[data-flag=copied]")
    page.screenshot(path=screens / "sweeps-quality.png", full_page=True)
    _no_sideways_scroll(page)
