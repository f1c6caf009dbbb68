"""An accessibility audit (axe-core, WCAG 2.1 A and AA) of the main pages of every role, on a
phone and on a laptop screen: no critical or serious violation anywhere, and no page wider
than the screen (WCAG 1.4.10 reflow).

The pages are those a user of each role reaches: the home page, every entry of their main
navigation, and the first detail page each of those lists links to; the world of the scope
walk puts rows of every kind in each persona's reach. Signed out: the sign-in and public pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from grassroots.kernel.permissions import Role
from grassroots.testing import scopewalk
from tests.browser.conftest import add_axe

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
# Run in the page: the serious and critical violations, each with the first elements it names.
AUDIT = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""
SIGNED_OUT_PAGES = ("/accounts/sign-in/", "/demands/public/")
DETAIL = re.compile(r"/\d+/$")
# The API explorer is the interactive documentation of the JSON API, drawn by Swagger UI for
# integrators, not a page of the product's own.
NOT_AUDITED = ("/api/",)


# Wide tables scroll inside their own region; the page itself never scrolls sideways.
PAGE_WIDER_THAN_SCREEN = "document.documentElement.scrollWidth > window.innerWidth"


def _audit(page, url: str) -> list[str]:
    page.goto(url)
    add_axe(page)
    problems = [f"{url}: {problem}" for problem in page.evaluate(AUDIT)]
    if page.evaluate(PAGE_WIDER_THAN_SCREEN):
        problems.append(f"{url}: the page scrolls sideways")
    return problems


def _local_paths(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and not urlsplit(h).query]


def _main_pages(page) -> list[str]:
    """The home page, the navigation's pages, and the first detail page linked from each."""
    page.goto("/")
    nav = _local_paths(page, "nav.mainnav a")
    pages = ["/", *(p for p in nav if not p.startswith(NOT_AUDITED))]
    for url in list(pages[1:]):
        page.goto(url)
        details = [p for p in _local_paths(page, "main a") if DETAIL.search(p)]
        if details and details[0] not in pages:
            pages.append(details[0])
    return pages


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375px", "1366px"])
def test_the_main_pages_of_every_role_have_no_serious_accessibility_violation(
    new_page, tree, personas, viewport
):
    scopewalk.prepare(tree, personas)
    problems: list[str] = []
    audited: set[str] = set()
    for role in Role:
        page = new_page(personas[role], viewport=viewport)
        for url in _main_pages(page):
            # One page of each kind: the same template with other rows adds nothing here.
            kind = re.sub(r"\d+", "N", url)
            if kind in audited:
                continue
            problems += [f"[{role}] {p}" for p in _audit(page, url)]
            audited.add(kind)
    page = new_page(viewport=viewport)
    for url in SIGNED_OUT_PAGES:
        problems += [f"[signed out] {p}" for p in _audit(page, url)]
    assert len(audited) >= 20, sorted(audited)  # every role reached its pages
    assert not problems, "\n".join(problems)


def test_the_audit_reports_a_page_with_a_serious_violation(new_page, live_server, personas):
    """The check can fail: an image without a text alternative is a critical violation."""
    page = new_page(personas[Role.STREET_STAFF])
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=\"/static/grassroots/favicon.svg\">')"
    )
    add_axe(page)
    found = page.evaluate(AUDIT)
    assert any("image-alt" in problem for problem in found), found


def test_the_first_tab_stop_skips_to_the_main_content(new_page, personas):
    page = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=LAPTOP)
    page.goto("/demands/new/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the page's own content
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_after_a_refused_submit_the_first_field_in_error_has_the_focus(new_page, personas):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto("/demands/new/")
    page.click("[data-testid=save-demand]")
    page.wait_for_selector(".errorlist")
    focused = page.evaluate("document.activeElement.getAttribute('aria-invalid')")
    first_invalid = page.evaluate("document.querySelector('main [aria-invalid=true]').id")
    assert focused == "true"
    assert page.evaluate("document.activeElement.id") == first_invalid


def test_a_table_wider_than_the_phone_is_a_labelled_region_that_takes_focus(
    new_page, tree, personas
):
    scopewalk.prepare(tree, personas)
    page = new_page(personas[Role.DISTRICT_ADMIN], viewport=PHONE)
    page.goto("/cadres/")
    wraps = page.locator(".table-wrap[role=region]")
    assert wraps.count() >= 1
    first = wraps.first
    assert first.get_attribute("tabindex") == "0" and first.get_attribute("aria-label")
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert first.evaluate("e => e.scrollLeft") > 0


def test_every_chart_has_its_figures_in_a_table_beside_it(new_page, tree, personas):
    scopewalk.prepare(tree, personas)
    page = new_page(personas[Role.DISTRICT_ADMIN], viewport=LAPTOP)
    for url in ("/demands/rates/", "/cadres/", "/pairing/board/"):
        page.goto(url)
        charts = page.locator("canvas").count()
        assert charts and page.locator("[data-testid=chart-data]").count() == charts, url
        page.locator("[data-testid=chart-data] summary").first.click()
        assert page.locator("[data-testid=chart-data] tbody tr").first.is_visible(), url
