"""Signing in without enumeration or lock-out abuse (等保 8.1.4.1): locks per account name and
client address, a limit per address, and the same answer in the same time for every name."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from grassroots.accounts import services
from grassroots.accounts.models import Account
from grassroots.accounts.tests.conftest import SIGN_IN_URL, events
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD

WRONG = "Wrong-pass-99"
LOCKED = "账号已锁定，请在15分钟后重试。"
INVALID = "账号或密码错误。"


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


@pytest.fixture
def district(personas):
    return personas[Role.DISTRICT_ADMIN]


def test_a_stranger_failing_from_one_address_does_not_lock_the_holder_out_of_another(
    post_sign_in, district, client
):
    for _ in range(5):
        post_sign_in(district.username, WRONG, address="198.51.100.66")
    assert _errors(post_sign_in(district.username, PASSWORD, address="198.51.100.66")) == [LOCKED]
    response = post_sign_in(district.username, PASSWORD, address="10.0.0.8")
    # The password is accepted: on to the second step (two-factor set-up for this role).
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/")


def test_one_address_failing_across_many_names_is_refused_for_a_while(
    post_sign_in, personas, settings, clock
):
    settings.SIGN_IN_ADDRESS_MAX_FAILURES = 6
    spray = "198.51.100.77"
    for n in range(6):
        post_sign_in(f"guess{n}", WRONG, address=spray)
    worker = personas[Role.GRID_WORKER]
    refused = post_sign_in(worker.username, PASSWORD, address=spray)
    assert _errors(refused) == ["此地址登录失败次数过多，请在15分钟后重试。"]
    (lock,) = events("sign_in_address_locked")
    assert lock.address == spray and lock.detail["minutes"] == 15
    assert post_sign_in(worker.username, PASSWORD, address="10.0.0.9").status_code == 302
    clock.advance(minutes=16)
    assert post_sign_in(worker.username, PASSWORD, address=spray).status_code == 302


def test_the_address_limit_counts_within_its_window_only(post_sign_in, db, settings, clock):
    settings.SIGN_IN_ADDRESS_MAX_FAILURES = 6
    for n in range(5):
        post_sign_in(f"guess{n}", WRONG, address="198.51.100.78")
    clock.advance(minutes=16)
    for n in range(5):
        response = post_sign_in(f"other{n}", WRONG, address="198.51.100.78")
    assert _errors(response) == [INVALID]


def test_an_unknown_name_and_a_wrong_password_answer_the_same_page(post_sign_in, district):
    unknown = post_sign_in("no-such-admin", WRONG)
    known = post_sign_in(district.username, WRONG)
    assert unknown.status_code == known.status_code == 200
    assert _errors(unknown) == _errors(known) == [INVALID]


def test_an_unknown_name_is_locked_like_a_known_one_and_both_say_so_alike(post_sign_in, district):
    unknown = [_errors(post_sign_in("no-such-admin", WRONG)) for _ in range(6)]
    known = [_errors(post_sign_in(district.username, WRONG)) for _ in range(6)]
    assert unknown == known == [[INVALID]] * 4 + [[LOCKED]] * 2


def test_names_are_counted_as_a_keyed_hash_never_as_typed(post_sign_in, db):
    from grassroots.accounts.models import SignInThrottle

    post_sign_in("Typed-Secret-Name", WRONG)
    keys = list(SignInThrottle.objects.values_list("name_key", flat=True))
    assert keys and not any("Typed" in k or "typed" in k for k in keys)


class CostlyHasher(PBKDF2PasswordHasher):
    """PBKDF2 at a cost (tens of milliseconds) that dwarfs the queries, as production's does."""

    algorithm = "pbkdf2_costly"
    iterations = 100_000


def _median_seconds(username, password, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        services.authenticate_account(None, username, password)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_an_unknown_name_takes_as_long_as_a_wrong_password(settings, tree):
    # The test settings hash with MD5 for speed, which would hide the difference that matters:
    # a real (slow) hash on one path and not the other. Measure with a costly hash.
    settings.PASSWORD_HASHERS = [f"{__name__}.CostlyHasher"]
    account = Account.objects.create(
        username="timed", password=make_password(PASSWORD), org_node=tree.district
    )
    settings.SIGN_IN_MAX_FAILURES = 1000  # measure answers, not locks
    settings.SIGN_IN_ADDRESS_MAX_FAILURES = 1000
    _median_seconds("warm-up", WRONG, 2)
    unknown = _median_seconds("nobody-here", WRONG, 9)
    known = _median_seconds(account.username, WRONG, 9)
    # Without the hash on the unknown path it would answer many times faster.
    assert 0.5 < unknown / known < 2, (unknown, known)


def _from_proxy(client, username, password, forwarded):
    return client.post(
        SIGN_IN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_x_forwarded_for_is_believed_only_behind_a_trusted_proxy(client, district, settings):
    for _ in range(5):
        _from_proxy(client, district.username, WRONG, "203.0.113.4")
    # No trusted proxy: the header is the client's own words; the lock is on its address.
    refused = _from_proxy(client, district.username, PASSWORD, "203.0.113.8")
    assert _errors(refused) == [LOCKED]
    settings.TRUSTED_PROXIES = ["10.0.0.1/32"]
    # Behind one proxy, the client the proxy saw is counted: another client signs in.
    assert _from_proxy(client, district.username, PASSWORD, "203.0.113.8").status_code == 302
