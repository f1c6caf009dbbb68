"""A session idle for 30 minutes ends; activity keeps it alive; the sign-in page says why."""

import pytest
from django.conf import settings

from grassroots.accounts.middleware import TIMEOUT_COOKIE
from grassroots.accounts.tests.conftest import SIGN_IN_URL
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD

PAGE = "/accounts/password/"  # any page that needs a signed-in account


@pytest.fixture
def signed_in(client, personas, post_sign_in):
    assert post_sign_in(personas[Role.GRID_WORKER].username, PASSWORD).status_code == 302
    return client


def test_sessions_are_configured_to_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_idle_for_thirty_minutes_ends(signed_in, clock):
    clock.advance(minutes=29)
    assert signed_in.get(PAGE).status_code == 200
    clock.advance(minutes=30, seconds=1)
    response = signed_in.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(SIGN_IN_URL)


def test_activity_keeps_a_session_alive_past_thirty_minutes_in_all(signed_in, clock):
    for _ in range(4):
        clock.advance(minutes=20)
        assert signed_in.get(PAGE).status_code == 200


def test_the_sign_in_page_says_the_session_timed_out(signed_in, clock):
    clock.advance(minutes=31)
    response = signed_in.get(PAGE, follow=True)
    assert response.redirect_chain[-1][0].startswith(SIGN_IN_URL)
    assert "会话已超时，请重新登录" in response.content.decode()
    # Said once: the next visit to the sign-in page is a plain one.
    assert "会话已超时" not in signed_in.get(SIGN_IN_URL).content.decode()


def test_signing_out_is_not_reported_as_a_timeout(signed_in):
    response = signed_in.post("/accounts/sign-out/", follow=True)
    html = response.content.decode()
    assert "您已安全退出" in html and "会话已超时" not in html
    assert TIMEOUT_COOKIE not in response.cookies or not response.cookies[TIMEOUT_COOKIE].value


def test_a_first_visit_is_not_reported_as_a_timeout(client, db):
    assert "会话已超时" not in client.get(SIGN_IN_URL).content.decode()
