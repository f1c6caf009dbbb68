"""The Content-Security-Policy holds in a real browser: every page of every role loads without
a single violation (no inline script, handler or style left), and what runs on scripts still
works: htmx swaps, the reveal of personal data, the charts and the API docs.

Every browser test fails on a violation (conftest's new_page); these walk the pages on purpose.
"""

from __future__ import annotations

import pytest

from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.browser

NAV_LINKS = "() => [...document.querySelectorAll('.navmenu a[href^=\"/\"]')].map(a => a.pathname)"
CHARTS_SIZED = """() => [...document.querySelectorAll('canvas')]
  .every(c => c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().height > 0)"""


def _watched(page):
    """A page for a walk over many pages (``page.violations``: see conftest's new_page)."""
    page.set_default_timeout(30_000)  # a walk over every page, on a busy machine
    return page


def _visit(page, url):
    response = page.goto(url)
    assert response.status < 500, url
    if page.locator("canvas").count():
        page.wait_for_function("() => document.documentElement.dataset.chartsDrawn === 'yes'")
        assert page.evaluate(CHARTS_SIZED), f"a chart on {url} has no size"
    return response


def test_every_page_of_every_role_loads_without_a_policy_violation(new_page, tree, personas):
    visited = set()
    for role in Role:
        page = _watched(new_page(personas[role]))
        _visit(page, "/")
        assert page.locator(".mainnav").count() == 1, role
        # Each page once, by the first role that reaches it: the policy is per page.
        for url in dict.fromkeys(page.evaluate(NAV_LINKS)):
            if url not in visited:
                visited.add(url)
                response = _visit(page, url)
                policy = response.headers["content-security-policy"]
                assert "script-src 'self';" in policy, url
        assert not page.violations, "\n".join(page.violations)
    assert len(visited) > 10  # the walk reached the pages, not only the home page


def test_the_public_pages_and_the_api_docs_load_without_a_policy_violation(
    new_page, tree, personas
):
    page = _watched(new_page())
    _visit(page, "/accounts/sign-in/")
    for link in page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=public-links] a')].map(a => a.pathname)"
    ):
        _visit(page, link)
    docs = _watched(new_page(personas[Role.DISTRICT_ADMIN]))
    _visit(docs, "/api/v1/docs")
    docs.locator(".swagger-ui .info .title").wait_for()
    assert not page.violations + docs.violations, "\n".join(page.violations + docs.violations)


def test_htmx_still_swaps_and_posts_under_the_policy(new_page, tree, personas):
    page = _watched(new_page(personas[Role.DISTRICT_ADMIN]))
    page.goto(f"/org/{tree.district.pk}/")
    page.locator(f'[aria-controls="sub-{tree.street_a.pk}"]').click()
    page.locator(f"#sub-{tree.street_a.pk}").locator("text=清河口社区").wait_for()

    person = tree.people["grid_a1_1"]
    secretary = _watched(new_page(personas[Role.COMMUNITY_SECRETARY]))
    secretary.goto(f"/people/{person.pk}/")
    secretary.click("[data-testid=reveal]")  # an hx-post, with the CSRF header from hx-headers
    secretary.locator("[data-testid=id-number]", has_text="11010519491231002X").wait_for()
    violations = page.violations + secretary.violations
    assert not violations, "\n".join(violations)
