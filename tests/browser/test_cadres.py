"""The two-committee report on a phone: figures, charts drawn by the local Chart.js, warnings,
no sideways scroll; and a resignation recorded from the member page."""

from __future__ import annotations

import pytest

from grassroots.cadres.models import CadreMember
from grassroots.cadres.tests.rosters import import_both
from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
CHARTS_DRAWN = """() => ['chart-ages', 'chart-education', 'chart-posts', 'chart-women']
  .map(id => { const c = document.getElementById(id); return !!(window.Chart && c &&
    window.Chart.getChart(c) && c.width > 0 && c.getBoundingClientRect().right <=
    window.innerWidth); })"""


def test_the_report_at_375_px_shows_figures_charts_and_warnings(
    new_page, tree, personas, tmp_path, screens, live_server
):
    import_both(tmp_path)
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto("/cadres/")
    lead = page.inner_text("[data-testid=lead]")
    assert '共选出村(社区)"两委"成员9名' in lead and "比上届下降8.2岁" in lead
    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn === 'yes'")
    assert page.evaluate(CHARTS_DRAWN) == [True, True, True, True]
    assert "前进社区" in page.inner_text("[data-testid=warnings]")
    cards = page.locator("[data-testid=figures] li").all_inner_texts()
    assert any("39.2" in card and "-8.2" in card for card in cards)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert not [url for url in page.requested if not url.startswith(live_server.url)]
    page.screenshot(path=screens / "cadres-report-375.png", full_page=True)


def test_a_resignation_is_recorded_from_the_member_page_on_a_phone(
    new_page, tree, personas, tmp_path, screens
):
    import_both(tmp_path)
    member = CadreMember.objects.get(name="赵丽", term__year=2021)
    page = new_page(personas[Role.STREET_STAFF])
    page.goto(f"/cadres/members/{member.pk}/")
    page.fill("input[name=on]", "2022-03-01")
    page.fill("input[name=reason]", "辞职")
    page.click("[data-testid=leave-form] button")
    assert "2022-03-01" in page.inner_text("[data-testid=left-on]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "cadres-member-375.png", full_page=True)
    page.goto("/cadres/roster/?term=2021")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "cadres-roster-375.png", full_page=True)
