"""Micro-wishes in a real browser: the community secretary posts a wish at 1366 px, a party
member finds it on their phone's home page, claims it and uploads the photo at 375 px, and the
secretary confirms it at 1366 px."""

from __future__ import annotations

import pytest

from grassroots.kernel.permissions import Role
from grassroots.wishes.models import Wish, WishStatus

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def household(tree):
    from grassroots.registry.services import ensure_room, register_resident
    from grassroots.registry.testing import SAMPLE_DAY
    from grassroots.registry.validation import ResidentData

    room = ensure_room(
        grid=tree.grid_a1_2, estate="清河小区", building="3栋", unit="2单元", number="501"
    )
    data = ResidentData(name="王秀兰", gender="F", phone="13907105566", relation="head")
    return register_resident(room=room, data=data, on=SAMPLE_DAY).household


def _post(new_page, secretary, household, screens):
    """The secretary finds the household by its address and posts the wish, at 1366 px."""
    desk = new_page(secretary, viewport=DESKTOP)
    desk.goto("/wishes/")
    desk.click("text=发布微心愿")
    desk.fill("input[name=q]", "清河小区 3栋")
    desk.click("[data-testid=household-search] button")
    desk.check(f"input[name=household][value='{household.pk}']")
    desk.fill("textarea[name=text]", "冬天需要一床厚棉被，想要一台小型取暖器")
    desk.fill("input[name=value]", "260")
    desk.select_option("select[name=category]", label="生活用品")
    desk.screenshot(path=screens / "wishes-post-1366.png", full_page=True)
    desk.click("[data-testid=wish-form] button")
    desk.wait_for_selector("[data-testid=wish-facts]")
    assert desk.inner_text("[data-testid=wish-status]") == "待认领"
    return Wish.objects.get(household=household)


@pytest.fixture
def member(tree):
    from grassroots.members.testing import make_member
    from grassroots.wishes.testing import member_account

    return member_account(make_member(tree.grid_a1_1, "1", name="李红梅"), "li_hongmei")


def test_a_member_claims_and_fulfils_on_a_phone_and_the_secretary_confirms(
    new_page, personas, household, member, screens, tmp_path
):
    from grassroots.pairing.demo_seeds import demo_photo

    posted = _post(new_page, personas[Role.COMMUNITY_SECRETARY], household, screens)

    picture = tmp_path / "送到了.png"
    picture.write_bytes(demo_photo())

    page = new_page(member)
    page.goto("/")
    panel = page.locator("[data-testid=wishes-panel]")
    assert "1 个微心愿待认领" in panel.inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "wishes-home-375.png", full_page=True)
    panel.get_by_text(posted.text).click()
    page.wait_for_selector("[data-testid=claim-form]")
    facts = page.inner_text("[data-testid=wish-facts]")
    assert "王女士" in facts and "清河小区 3栋" in facts
    assert "王秀兰" not in page.content() and "13907105566" not in page.content()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "wishes-open-375.png", full_page=True)
    page.click("[data-testid=claim-form] button")
    page.wait_for_selector("[data-testid=fulfil-form]")
    assert "认领成功" in page.inner_text(".messages")
    assert "李红梅" in page.inner_text("[data-testid=wish-claimer]")
    page.set_input_files("input[name=photo]", str(picture))
    page.fill("input[name=note]", "已送到王阿姨家，试用正常")
    page.screenshot(path=screens / "wishes-claimed-375.png", full_page=True)
    page.click("[data-testid=fulfil-form] button")
    page.wait_for_selector("[data-testid=wish-photos] img")
    assert page.inner_text("[data-testid=wish-status]") == "已完成待确认"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "wishes-fulfilled-375.png", full_page=True)

    desk = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=DESKTOP)
    desk.goto("/wishes/?status=fulfilled")
    desk.screenshot(path=screens / "wishes-to-confirm-1366.png", full_page=True)
    desk.get_by_text(posted.text).click()
    desk.wait_for_selector("[data-testid=confirm-form]")
    # The photos arrive after the page: wait for them (a broken one never gets a width).
    desk.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=wish-photos] img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    assert "清河小区3栋2单元501" in desk.inner_text("[data-testid=wish-facts]")
    desk.screenshot(path=screens / "wishes-confirm-1366.png", full_page=True)
    desk.click("[data-testid=confirm-form] button")
    desk.wait_for_selector(".messages li.success")
    assert desk.inner_text("[data-testid=wish-status]") == "已确认"
    assert "已完成待确认 → 已确认" in desk.inner_text("[data-testid=wish-history]")
    assert desk.evaluate(NO_HORIZONTAL_SCROLL)
    desk.screenshot(path=screens / "wishes-confirmed-1366.png", full_page=True)
    assert Wish.objects.get(pk=posted.pk).status == WishStatus.CONFIRMED
