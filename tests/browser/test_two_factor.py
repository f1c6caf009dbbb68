"""Two-factor sign-in in a real browser: the set-up page on a phone and a laptop, a code
computed from the secret the page shows, the recovery codes, and the code at the next sign-in."""

from __future__ import annotations

import time

import pyotp
import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _sign_in(page, username):
    page.goto("/accounts/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _totp(secret):
    return pyotp.TOTP(secret.replace(" ", ""))


@pytest.mark.parametrize("viewport", [None, LAPTOP], ids=["375", "1366"])
def test_a_street_official_sets_up_two_factor_at_first_sign_in(
    new_page, live_server, personas, screens, viewport
):
    street = personas[Role.STREET_STAFF]
    page = new_page(**({"viewport": viewport} if viewport else {}))
    _sign_in(page, street.username)
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/setup/")
    assert page.locator("[data-testid=qr] svg").is_visible()
    box = page.locator("[data-testid=qr] svg").bounding_box()
    assert box["width"] >= 120  # large enough to scan
    field = page.locator("input[name=code]")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    width = viewport["width"] if viewport else 375
    page.screenshot(path=screens / f"two-factor-setup-{width}.png", full_page=True)
    # Nothing is fetched from anywhere but this server (the QR code is drawn here).
    assert all(url.startswith(live_server.url) for url in page.requested)

    secret = page.inner_text("[data-testid=secret]")
    field.fill(_totp(secret).now())
    page.click("button:has-text('完成设置')")
    # all_inner_texts() does not wait: wait for the page that lists the codes first.
    page.locator(".recovery-codes li").first.wait_for()
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=screens / f"two-factor-codes-{width}.png", full_page=True)
    page.click("text=我已保存，继续")
    page.wait_for_url(f"{live_server.url}/")
    assert "汉江街道" in page.inner_text("[data-testid=unit]")
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ENROLLED).count() == 1


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one(
    new_page, live_server, personas, screens
):
    street = personas[Role.STREET_STAFF]
    page = new_page()
    _sign_in(page, street.username)
    page.wait_for_url("**/two-factor/setup/")
    totp = _totp(page.inner_text("[data-testid=secret]"))
    # The previous 30-second step's code: still accepted for clock drift.
    page.fill("input[name=code]", totp.at(time.time() - 30))
    page.click("button:has-text('完成设置')")
    page.click("text=我已保存，继续")
    page.click("button:has-text('退出')")
    _sign_in(page, street.username)
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/")
    page.fill("input[name=code]", "000000")
    page.click("button:has-text('验证并登录')")
    assert "验证码不正确" in page.inner_text("[role=alert]")
    page.screenshot(path=screens / "two-factor-step-375.png", full_page=True)
    page.fill("input[name=code]", totp.now())
    page.click("button:has-text('验证并登录')")
    page.wait_for_url(f"{live_server.url}/")
    page.goto("/accounts/two-factor/settings/")
    assert "已通过两步验证" in page.inner_text("[data-testid=two-factor-settings]")
