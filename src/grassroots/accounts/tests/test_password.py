"""First sign-in forces a password change; the change page enforces the password rules."""

import pytest
from django.contrib.auth import SESSION_KEY

from grassroots.accounts.models import Account
from grassroots.accounts.tests.conftest import events
from grassroots.audit.models import Action, Outcome
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD, make_account

URL = "/accounts/password/"
NEW = "Fresh-start-2026"


@pytest.fixture
def newcomer(tree):
    # A role signed in by password alone; the change after two steps: test_two_factor.py.
    return make_account(
        tree.grid_a1_1, Role.GRID_WORKER, username="newcomer", must_change_password=True
    )


@pytest.fixture
def signed_in(client, newcomer, post_sign_in):
    post_sign_in(newcomer.username, PASSWORD)
    return client


def _change(client, old=PASSWORD, new=NEW, confirm=None):
    return client.post(
        URL,
        {
            "old_password": old,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
        REMOTE_ADDR="198.51.100.4",
    )


def _field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.mark.parametrize("path", ["/", "/org/", "/audit/", "/admin/"])
def test_a_first_sign_in_is_sent_to_the_change_page_from_everywhere(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 302 and response.url == URL


def test_the_change_page_explains_why_and_offers_sign_out(signed_in):
    html = signed_in.get(URL).content.decode()
    assert "须先修改密码" in html and "/accounts/sign-out/" in html


def test_changing_the_password_frees_the_account_and_keeps_the_session(signed_in, newcomer):
    response = _change(signed_in)
    assert response.status_code == 302 and response.url != URL
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.password_changed_at is not None
    assert newcomer.check_password(NEW)
    assert signed_in.session[SESSION_KEY] == str(newcomer.pk)
    assert signed_in.get(URL).status_code == 200  # still signed in, no longer forced
    (changed,) = events(Action.PASSWORD_CHANGED)
    assert (changed.actor_id, changed.outcome, changed.address) == (
        newcomer.pk,
        Outcome.SUCCESS,
        "198.51.100.4",
    )


@pytest.mark.parametrize(
    "weak, reason",
    [
        ("Ab1!", "至少需要8个字符"),
        ("abcdefgh12", "至少三类"),
        ("ABCDEFGH!!", "至少三类"),
        ("Password1", "太常见"),
    ],
)
def test_the_change_page_enforces_the_password_rules(signed_in, newcomer, weak, reason):
    response = _change(signed_in, new=weak)
    assert response.status_code == 200
    assert any(reason in e for e in _field_errors(response, "new_password")), _field_errors(
        response, "new_password"
    )
    newcomer.refresh_from_db()
    assert newcomer.must_change_password and newcomer.check_password(PASSWORD)


def test_a_password_mixing_three_kinds_of_character_is_accepted(signed_in, newcomer):
    assert _change(signed_in, new="lower-and-digits-42").status_code == 302


def test_the_new_password_must_differ_from_the_old(signed_in):
    response = _change(signed_in, new=PASSWORD)
    assert _field_errors(response, "new_password") == ["新密码不能与原密码相同。"]


def test_the_old_password_must_be_right(signed_in):
    response = _change(signed_in, old="Not-the-one-1")
    assert _field_errors(response, "old_password") == ["原密码不正确。"]
    (attempt,) = events(Action.PASSWORD_CHANGED)
    assert attempt.outcome == Outcome.FAILURE


def test_every_mistake_is_shown_at_once(signed_in):
    response = _change(signed_in, old="Not-the-one-1", new="short")
    assert _field_errors(response, "old_password") == ["原密码不正确。"]
    assert any("至少需要8个字符" in e for e in _field_errors(response, "new_password"))


def test_the_two_new_passwords_must_match(signed_in):
    response = _change(signed_in, confirm="Fresh-start-2027")
    assert _field_errors(response, "confirm_password") == ["两次输入的新密码不一致。"]


def test_the_change_page_needs_a_signed_in_account(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")


def test_an_account_not_forced_to_change_is_not_redirected(client, personas):
    client.force_login(personas[Role.GRID_WORKER])
    assert client.get("/audit/").status_code == 404  # reaches the page itself
    assert not Account.objects.get(pk=personas[Role.GRID_WORKER].pk).must_change_password
