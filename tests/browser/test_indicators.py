"""The indicator pages in a browser: the scorecard with its trend charts drawn by the local
Chart.js, the rankings and one figure opened, on a phone (no sideways scroll) and at 1366 px."""

from __future__ import annotations

import datetime

import pytest

from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('canvas.trend')).map(c =>
  !!(window.Chart && window.Chart.getChart(c) && c.width > 0 &&
     c.getBoundingClientRect().right <= window.innerWidth))"""


@pytest.fixture
def a_year_counted(tree):
    """Residents in every community; cases each month of the last year; months rolled up."""
    grids = (tree.grid_a1_1, tree.grid_a1_2, tree.grid_a2_1, tree.grid_b1_1)
    for number, grid in enumerate(grids):
        room = ensure_room(
            grid=grid, estate="清河小区", building="1栋", unit="1单元", number=str(number)
        )
        register_resident(
            room=room,
            data=ResidentData(name=f"居民{number}", gender="F"),
            on=datetime.date(2020, 1, 1),
        )
    last = parse_period("2026-11")
    for back in range(13):
        month = last.shifted(-back)
        for i, community in enumerate((tree.community_a1, tree.community_a2, tree.community_b1)):
            CriminalCaseCount.objects.create(
                community=community, month=month.first, cases=(back + i) % 3
            )
        roll_up(month)


def settle(page):
    page.wait_for_selector("[data-testid=scorecard]")
    page.wait_for_function("() => document.documentElement.dataset.chartsDrawn === 'yes'")


@pytest.mark.parametrize("viewport,width", [(None, 375), (WIDE, 1366)])
def test_the_scorecard_draws_a_trend_per_indicator_without_sideways_scroll(
    new_page, personas, a_year_counted, screens, live_server, viewport, width
):
    page = new_page(personas[Role.DISTRICT_ADMIN], **({"viewport": viewport} if viewport else {}))
    page.goto("/indicators/?period=2026-11")
    settle(page)
    drawn = page.evaluate(CHARTS_DRAWN)
    assert drawn and all(drawn)
    assert "万人刑事案件发案率" in page.inner_text("[data-testid=scorecard]")
    page.wait_for_selector("[data-testid=units-community]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert not [url for url in page.requested if not url.startswith(live_server.url)]
    page.screenshot(path=screens / f"indicators-scorecard-{width}.png", full_page=True)
    page.screenshot(path=screens / f"indicators-scorecard-top-{width}.png")
    page.locator("[data-testid=units-community]").screenshot(
        path=screens / f"indicators-communities-{width}.png"
    )
    page.locator("[data-testid=scorecard] li").nth(2).screenshot(
        path=screens / f"indicators-card-{width}.png"
    )


@pytest.mark.parametrize("viewport,width", [(None, 375), (WIDE, 1366)])
def test_rankings_and_an_opened_figure_fit_the_screen(
    new_page, personas, a_year_counted, screens, viewport, width
):
    page = new_page(personas[Role.DISTRICT_ADMIN], **({"viewport": viewport} if viewport else {}))
    page.goto("/indicators/rankings/?indicator=criminal_cases_per_10k&period=2026-11")
    page.wait_for_selector("[data-testid=ranking] tbody tr")
    assert page.locator("[data-testid=ranking] tbody tr").count() == 3
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"indicators-rankings-{width}.png", full_page=True)
    page.click("[data-testid=ranking] tbody tr:first-child a")
    page.wait_for_selector("[data-testid=rows] tbody tr")
    assert page.locator("[data-testid=rows] tbody tr").count() == 1
    page.click("text=计入分母的")
    page.wait_for_selector("[data-testid=rows-note]")
    assert "不逐人列出" in page.inner_text("[data-testid=behind]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"indicators-figure-{width}.png", full_page=True)
