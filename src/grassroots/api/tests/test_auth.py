"""Who may call the API: Bearer tokens, signed-in sessions, and the roles allowed to use it."""

import pytest
from django.test import RequestFactory
from ninja.errors import HttpError

from grassroots.accounts.api_auth import SessionAuth
from grassroots.accounts.models import Account
from grassroots.accounts.services.tokens import create_token, revoke_token
from grassroots.accounts.two_factor import mark_verified
from grassroots.api.plugin import USE_API
from grassroots.kernel.permissions import Role, all_permissions, has_permission

ME = "/api/v1/me"


def test_a_token_identifies_its_account(personas, bearer):
    response = bearer(personas[Role.STREET_STAFF]).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "persona_street_staff"
    assert body["roles"] == [{"code": "street_staff", "name": "街道干部"}]
    assert body["unit"]["code"] == "420606001000"
    assert USE_API in body["permissions"]


def test_a_revoked_token_is_refused_with_401(personas, client):
    token, raw = create_token(personas[Role.GRID_WORKER])
    assert client.get(ME, headers={"authorization": f"Bearer {raw}"}).status_code == 200
    revoke_token(token)
    response = client.get(ME, headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer gr_not-a-real-token",
        "Bearer ",
        "Bearer",
        "bearer nonsense",
        "Basic dXNlcjpwYXNz",
        "Token abc",
        "gr_abc",
    ],
)
def test_a_wrong_or_malformed_authorization_header_is_refused_with_401(personas, client, header):
    response = client.get(ME, headers={"authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_get_401_in_json_saying_how_to_authenticate(db, client):
    response = client.get("/api/v1/org/nodes")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_is_refused(personas, client):
    account = personas[Role.GRID_WORKER]
    _, raw = create_token(account)
    account.is_active = False
    account.save(update_fields=["is_active"])
    assert client.get(ME, headers={"authorization": f"Bearer {raw}"}).status_code == 401


def test_a_bad_token_is_not_rescued_by_a_signed_in_session(personas, client):
    client.force_login(personas[Role.GRID_WORKER])
    response = client.get(ME, headers={"authorization": "Bearer gr_wrong"})
    assert response.status_code == 401


def test_a_signed_in_browser_session_may_use_the_api(personas, client):
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "persona_community_secretary"


@pytest.mark.parametrize("role", list(Role))
def test_only_roles_holding_the_api_permission_may_use_it(personas, bearer, client, role):
    account = personas[role]
    client.force_login(account)
    by_token = bearer(account).get(ME)
    by_session = client.get(ME)
    if has_permission(account, USE_API):
        assert (by_token.status_code, by_session.status_code) == (200, 200)
    else:
        assert (by_token.status_code, by_session.status_code) == (403, 403)
        assert "网页" in by_token.json()["detail"]


def test_party_members_residents_committee_members_and_administrators_are_sent_to_the_web(
    personas, bearer
):
    refused = {
        role for role, account in personas.items() if bearer(account).get(ME).status_code == 403
    }
    # ... and so are the separated administrators, whose work is not the API's.
    assert refused == {
        Role.PARTY_MEMBER,
        Role.RESIDENT,
        Role.OWNERS_COMMITTEE,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }


def test_a_session_that_must_still_change_its_password_is_refused(personas, client):
    account = personas[Role.GRID_WORKER]
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    client.force_login(account)
    response = client.get(ME)
    assert response.status_code == 403
    assert "密码" in response.json()["detail"]


def test_a_session_write_without_the_csrf_token_is_refused(personas):
    request = RequestFactory().post("/api/v1/anything")
    request.user = personas[Role.DISTRICT_ADMIN]
    request.COOKIES["sessionid"] = "x"
    with pytest.raises(HttpError) as refused:
        SessionAuth()(request)
    assert refused.value.status_code == 403


def test_a_session_read_needs_no_csrf_token(personas):
    request = RequestFactory().get("/api/v1/me")
    request.user = personas[Role.DISTRICT_ADMIN]
    request.session = {}
    mark_verified(request.session, request.user)  # signed in with both factors
    assert SessionAuth()(request) == personas[Role.DISTRICT_ADMIN]


def test_the_docs_page_receives_the_csrf_token_for_signed_in_users(personas, client):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    page = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page
    assert 'data-csrf-token=""' not in page


def test_an_operator_without_a_unit_sees_every_permission_and_no_unit(db, bearer):
    operator = Account.objects.create_superuser(
        "op", password="Op-pass-2026", must_change_password=False
    )
    body = bearer(operator).get(ME).json()
    assert body["unit"] is None and body["is_operator"] is True
    assert body["permissions"] == sorted(all_permissions())
