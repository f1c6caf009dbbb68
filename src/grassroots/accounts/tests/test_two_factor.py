"""Two-factor sign-in: set up at first sign-in, a code at every sign-in after, codes used once,
wrong codes counted toward the lock, the admin and API tokens behind both factors."""

import html
import re

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection

from grassroots.accounts.models import Account, ApiToken, SignInThrottle, TwoFactorDevice
from grassroots.accounts.services import two_factor as actions
from grassroots.accounts.tests.conftest import events
from grassroots.accounts.tests.test_cli import run
from grassroots.accounts.two_factor import VERIFIED_KEY, requires_two_factor
from grassroots.audit.models import Action, Outcome
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD, make_account
from grassroots.testing.two_factor import current_code, one_factor

STEP = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"
SETTINGS = "/accounts/two-factor/settings/"
TOKENS = "/accounts/tokens/"


@pytest.fixture
def street(personas):
    return personas[Role.STREET_STAFF]


@pytest.fixture
def enrolled(street, clock):
    """The street persona with an authenticator set up a minute ago: (secret, recovery codes)."""
    return _enrol(street, clock)


def _enrol(account, clock):
    device = actions.begin_enrolment(account)
    result, codes = actions.confirm_enrolment(_Req(), account, current_code(device.secret))
    assert result.ok
    clock.advance(seconds=60)  # the code used to confirm is out of the window
    return device.secret, codes


HOME = "10.20.30.40"  # the address post_sign_in signs in from


class _Req:
    """A request with no user, as a service call from a command has."""

    META: dict = {}  # noqa: RUF012


def _signed_in_as(client):
    return client.session.get(SESSION_KEY)


def _secret_on(page):
    found = re.search(r'data-testid="secret">([^<]+)<', page.content.decode())
    return html.unescape(found.group(1)).strip()


def _recovery_codes_on(page):
    return re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", page.content.decode())


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_an_office_account_sets_up_two_factor_at_first_sign_in(client, street, post_sign_in):
    response = post_sign_in(street.username, PASSWORD, next="/org/")
    assert response.status_code == 302 and response.url == STEP
    assert _signed_in_as(client) is None  # the password alone signs nobody in
    assert client.get(STEP).url == SETUP
    page = client.get(SETUP)
    content = page.content.decode()
    assert "设置两步验证" in content and "<svg" in content and "https://" not in content
    assert 'autocomplete="one-time-code"' in content and 'inputmode="numeric"' in content
    secret = _secret_on(page)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret)
    assert client.get(SETUP).content.decode().count(secret) == 1  # the same secret on reload

    done = client.post(SETUP, {"code": current_code(secret)})
    codes = _recovery_codes_on(done)
    assert len(codes) == len(set(codes)) == 10 and "只显示这一次" in done.content.decode()
    assert 'href="/org/"' in done.content.decode()
    assert _signed_in_as(client) == str(street.pk)
    assert client.session[VERIFIED_KEY] == street.pk
    assert client.get("/").status_code == 200
    (enrolment,) = events(Action.TWO_FACTOR_ENROLLED)
    assert enrolment.actor_id == street.pk


def test_the_secret_and_the_recovery_codes_are_never_stored_as_they_are(street, clock):
    secret, codes = _enrol(street, clock)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_twofactordevice")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT digest FROM accounts_recoverycode")
        digests = {row[0] for row in cursor.fetchall()}
    assert secret not in stored and TwoFactorDevice.objects.get().secret == secret
    assert not any(c in d or c.replace("-", "") in d for c in codes for d in digests)


def test_a_wrong_code_at_set_up_switches_nothing_on(client, street, post_sign_in):
    post_sign_in(street.username, PASSWORD)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200 and "验证码不正确" in _errors(response)[0]
    assert _signed_in_as(client) is None
    assert not TwoFactorDevice.objects.get(account=street).confirmed


def test_the_next_sign_in_asks_for_the_code(client, street, enrolled, post_sign_in):
    secret, _ = enrolled
    response = post_sign_in(street.username, PASSWORD, next="/org/")
    assert response.url == STEP and _signed_in_as(client) is None
    page = client.get(STEP)
    assert "6位验证码" in page.content.decode()
    response = client.post(STEP, {"code": current_code(secret)})
    assert response.status_code == 302 and response.url == "/org/"
    assert _signed_in_as(client) == str(street.pk)
    assert client.session[VERIFIED_KEY] == street.pk
    assert events(Action.TWO_FACTOR_VERIFIED)[0].actor_id == street.pk


