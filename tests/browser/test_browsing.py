"""What a user sees in a real browser: sign-in, home, the trees, the phone layout, the language
switch and the audited reveal of personal data."""

from __future__ import annotations

import re

import pytest

from grassroots.accounts.models import Account
from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# Every visible control smaller than 40 px in height, described for the failure message.
SMALL_TAP_TARGETS = """() => [...document.querySelectorAll('a, button, select, input')]
  .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'checkbox')
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
  .filter(([, h]) => h < 40)"""


def test_signing_in_with_the_form_leads_to_the_home_page(new_page, live_server, personas):
    # The password form alone: the second step has its own tests (test_two_factor.py).
    Account.objects.filter(pk=personas[Role.STREET_STAFF].pk).update(two_factor_exempt=True)
    page = new_page()
    page.goto("/accounts/sign-in/")
    page.fill("input[name=username]", personas[Role.STREET_STAFF].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "汉江街道" in page.inner_text("[data-testid=unit]")


def test_the_home_page_shows_the_unit_and_its_counts(new_page, tree, personas, screens):
    page = new_page(personas[Role.STREET_STAFF])
    page.goto("/")
    unit = page.inner_text("[data-testid=unit]")
    assert "汉江街道" in unit and "420606001000" in unit
    counts = page.locator("[data-testid=counts] li").all_inner_texts()
    accounts = Account.objects.filter(org_node__path__startswith=tree.street_a.path).count()
    assert [re.sub(r"\s+", " ", c).strip() for c in counts] == [
        "2 社区村",
        "3 网格",
        "6 党组织",
        "1 人员",
        f"{accounts} 登录账号",  # one persona of each role at or below the street
    ]
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "home-375.png", full_page=True)


def test_browsing_from_the_district_down_to_a_grid_and_its_party_branch(
    new_page, tree, personas, screens
):
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto("/")
    # Down the tree by the lists of units below (the workbench above names units too).
    page.click(f"[data-testid=children-of-{tree.district.pk}] >> text=汉江街道")
    page.click(f"[data-testid=children-of-{tree.street_a.pk}] >> text=清河口社区")
    page.click(f"[data-testid=children-of-{tree.community_a1.pk}] >> text=清河口第一网格")
    assert page.url.endswith(f"/org/{tree.grid_a1_1.pk}/")
    crumbs = page.inner_text("[data-testid=crumbs]")
    assert "樊城区" in crumbs and "清河口社区" in crumbs
    assert "张建国" in page.inner_text("[data-testid=people]")
    page.screenshot(path=screens / "node-375.png", full_page=True)
    page.click("[data-testid=party-orgs] >> text=清河口第一网格党支部")
    assert page.url.endswith(f"/org/party/{tree.party['grid_a1_1'].pk}/")
    assert "清河口第一网格第一党小组" in page.inner_text("[data-testid=party-children]")
    page.click("[data-testid=led-node]")
    assert page.url.endswith(f"/org/{tree.grid_a1_1.pk}/")


def test_the_party_tree_leads_from_the_street_committee_down_to_a_branch(new_page, tree, personas):
    page = new_page(personas[Role.STREET_STAFF])
    page.goto("/org/party/")
    page.click("text=汉江街道大党工委")
    page.click("text=清河口社区党委")
    page.click("text=清河口第二网格党支部")
    assert "清河口第二网格" in page.inner_text("[data-testid=led-node]")


def test_a_row_expands_in_place_and_folds_again(new_page, tree, personas):
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto(f"/org/{tree.district.pk}/")
    button = page.locator(f'[aria-controls="sub-{tree.street_a.pk}"]')
    button.click()
    sub = page.locator(f"#sub-{tree.street_a.pk}")
    sub.locator("text=清河口社区").wait_for()
    assert page.url.endswith(f"/org/{tree.district.pk}/")
    assert button.get_attribute("aria-expanded") == "true"
    button.click()
    page.wait_for_function(
        f"() => !document.getElementById('sub-{tree.street_a.pk}').children.length"
    )


def _pages(tree):
    person = tree.people["grid_a1_1"].pk
    return [
        "/",
        f"/org/{tree.community_a1.pk}/",
        f"/org/{tree.grid_a1_1.pk}/",
        "/org/party/",
        f"/org/party/{tree.party['community_a1'].pk}/",
        "/people/",
        f"/people/{person}/",
        f"/people/{person}/edit/",
        "/people/new/",
        "/no-such-page/",
    ]


