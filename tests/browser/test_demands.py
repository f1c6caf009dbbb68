"""Demands in a real browser at phone size: a grid worker records one and moves it on; the
rates page draws its charts from locally served Chart.js; a resident uses the public page."""

from __future__ import annotations

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.demands.models import Demand
from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _categories():
    from grassroots.demands.testing import ensure_categories

    ensure_categories()


def test_a_grid_worker_records_a_demand_and_moves_it_on_at_375px(new_page, personas, screens):
    _categories()
    worker = personas[Role.GRID_WORKER]
    page = new_page(worker)
    page.goto("/demands/mine/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "demands-mine-empty.png", full_page=True)
    page.click("[data-testid=record-new]")
    page.fill("input[name=title]", "三号楼楼道堆满纸箱")
    page.fill("textarea[name=description]", "三号楼二单元楼道堆满纸箱，影响通行，也有火灾隐患")
    page.select_option("select[name=category]", label="环境卫生/乱堆乱放")
    page.fill("input[name=address]", "清河口小区3号楼")
    page.fill("input[name=reporter_phone]", "13911112222")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "demands-new.png", full_page=True)
    page.click("[data-testid=save-demand]")
    page.wait_for_selector("[data-testid=demand]")
    demand = Demand.objects.get(title="三号楼楼道堆满纸箱")
    assert demand.grid.code == "420606001001001" and demand.created_by == worker
    for target in ("accepted", "in_progress", "resolved"):
        page.click(f"[data-testid=move-{target}]")
        page.wait_for_selector(".messages li.success")
        assert Demand.objects.get(pk=demand.pk).status == target
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    history = page.inner_text("[data-testid=history]")
    assert "已受理" in history and "已办结" in history
    page.screenshot(path=screens / "demands-detail.png", full_page=True)


def test_the_handler_sees_the_phone_masked_and_reveals_it_with_an_audit_record(
    new_page, personas, tree
):
    from grassroots.demands.services import MoveInput, transition_demand
    from grassroots.demands.testing import make_demand

    worker = personas[Role.GRID_WORKER]
    demand = make_demand(tree.grid_a1_1, phone="13655556666")
    transition_demand(demand.pk, move=MoveInput(to="accepted"), actor=worker)
    page = new_page(worker)
    page.goto(f"/demands/{demand.pk}/")
    assert "136****6666" in page.inner_text("[data-testid=demand]")
    assert "13655556666" not in page.content()
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=phone-revealed]")
    assert "13655556666" in page.inner_text("[data-testid=phone-revealed]")
    assert (
        AuditEvent.objects.filter(
            action=Action.PERSONAL_DATA_VIEWED, detail__demand_id=demand.pk
        ).count()
        == 1
    )


def test_the_rates_page_draws_its_charts_with_local_assets(new_page, personas, tree, screens):
    from grassroots.demands.testing import make_demand

    make_demand(tree.grid_a1_1)
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto("/demands/rates/")
    page.wait_for_function("() => window.Chart && Chart.getChart('rates-chart')")
    assert "统计口径" in page.inner_text("[data-testid=definitions]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    hosts = {url.split("/")[2] for url in page.requested}
    assert len(hosts) == 1  # everything from our own server
    assert any("vendor/chartjs/chart.umd.min.js" in url for url in page.requested)
    page.screenshot(path=screens / "demands-rates.png", full_page=True)


def test_a_resident_submits_on_the_public_page_and_follows_it_by_code(new_page, tree, screens):
    from grassroots.registry.services import ensure_room

    _categories()
    ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="", number="101")
    page = new_page()
    page.goto("/demands/public/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.fill("input[name=title]", "路灯不亮")
    page.fill("textarea[name=description]", "小区东门外路灯坏了一周")
    page.select_option("select[name=category]", label="市政设施/路灯损坏")
    page.select_option("select[name=estate]", label="清河小区")
    page.fill("[data-testid=public-form] input[name=reporter_phone]", "13788889999")
    page.screenshot(path=screens / "demands-public.png", full_page=True)
    page.click("[data-testid=public-form] button")
    code = page.inner_text("[data-testid=tracking-code]")
    assert Demand.objects.get(code=code).channel == "web"
    page.goto("/demands/public/track/")
    page.fill("input[name=code]", code)
    page.fill("input[name=phone]", "13788889999")
    page.click("form.card button")
    assert "已接收" in page.inner_text("[data-testid=public-found]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)


@pytest.mark.parametrize("width", [375, 1366])
def test_a_dispute_is_resolved_with_its_mediation_outcome(new_page, personas, tree, screens, width):
    from grassroots.demands.services import MoveInput, transition_demand
    from grassroots.demands.testing import make_demand

    worker = personas[Role.GRID_WORKER]
    demand = make_demand(tree.grid_a1_1, title="楼上楼下漏水纠纷", category="neighbour-other")
    for to in ("accepted", "in_progress"):
        transition_demand(demand.pk, move=MoveInput(to=to), actor=worker)
    page = new_page(worker, viewport={"width": width, "height": 812})
    page.goto(f"/demands/{demand.pk}/")
    page.wait_for_selector("[data-testid=mediation]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"demands-dispute-resolve-{width}.png", full_page=True)
    page.select_option("[data-testid=mediation]", label="调解不成功（转其他途径）")
    page.click("[data-testid=move-resolved]")
    page.wait_for_selector(".messages li.success")
    assert Demand.objects.get(pk=demand.pk).mediation == "failed"
    assert page.inner_text("[data-testid=mediation-result]") == "调解不成功（转其他途径）"
    assert "调解不成功" in page.inner_text("[data-testid=history]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"demands-dispute-resolved-{width}.png", full_page=True)
