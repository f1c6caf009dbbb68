"""Signing in: lock after repeated failures, no account enumeration, everything audited."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from grassroots.accounts import services
from grassroots.accounts.models import Account, SignInThrottle
from grassroots.accounts.services import throttle
from grassroots.accounts.tests.conftest import SIGN_IN_URL, events
from grassroots.audit.models import Action, Outcome
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD, make_account

WRONG = "Wrong-pass-99"


@pytest.fixture
def worker(personas):
    return personas[Role.GRID_WORKER]


def _fail(post_sign_in, username, times, **kwargs):
    return [post_sign_in(username, WRONG, **kwargs) for _ in range(times)]


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def _failures(account, address="10.20.30.40"):
    """The failures counted against this account from this address (0 when none)."""
    row = SignInThrottle.objects.filter(
        name_key=throttle.name_key(account.username), address=address
    ).first()
    return row.failures if row else 0


def _set_failures(account, failures, address=""):
    SignInThrottle.objects.update_or_create(
        name_key=throttle.name_key(account.username),
        address=address,
        defaults={"account": account, "failures": failures},
    )


def test_the_sign_in_page_is_chinese_and_fits_a_phone(client, db):
    response = client.get(SIGN_IN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录" in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="viewport" content="width=device-width' in html
    assert "连续5次密码错误，账号将锁定15分钟" in html


def test_the_right_password_signs_in_and_lands_on_the_next_page(post_sign_in, worker, client):
    response = post_sign_in(worker.username, PASSWORD, next="/org/")
    assert response.status_code == 302 and response.url == "/org/"
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_a_next_address_on_another_site_is_ignored(post_sign_in, worker):
    response = post_sign_in(worker.username, PASSWORD, next="https://evil.example/")
    assert response.status_code == 302 and "evil" not in response.url


def test_five_wrong_passwords_lock_the_account_and_say_so(post_sign_in, worker):
    responses = _fail(post_sign_in, worker.username, settings.SIGN_IN_MAX_FAILURES)
    for response in responses[:-1]:
        assert _errors(response) == ["账号或密码错误。"]
    assert _errors(responses[-1]) == ["账号已锁定，请在15分钟后重试。"]
    assert worker.is_locked() and _failures(worker) == settings.SIGN_IN_MAX_FAILURES


def test_four_wrong_passwords_do_not_lock(post_sign_in, worker):
    _fail(post_sign_in, worker.username, settings.SIGN_IN_MAX_FAILURES - 1)
    worker.refresh_from_db()
    assert not worker.is_locked()
    assert post_sign_in(worker.username, PASSWORD).status_code == 302


def test_the_right_password_during_a_lock_is_refused_with_the_time_left(
    post_sign_in, worker, clock, client
):
    _fail(post_sign_in, worker.username, 5)
    clock.advance(minutes=6)
    response = post_sign_in(worker.username, PASSWORD)
    assert response.status_code == 200
    assert _errors(response) == ["账号已锁定，请在9分钟后重试。"]
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_fifteen_minutes(post_sign_in, worker, clock, client):
    _fail(post_sign_in, worker.username, 5)
    clock.advance(minutes=14, seconds=59)
    assert "已锁定" in _errors(post_sign_in(worker.username, PASSWORD))[0]
    clock.advance(seconds=2)
    assert post_sign_in(worker.username, PASSWORD).status_code == 302
    assert _failures(worker) == 0 and not worker.is_locked()


def test_after_a_lock_runs_out_counting_starts_again(post_sign_in, worker, clock):
    _fail(post_sign_in, worker.username, 5)
    clock.advance(minutes=16)
    assert _errors(post_sign_in(worker.username, WRONG)) == ["账号或密码错误。"]
    assert _failures(worker) == 1 and not worker.is_locked()


def test_a_successful_sign_in_resets_the_failure_count(post_sign_in, worker, client):
    _fail(post_sign_in, worker.username, 4)
    assert post_sign_in(worker.username, PASSWORD).status_code == 302
    client.logout()
    _fail(post_sign_in, worker.username, 4)
    assert _failures(worker) == 4 and not worker.is_locked()


def test_an_unknown_account_gets_the_same_message_as_a_wrong_password(post_sign_in, worker):
    unknown = _errors(post_sign_in("no-such-person", WRONG))
    wrong = _errors(post_sign_in(worker.username, WRONG))
    assert unknown == wrong == ["账号或密码错误。"]
    failure = events(Action.SIGN_IN_FAILED, username="no-such-person")[0]
    assert failure.outcome == Outcome.FAILURE and failure.actor_id is None
    assert failure.address == "10.20.30.40" and failure.detail["reason"] == "unknown_account"


def test_an_unknown_account_is_counted_and_locked_exactly_like_a_known_one(post_sign_in, worker):
    ghost = [_errors(r) for r in _fail(post_sign_in, "ghost", 6)]
    known = [_errors(r) for r in _fail(post_sign_in, worker.username, 6)]
    assert ghost == known
    assert ghost[-1] == ["账号已锁定，请在15分钟后重试。"]


def test_a_disabled_account_with_the_right_password_gets_the_generic_message(post_sign_in, worker):
    Account.objects.filter(pk=worker.pk).update(is_active=False)
    assert _errors(post_sign_in(worker.username, PASSWORD)) == ["账号或密码错误。"]


def test_failures_are_counted_in_the_database_so_concurrent_guesses_all_count(
    worker, monkeypatch, rf
):
    # While this attempt checks its password, two others fail and are counted first.
    _set_failures(worker, 2)
    real_check = Account.check_password

    def slow_check(account, raw):
        _set_failures(worker, 4)
        return real_check(account, raw)

    monkeypatch.setattr(Account, "check_password", slow_check)
    result = services.authenticate_account(None, worker.username, WRONG)
    assert _failures(worker, address="") == 5 and worker.is_locked()
    assert result.message == "账号已锁定，请在15分钟后重试。"


def test_each_sign_in_event_is_audited_with_address_and_outcome(post_sign_in, worker):
    post_sign_in(worker.username, PASSWORD, address="192.0.2.7")
    _fail(post_sign_in, worker.username, 5, address="192.0.2.8")
    post_sign_in(worker.username, PASSWORD, address="192.0.2.8")
    signed_in = events(Action.SIGN_IN)[0]
    assert (signed_in.actor_id, signed_in.outcome, signed_in.address) == (
        worker.pk,
        Outcome.SUCCESS,
        "192.0.2.7",
    )
    assert signed_in.node_id == worker.org_node_id and signed_in.at is not None
    failures = events(Action.SIGN_IN_FAILED, actor_id=worker.pk)
    assert [f.detail["reason"] for f in failures] == ["wrong_password"] * 5 + ["locked"]
    assert {f.outcome for f in failures} == {Outcome.FAILURE}
    assert failures[-1].address == "192.0.2.8"
    (lock,) = events(Action.ACCOUNT_LOCKED)
    assert lock.actor_id == worker.pk and lock.address == "192.0.2.8"
    assert lock.detail["failures"] == 5


def test_sign_out_is_post_only_and_audited(post_sign_in, worker, client):
    post_sign_in(worker.username, PASSWORD)
    assert client.get("/accounts/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/sign-out/", REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302 and response.url == SIGN_IN_URL
    assert "_auth_user_id" not in client.session
    (out,) = events(Action.SIGN_OUT)
    assert (out.actor_id, out.address, out.outcome) == (worker.pk, "192.0.2.9", Outcome.SUCCESS)


def test_the_sign_in_form_refuses_a_post_without_its_csrf_token(worker):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SIGN_IN_URL, {"username": worker.username, "password": PASSWORD})
    assert response.status_code == 403
    assert not events(Action.SIGN_IN)


def test_an_empty_form_is_an_error_not_a_failure_count(post_sign_in, worker):
    response = post_sign_in(worker.username, "")
    assert response.status_code == 200 and response.context["form"].errors["password"]
    assert _failures(worker) == 0


def test_an_account_that_must_change_its_password_goes_to_the_change_page(post_sign_in, tree):
    fresh = make_account(
        tree.grid_a1_1, Role.GRID_WORKER, username="fresh", must_change_password=True
    )
    response = post_sign_in(fresh.username, PASSWORD, next="/org/")
    assert response.status_code == 302 and response.url == "/accounts/password/"


def test_the_right_password_loses_to_a_lock_set_while_it_was_being_checked(worker, monkeypatch):
    real_check = Account.check_password
    others = [WRONG]  # the fifth wrong guess, arriving while this one is checked

    def check_while_others_lock(account, raw):
        if others:
            services.authenticate_account(None, worker.username, others.pop())
        return real_check(account, raw)

    _set_failures(worker, 4)
    monkeypatch.setattr(Account, "check_password", check_while_others_lock)
    result = services.authenticate_account(None, worker.username, PASSWORD)
    assert not result.ok and result.message == "账号已锁定，请在15分钟后重试。"
    assert not events(Action.SIGN_IN)


def test_the_sweep_forgets_month_old_counts_but_keeps_locks_and_recent_ones(db):
    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    SignInThrottle.objects.create(
        name_key="a" * 64, address="10.0.0.1", failures=3, window_start=old
    )
    held = SignInThrottle.objects.create(
        name_key="b" * 64,
        address="10.0.0.1",
        failures=5,
        window_start=old,
        locked_until=now + datetime.timedelta(minutes=5),
    )
    recent = SignInThrottle.objects.create(name_key="c" * 64, address="10.0.0.2", failures=2)
    assert throttle.purge_stale(now) == 1
    assert set(SignInThrottle.objects.values_list("pk", flat=True)) == {held.pk, recent.pk}