def test_every_page_fits_a_375px_phone_with_large_enough_tap_targets(new_page, tree, personas):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    for url in _pages(tree):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls sideways: {width}px"
        assert page.evaluate(SMALL_TAP_TARGETS) == [], url
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 16, url


def test_switching_to_english_shows_english_text(new_page, tree, personas):
    page = new_page(personas[Role.GRID_WORKER])
    page.goto(f"/org/{tree.grid_a1_1.pk}/")
    assert "组织架构" in page.inner_text("nav.mainnav")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.url.endswith(f"/org/{tree.grid_a1_1.pk}/")
    nav = page.inner_text("nav.mainnav")
    assert "Organisation" in nav and "组织架构" not in nav
    assert "Party organisations leading this unit" in page.content()
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_selector("html[lang=zh-CN]")


def test_a_secretary_reveals_the_full_numbers_and_it_is_audited(new_page, tree, personas):
    person = tree.people["grid_a1_1"]
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto(f"/people/{person.pk}/")
    assert page.inner_text("[data-testid=id-number]") == "110***********002X"
    page.click("[data-testid=reveal]")
    page.locator("[data-testid=id-number]", has_text="11010519491231002X").wait_for()
    assert page.inner_text("[data-testid=phone]") == "13800001111"
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA_VIEWED)
    assert event.detail["person_id"] == person.pk

    admin = new_page(personas[Role.DISTRICT_ADMIN])
    admin.goto("/audit/")
    assert "查看完整个人信息" in admin.inner_text("main")


def test_a_grid_worker_sees_masked_numbers_and_no_reveal_button(new_page, tree, personas):
    page = new_page(personas[Role.GRID_WORKER])
    page.goto(f"/people/{tree.people['grid_a1_1'].pk}/")
    assert page.inner_text("[data-testid=phone]") == "138****1111"
    assert page.locator("[data-testid=reveal]").count() == 0


def test_every_request_a_page_makes_goes_to_this_server(new_page, live_server, tree, personas):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    for url in _pages(tree):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto(f"/org/{tree.community_a1.pk}/")
    page.click("[data-testid=party-orgs] >> text=清河口社区党委")
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/static/vendor/htmx/htmx.min.js") for u in page.requested)
    elsewhere = [u for u in page.requested if not u.startswith(live_server.url + "/")]
    assert elsewhere == []


def test_on_a_phone_the_main_navigation_is_a_menu_of_groups_with_the_current_section_marked(
    new_page, tree, personas, screens
):
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto("/demands/")
    nav = page.locator("nav.mainnav")
    button = nav.locator(".menu-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert "民情诉求" in button.inner_text()  # the section the page is in, on the button
    assert not nav.locator("a").first.is_visible()  # no strip of links above every page
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 140, header
    page.screenshot(path=screens / "nav-375.png")

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    groups = nav.locator(".navgroup-label")
    assert groups.all_inner_texts() == ["组织", "党建", "治理", "系统"]
    current = nav.locator("[aria-current=page]")
    assert current.inner_text() == "民情诉求" and current.is_visible()
    assert "治理" in current.locator("xpath=ancestor::div[1]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screens / "nav-375-open.png")
    page.keyboard.press("Escape")
    assert not current.is_visible()

    button.click()
    nav.locator("text=审计日志").click()
    page.wait_for_url("**/audit/**")
    assert page.locator("nav.mainnav [aria-current=page]").inner_text() == "审计日志"


def test_on_a_laptop_the_main_navigation_shows_every_group_without_a_menu(
    new_page, tree, personas, screens
):
    page = new_page(personas[Role.DISTRICT_ADMIN], viewport={"width": 1366, "height": 900})
    page.goto("/demands/")
    nav = page.locator("nav.mainnav")
    assert not nav.locator(".menu-button").is_visible()
    assert nav.locator("text=审计日志").is_visible()
    assert nav.locator(".navgroup-label").all_inner_texts() == ["组织", "党建", "治理", "系统"]
    main = page.locator("main").bounding_box()
    assert main["width"] > 1300  # the page uses the laptop's width
    page.screenshot(path=screens / "nav-1366.png")
