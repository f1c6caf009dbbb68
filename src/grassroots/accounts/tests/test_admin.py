"""The Django admin: its login is the site's (password, then code); accounts and tokens are
managed in Chinese."""

import pytest

from grassroots.accounts.models import Account, ApiToken, RoleGrant
from grassroots.accounts.services.tokens import create_token
from grassroots.accounts.tests.conftest import events
from grassroots.audit.models import Action
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture
def operator(db):
    return Account.objects.create_superuser(
        "operator", password=PASSWORD, must_change_password=False
    )


def _admin_login(client, username, password, address="203.0.113.5"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_admin_login_sends_the_operator_to_the_sign_in_with_two_steps(client, operator):
    response = client.get(LOGIN + "?next=/admin/accounts/account/")
    assert response.status_code == 302
    assert response.url == "/accounts/sign-in/?next=%2Fadmin%2Faccounts%2Faccount%2F"


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client, operator):
    response = _admin_login(client, "operator", PASSWORD)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")
    assert events(Action.SIGN_IN) == []
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_refuses_a_next_address_on_another_site(client, operator):
    response = client.get(LOGIN + "?next=https://evil.example/")
    assert response.url == "/accounts/sign-in/?next=%2Fadmin%2F"


def test_the_account_admin_is_in_chinese_with_roles_and_unit(client, operator, personas):
    client.force_login(operator)
    account = personas[Role.STREET_STAFF]
    html = client.get(f"/admin/accounts/account/{account.pk}/change/").content.decode()
    for label in ("所属单位", "角色", "首次登录须改密", "密码修改时间"):
        assert label in html
    listing = client.get("/admin/accounts/account/").content.decode()
    assert "汉江街道" in listing and "账号" in listing and "登录锁定" in listing


def test_creating_an_account_in_the_admin_checks_the_password_and_is_audited(
    client, operator, tree
):
    client.force_login(operator)
    form = {
        "username": "clerk",
        "display_name": "王芳",
        "org_node": tree.street_a.pk,
        "usable_password": "true",
        "password1": "weakpass",
        "password2": "weakpass",
        "role_grants-TOTAL_FORMS": "1",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-role": Role.STREET_STAFF,
    }
    refused = client.post("/admin/accounts/account/add/", form)
    assert refused.status_code == 200 and not Account.objects.filter(username="clerk").exists()
    assert "至少三类" in refused.content.decode()
    form.update(password1="Clerk-pass-2026", password2="Clerk-pass-2026")
    assert client.post("/admin/accounts/account/add/", form).status_code == 302
    clerk = Account.objects.get(username="clerk")
    assert clerk.must_change_password and clerk.org_node == tree.street_a
    assert list(clerk.role_grants.values_list("role", flat=True)) == [Role.STREET_STAFF]
    (created,) = events(Action.ACCOUNT_CREATED)
    assert created.actor_id == operator.pk and created.target == f"account:{clerk.pk}"
    (roles,) = events(Action.ROLE_CHANGED)
    assert roles.detail == {"account": "clerk", "from": [], "to": [Role.STREET_STAFF]}


def test_a_password_set_by_an_administrator_must_be_changed_at_next_sign_in(
    client, operator, personas
):
    client.force_login(operator)
    account = personas[Role.GRID_WORKER]
    response = client.post(
        f"/admin/accounts/account/{account.pk}/password/",
        {
            "password1": "Reset-pass-2026",
            "password2": "Reset-pass-2026",
            "set_usable_password": "true",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Reset-pass-2026") and account.must_change_password
    (changed,) = events(Action.PASSWORD_CHANGED)
    assert changed.actor_id == operator.pk and changed.detail["by_admin"] is True


def test_role_changes_in_the_admin_are_audited_with_from_and_to(client, operator, personas):
    client.force_login(operator)
    account = personas[Role.GRID_WORKER]
    grant = RoleGrant.objects.get(account=account)
    page = client.get(f"/admin/accounts/account/{account.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "org_node": account.org_node_id,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00",
            "role_grants-TOTAL_FORMS": "2",
            "role_grants-INITIAL_FORMS": "1",
            "role_grants-0-id": grant.pk,
            "role_grants-0-account": account.pk,
            "role_grants-0-role": Role.GRID_WORKER,
            "role_grants-1-account": account.pk,
            "role_grants-1-role": Role.PARTY_MEMBER,
        }
    )
    data.pop("person", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/accounts/account/{account.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (changed,) = events(Action.ROLE_CHANGED)
    assert changed.detail["from"] == [Role.GRID_WORKER]
    assert changed.detail["to"] == sorted([Role.GRID_WORKER, Role.PARTY_MEMBER])


def test_the_token_admin_shows_the_prefix_and_never_the_digest(client, operator, personas):
    token, raw = create_token(personas[Role.GRID_WORKER], name="巡查App")
    client.force_login(operator)
    listing = client.get("/admin/accounts/apitoken/").content.decode()
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    for html in (listing, detail):
        assert token.prefix in html
        assert token.digest not in html and raw not in html
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/").status_code == 403


def test_tokens_can_be_revoked_from_the_admin(client, operator, personas):
    token, _ = create_token(personas[Role.GRID_WORKER])
    client.force_login(operator)
    response = client.post(
        "/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
    (revoked,) = events(Action.TOKEN_REVOKED)
    assert revoked.actor_id == operator.pk
