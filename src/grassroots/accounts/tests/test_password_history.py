"""Password history: none of the last five passwords, the current one included, comes back."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from grassroots.accounts import services
from grassroots.accounts.models import PasswordHistory
from grassroots.demo.logins import DEMO_PASSWORD
from grassroots.kernel.permissions import Role

REUSED = "不能使用最近5次用过的密码。"


def _request(account):
    request = RequestFactory().post("/accounts/password/")
    request.user = account
    request.session = SessionStore()
    return request


def _change(account, old, new):
    services.change_password(_request(account), account, old_password=old, new_password=new)


def _new_account(tree, password):
    return services.create_account(
        username="holder", password=password, org_node=tree.grid_a1_1, roles=[Role.GRID_WORKER]
    )


@pytest.fixture
def changed_five_times(tree):
    """An account created with p0, then changed to p1 … p5: p5 is current."""
    passwords = [f"Holder-pass-{n}0" for n in range(6)]
    account = _new_account(tree, passwords[0])
    for old, new in zip(passwords, passwords[1:], strict=False):
        _change(account, old, new)
    return account, passwords


@pytest.mark.parametrize("back", [1, 2, 3, 4])
def test_each_of_the_last_five_passwords_is_refused(changed_five_times, back):
    account, passwords = changed_five_times
    with pytest.raises(ValidationError) as refused:
        _change(account, passwords[5], passwords[back])
    assert refused.value.message_dict["new_password"] == [REUSED]
    assert account.check_password(passwords[5])


def test_the_sixth_password_back_may_be_used_again(changed_five_times):
    account, passwords = changed_five_times
    _change(account, passwords[5], passwords[0])
    account.refresh_from_db()
    assert account.check_password(passwords[0])
    assert PasswordHistory.objects.filter(account=account).count() == 5


def test_the_current_password_is_refused_as_it_always_was(changed_five_times):
    account, passwords = changed_five_times
    with pytest.raises(ValidationError, match="新密码不能与原密码相同"):
        _change(account, passwords[5], passwords[5])


def test_the_published_demo_password_cannot_be_taken_back_once_changed(tree):
    account = _new_account(tree, DEMO_PASSWORD)
    _change(account, DEMO_PASSWORD, "Own-choice-2026")
    with pytest.raises(ValidationError) as refused:
        _change(account, "Own-choice-2026", DEMO_PASSWORD)
    assert refused.value.message_dict["new_password"] == [REUSED]


def test_the_change_page_says_why_a_reused_password_is_refused(client, tree):
    account = _new_account(tree, "Holder-pass-00")
    _change(account, "Holder-pass-00", "Holder-pass-10")
    client.force_login(account)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Holder-pass-10",
            "new_password": "Holder-pass-00",
            "confirm_password": "Holder-pass-00",
        },
    )
    assert response.status_code == 200 and REUSED in response.content.decode()


def test_an_administrator_cannot_set_a_recent_password_either(client, tree, personas):
    from grassroots.accounts.models import Account

    operator = Account.objects.create_superuser(
        "root-op", password="Op-pass-2026", must_change_password=False
    )
    account = _new_account(tree, "Holder-pass-00")
    client.force_login(operator)
    url = f"/admin/accounts/account/{account.pk}/password/"
    data = {"password1": "Holder-pass-00", "password2": "Holder-pass-00", "usable_password": "true"}
    response = client.post(url, data)
    assert response.status_code == 200 and REUSED in response.content.decode()
    data = {
        "password1": "Fresh-pass-2026",
        "password2": "Fresh-pass-2026",
        "usable_password": "true",
    }
    assert client.post(url, data).status_code == 302
    assert PasswordHistory.objects.filter(account=account).count() == 2