def test_a_wrong_code_is_refused_counted_and_audited(client, street, enrolled, post_sign_in):
    post_sign_in(street.username, PASSWORD)
    response = client.post(STEP, {"code": "123456"})
    assert response.status_code == 200
    assert _errors(response) == ["验证码不正确或已使用过，请输入认证器上的新验证码。"]
    assert _signed_in_as(client) is None
    # Counted against this name from this address, as a wrong password is.
    assert list(
        SignInThrottle.objects.filter(account=street).values_list("failures", flat=True)
    ) == [1]
    (failure,) = events(Action.TWO_FACTOR_FAILED)
    assert failure.outcome == Outcome.FAILURE and failure.detail["reason"] == "wrong_code"


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(
    client, street, enrolled, post_sign_in
):
    secret, _ = enrolled  # password and codes from the same computer (HOME)
    post_sign_in(street.username, PASSWORD)
    for _ in range(4):
        assert client.post(STEP, {"code": "123456"}, REMOTE_ADDR=HOME).status_code == 200
    response = client.post(STEP, {"code": "123456"}, follow=True, REMOTE_ADDR=HOME)
    assert "账号已锁定，请在15分钟后重试。" in response.content.decode()
    street.refresh_from_db()
    assert street.is_locked() and _signed_in_as(client) is None
    assert len(events(Action.ACCOUNT_LOCKED, actor_id=street.pk)) == 1
    # The held sign-in is gone; the right password and code now meet the lock.
    assert (
        client.post(STEP, {"code": current_code(secret)}, REMOTE_ADDR=HOME).url
        == "/accounts/sign-in/"
    )
    assert "已锁定" in post_sign_in(street.username, PASSWORD).content.decode()


def test_a_code_is_accepted_once_only(client, street, enrolled, post_sign_in):
    secret, _ = enrolled
    code = current_code(secret)
    post_sign_in(street.username, PASSWORD)
    assert client.post(STEP, {"code": code}).status_code == 302
    client.post("/accounts/sign-out/")
    post_sign_in(street.username, PASSWORD)
    response = client.post(STEP, {"code": code})
    assert response.status_code == 200 and _signed_in_as(client) is None
    assert events(Action.TWO_FACTOR_FAILED)[0].detail["reason"] == "replayed_code"
    # An earlier code, still inside the drift window, is refused too.
    assert client.post(STEP, {"code": current_code(secret, steps_ahead=-1)}).status_code == 200


def test_a_recovery_code_works_once(client, street, enrolled, post_sign_in):
    _, codes = enrolled
    post_sign_in(street.username, PASSWORD)
    response = client.post(STEP, {"code": codes[3].lower()}, follow=True)
    assert _signed_in_as(client) == str(street.pk)
    assert "还剩9个" in response.content.decode()
    assert events(Action.RECOVERY_CODE_USED)[0].detail["left"] == 9
    client.post("/accounts/sign-out/")
    post_sign_in(street.username, PASSWORD)
    assert client.post(STEP, {"code": codes[3]}).status_code == 200
    assert _signed_in_as(client) is None
    assert events(Action.TWO_FACTOR_FAILED)[0].detail["reason"] == "wrong_recovery_code"


