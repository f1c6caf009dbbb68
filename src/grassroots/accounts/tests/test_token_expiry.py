"""API tokens expire (90 days unless told), and are refused while the account must change its
password; the API says which."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grassroots.accounts.models import Account, ApiToken
from grassroots.accounts.services.tokens import authenticate_token, create_token
from grassroots.cli import main
from grassroots.kernel.permissions import Role

ME = "/api/v1/me"


def _call(client, raw):
    return client.get(ME, headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def worker(personas):
    return personas[Role.GRID_WORKER]


def test_a_token_lasts_ninety_days_unless_told(worker):
    token, _ = create_token(worker)
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)
    token, _ = create_token(worker, days=7)
    assert token.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_lifetime_out_of_range_is_refused_and_nothing_is_created(worker, days):
    with pytest.raises(ValidationError, match="令牌有效期须为1至3650天"):
        create_token(worker, days=days)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_401_saying_so(worker, client, clock):
    _, raw = create_token(worker, days=1)
    assert _call(client, raw).status_code == 200
    clock.advance(days=1, seconds=1)
    response = _call(client, raw)
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌已过期，请重新创建令牌"
    assert authenticate_token(raw) is None


def test_a_token_of_an_account_that_must_change_its_password_is_refused(worker, client):
    _, raw = create_token(worker)
    Account.objects.filter(pk=worker.pk).update(must_change_password=True)
    response = _call(client, raw)
    assert response.status_code == 401
    assert "修改密码" in response.json()["detail"]
    Account.objects.filter(pk=worker.pk).update(must_change_password=False)
    assert _call(client, raw).status_code == 200


def test_token_create_takes_days_and_says_until_when(worker, capsys):
    assert main(["token", "create", worker.username, "--days", "30"]) == 0
    out = capsys.readouterr().out
    token = ApiToken.objects.get()
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert "有效至" in out and "valid until" in out


@pytest.mark.parametrize("days", ["0", "3651", "abc", "-5"])
def test_token_create_refuses_days_out_of_range(worker, capsys, days):
    with pytest.raises(SystemExit) as done:
        main(["token", "create", worker.username, f"--days={days}"])
    assert done.value.code == 2
    assert "有效天数须为1至3650之间的整数" in capsys.readouterr().err
    assert not ApiToken.objects.exists()


def test_token_list_shows_the_expiry_and_which_have_expired(worker, capsys, clock):
    create_token(worker, name="短期", days=1)
    create_token(worker, name="长期", days=365)
    clock.advance(days=2)
    assert main(["token", "list"]) == 0
    rows = {line.split("\t")[3]: line for line in capsys.readouterr().out.splitlines()}
    assert "到期/expires" in rows["用途/name"]
    assert rows["短期"].endswith("已过期/expired") and rows["长期"].endswith("有效/active")
