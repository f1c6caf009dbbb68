"""一联十 coverage and the member roster on a phone and on a laptop: the figures, no sideways
scroll, masked phones."""

from __future__ import annotations

import datetime

import pytest

from grassroots.kernel.permissions import Role
from grassroots.members.models import HouseholdLink
from grassroots.members.tests.roster_data import id_number, member_with_id
from grassroots.registry.testing import SAMPLE_DAY, make_resident

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def linked(tree):
    wang = member_with_id(tree.grid_a1_1, "王建华", id_number("19800315", "011"))
    member_with_id(tree.grid_a1_2, "钱进", id_number("19700101", "051"), work_unit="区人民医院")
    for tag in ("101", "102", "103"):
        household = make_resident(tree.grid_a1_1, tag).household
        if tag != "103":
            HouseholdLink.objects.create(
                member=wang, household=household, grid=tree.grid_a1_1, linked_on=SAMPLE_DAY
            )
    return wang


@pytest.mark.parametrize(("viewport", "width"), [(None, 375), (LAPTOP, 1366)])
def test_the_coverage_and_roster_pages_fit_the_screen(
    new_page, personas, linked, screens, viewport, width
):
    args = {} if viewport is None else {"viewport": viewport}
    page = new_page(personas[Role.COMMUNITY_SECRETARY], **args)
    day = (SAMPLE_DAY + datetime.timedelta(days=30)).isoformat()
    page.goto(f"/members/coverage/?as_of={day}")
    assert page.inner_text("[data-testid=households]") == "3"
    assert page.inner_text("[data-testid=linked]") == "2"
    assert page.inner_text("[data-testid=rate]") == "66.7%"
    assert "清河口第一网格" in page.inner_text("[data-testid=by-grid]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"members-coverage-{width}.png", full_page=True)
    page.goto("/members/")
    table = page.inner_text("[data-testid=members-table]")
    assert "王建华" in table and "139****5678" in table and "13912345678" not in table
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / f"members-roster-{width}.png", full_page=True)