def test_a_held_sign_in_runs_out_after_five_minutes(client, street, enrolled, post_sign_in, clock):
    secret, _ = enrolled
    post_sign_in(street.username, PASSWORD)
    clock.advance(minutes=6)
    response = client.post(STEP, {"code": current_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/sign-in/"
    assert "验证已超时" in response.content.decode() and _signed_in_as(client) is None


def test_a_first_password_change_still_comes_after_the_code(client, tree, post_sign_in):
    newcomer = make_account(
        tree.community_a1, Role.COMMUNITY_SECRETARY, username="shuji", must_change_password=True
    )
    post_sign_in(newcomer.username, PASSWORD)
    secret = _secret_on(client.get(SETUP))
    done = client.post(SETUP, {"code": current_code(secret)})
    assert 'href="/accounts/password/"' in done.content.decode()
    assert client.get("/org/").url == "/accounts/password/"


def test_the_admin_cannot_be_reached_with_a_password_only(client, db, post_sign_in):
    Account.objects.create_superuser("operator", password=PASSWORD, must_change_password=False)
    assert client.get("/admin/login/").url.startswith("/accounts/sign-in/")
    assert post_sign_in("operator", PASSWORD, next="/admin/").url == STEP
    final = client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert final.startswith("/accounts/sign-in/") and _signed_in_as(client) is None


def test_a_one_factor_session_is_sent_to_the_second_step_everywhere(client, street, enrolled):
    secret, _ = enrolled
    street.is_staff = True
    street.save(update_fields=["is_staff"])
    client.force_login(street)
    one_factor(client)  # as if signed in some other way, with the password alone
    for path in ("/", "/org/", "/admin/", "/accounts/password/", TOKENS):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(STEP), path
    assert client.get("/api/v1/org/nodes").status_code == 403
    response = client.post(STEP + "?next=/admin/", {"code": current_code(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.RESIDENT, Role.PARTY_MEMBER])
def test_roles_that_see_no_personal_data_sign_in_with_a_password(
    client, personas, post_sign_in, role
):
    response = post_sign_in(personas[role].username, PASSWORD, next="/org/")
    assert response.url == "/org/" and _signed_in_as(client) == str(personas[role].pk)


@pytest.mark.parametrize("role", [Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY])
def test_the_office_roles_and_operators_must_use_two_factors(personas, role):
    assert requires_two_factor(personas[role])
    assert not requires_two_factor(personas[Role.GRID_WORKER])
    operator = personas[Role.GRID_WORKER]
    operator.is_staff = True
    assert requires_two_factor(operator)


def test_an_exempt_demo_account_signs_in_with_its_password(client, street, post_sign_in):
    Account.objects.filter(pk=street.pk).update(two_factor_exempt=True)
    response = post_sign_in(street.username, PASSWORD, next="/org/")
    assert response.url == "/org/" and _signed_in_as(client) == str(street.pk)
    assert client.get("/").status_code == 200


def test_new_recovery_codes_need_a_current_code_and_void_the_old(client, street, enrolled, clock):
    secret, old = enrolled
    client.force_login(street)
    assert "剩余恢复码" in client.get(SETTINGS).content.decode()
    refused = client.post(SETTINGS, {"code": "000000"})
    assert "验证码不正确" in _errors(refused)[0]
    fresh = _recovery_codes_on(client.post(SETTINGS, {"code": current_code(secret)}))
    assert len(fresh) == 10 and not set(fresh) & set(old)
    assert events(Action.RECOVERY_CODES_REGENERATED)[0].actor_id == street.pk
    assert not actions.verify(_Req(), street, old[0]).ok
    assert actions.verify(_Req(), street, fresh[0]).ok


def test_tokens_are_created_only_in_a_two_factor_session(client, personas):
    worker = personas[Role.GRID_WORKER]  # may use the API; not required to use two factors
    client.force_login(worker)
    one_factor(client)
    page = client.get(TOKENS)
    assert page.status_code == 200 and 'data-testid="needs-two-factor"' in page.content.decode()
    assert client.post(TOKENS, {"name": "巡查App"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_two_factor_session_creates_its_own_token_shown_once(client, street):
    client.force_login(street)  # the test client's sign-in counts as both factors
    response = client.post(TOKENS, {"name": "数据同步"})
    raw = re.search(r'data-testid="raw-token">(gr_[^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(account=street)
    assert token.name == "数据同步" and raw not in client.get(TOKENS).content.decode()
    assert events(Action.TOKEN_CREATED)[0].actor_id == street.pk
    client.post(TOKENS, {"revoke": str(token.pk)})
    token.refresh_from_db()
    assert not token.is_active


def test_roles_without_the_api_get_no_token_page(client, personas):
    client.force_login(personas[Role.RESIDENT])
    assert client.get(TOKENS).status_code == 403


def test_token_create_refuses_a_required_account_without_two_factor(street, capsys):
    code, out, err = run(capsys, "token", "create", street.username)
    assert code == 1 and "gr_" not in out
    assert "两步验证" in err and "set it up first" in err
    assert not ApiToken.objects.exists()


def test_token_create_serves_an_enrolled_or_exempt_account(street, personas, enrolled, capsys):
    assert run(capsys, "token", "create", street.username)[0] == 0
    demo = personas[Role.DISTRICT_ADMIN]
    Account.objects.filter(pk=demo.pk).update(two_factor_exempt=True)
    assert run(capsys, "token", "create", demo.username)[0] == 0
    assert ApiToken.objects.count() == 2


def test_a_reset_makes_the_account_set_up_again_and_is_audited(
    client, street, enrolled, capsys, post_sign_in
):
    code, out, _ = run(capsys, "twofactor", "reset", street.username)
    assert code == 0 and "已重置" in out and "reset" in out
    assert not TwoFactorDevice.objects.filter(account=street).exists()
    assert not street.recovery_codes.exists()
    (reset,) = events(Action.TWO_FACTOR_RESET)
    assert reset.target == f"account:{street.pk}" and reset.detail["account"] == street.username
    post_sign_in(street.username, PASSWORD)
    assert client.get(STEP).url == SETUP
    secret = _secret_on(client.get(SETUP))
    assert secret.replace(" ", "") != enrolled[0]
    assert pyotp.TOTP(secret.replace(" ", "")).now().isdigit()


def test_a_reset_of_an_unknown_account_fails(db, capsys):
    code, _, err = run(capsys, "twofactor", "reset", "nobody")
    assert code == 1 and "账号不存在" in err


def test_the_qr_code_scales_to_the_page_without_being_cropped():
    svg = actions.qr_svg("otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP&issuer=x")
    # A fixed width and height with no viewBox is cut off, not shrunk, on a narrow phone.
    assert svg.startswith("<svg") and 'viewBox="0 0 ' in svg.split(">", 1)[0]
    assert "width=" not in svg.split(">", 1)[0]
