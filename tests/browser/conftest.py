"""Headless Chromium through Playwright against pytest-django's live server.

Every test here is marked ``browser``. Sessions are made with the test client and handed to the
browser as a cookie, which is faster than typing into the sign-in form (one test does that).

The pages run under the Content-Security-Policy, which forbids eval: ``page.wait_for_function``
is given a function (``"() => ..."``), which Playwright evaluates once, never a bare expression,
which it would evaluate again on every poll.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
# Reports each Content-Security-Policy violation to the console, where new_page collects it.
# Playwright's init scripts run outside the page's policy.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", e =>
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`
                + ` at ${e.sourceFile}:${e.lineNumber}`));"""


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _empty_audit_log_before_flush(real_transactions):
    """Let the live-server tests' flush empty the append-only audit table on SQLite.

    pytest-django empties tables with DELETE on SQLite, which the audit table's trigger
    refuses; PostgreSQL's TRUNCATE is not blocked. ``real_transactions`` (the root conftest)
    lifts the trigger for one DELETE on this throw-away database and puts it straight back.
    """


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screens(tmp_path):
    """Where screenshots go: $GRASSROOTS_SCREENS if set (to look at them), else a temp dir."""
    folder = Path(os.environ.get("GRASSROOTS_SCREENS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser, live_server):
    """new_page(account=None, viewport=PHONE) -> a Playwright page, signed in as ``account``.

    Each page records every URL it requests in ``page.requested``, and every violation of the
    Content-Security-Policy in ``page.violations``: a test whose pages met any fails.
    """
    from django.test import Client

    contexts = []
    pages = []

    def make(account=None, *, viewport=PHONE):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="zh-CN")
        contexts.append(context)
        if account is not None:
            client = Client()
            client.force_login(account)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.violations = []
        page.on("console", lambda message: _note_violation(page, message))
        page.add_init_script(REPORT_VIOLATIONS)
        pages.append(page)
        return page

    yield make
    violations = [violation for page in pages for violation in page.violations]
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def add_axe(page) -> None:
    """Load axe-core (the accessibility audit) into the page. Evaluated, not added as a
    <script> tag: the page's policy refuses inline scripts, a test's included."""
    page.evaluate(_axe_source())


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;undefined"


def _note_violation(page, message) -> None:
    if "CSP violation" in message.text or "Content Security Policy" in message.text:
        page.violations.append(f"{page.url}: {message.text}")
