"""A party member on a 375 px phone: their households on the home page, a visit in one tap, a
note, and what they heard turned into a demand (channel 党员联系); the page at 1366 px too."""

from __future__ import annotations

import pytest

from grassroots.demands.models import Channel, Demand
from grassroots.members.models import Contact

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
DESKTOP = {"width": 1366, "height": 900}


def test_a_member_taps_a_visit_and_raises_a_demand_on_a_phone(new_page, tree, screens):
    from grassroots.demands.testing import ensure_categories
    from grassroots.members.tests.test_mine import build_world

    ensure_categories()
    world = build_world(tree)
    page = new_page(world["account"])
    page.goto("/")
    panel = page.locator("[data-testid=member-panel]")
    assert "刘桂兰" in panel.inner_text() and "137****5678" in panel.inner_text()
    assert "独居老人" in panel.inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-home-375.png", full_page=True)

    fresh = world["links"]["fresh"]
    row = page.locator("[data-testid=household]", has_text="孙建华")
    row.locator("[data-testid=tap-visit]").click()
    page.wait_for_selector(".messages li.success")
    contact = Contact.objects.get(household=fresh.household)
    assert contact.kind == "visit" and contact.member == world["member"]
    assert "已记录走访" in page.inner_text(".messages")
    page.fill(f"#note-{contact.pk}", "老人说卫生间水管漏水")
    page.click(f"#contact-{contact.pk} [data-testid=save-note]")
    page.wait_for_selector(".messages li.success")
    contact.refresh_from_db()
    assert contact.note == "老人说卫生间水管漏水"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-household-375.png", full_page=True)

    page.click(f"#contact-{contact.pk} [data-testid=raise-demand]")
    page.fill("input[name=title]", "卫生间水管漏水")
    page.select_option("select[name=category]", index=1)
    assert "老人说卫生间水管漏水" in page.input_value("textarea[name=description]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "member-demand-375.png", full_page=True)
    page.click("[data-testid=submit-demand]")
    page.wait_for_selector(".messages li.success")
    demand = Demand.objects.get(title="卫生间水管漏水")
    assert demand.channel == Channel.MEMBER_CONTACT and demand.room_id == fresh.household.room_id
    contact.refresh_from_db()
    assert contact.demand == demand
    shown = page.inner_text(f"#contact-{contact.pk}")
    assert demand.code in shown and "党员联系" in shown

    wide = new_page(world["account"], viewport=DESKTOP)
    wide.goto("/members/mine/")
    assert wide.locator("[data-testid=household]").count() == 3
    assert wide.evaluate(NO_HORIZONTAL_SCROLL)
    wide.screenshot(path=screens / "member-mine-1366.png", full_page=True)
    page.goto("/members/mine/")
    page.screenshot(path=screens / "member-mine-375.png", full_page=True)
