"""The headers every response carries (等保三级): HTTPS behind a trusted proxy only, the
Content-Security-Policy, no caching of personal data, and the browser isolation headers."""

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.kernel.permissions import Role
from grassroots.kernel.proxies import ProxySettingError, client_address, parse_trusted_proxies
from grassroots.registry.testing import make_resident
from grassroots.settings.security import https_settings
from grassroots.web.middleware import CONTENT_SECURITY_POLICY

PROXY = "10.1.2.3"


@pytest.fixture
def https(settings):
    for name, value in https_settings().items():
        setattr(settings, name, value)
    settings.TRUSTED_PROXIES = ["10.1.2.0/24"]
    return settings


def test_behind_the_trusted_proxy_https_pages_carry_hsts(https, db):
    response = Client().get("/accounts/sign-in/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response.cookies["csrftoken"]["secure"] is True


def test_a_client_past_the_proxy_cannot_pass_for_https(https, db):
    response = Client().get(
        "/accounts/sign-in/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/sign-in/"


def test_plain_http_is_sent_to_https_but_the_health_check_answers(https, db):
    assert Client().get("/accounts/sign-in/", REMOTE_ADDR=PROXY).status_code == 301
    assert Client().get("/healthz", REMOTE_ADDR=PROXY).status_code == 200


def test_the_forwarded_address_counts_only_from_a_trusted_proxy(https, rf):
    from grassroots.web.middleware import TrustedProxyMiddleware

    seen = []
    middleware = TrustedProxyMiddleware(lambda request: seen.append(request) or None)
    for peer in (PROXY, "203.0.113.9"):
        middleware(rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    assert [client_address(r) for r in seen] == ["198.51.100.7", "203.0.113.9"]
    assert "HTTP_X_FORWARDED_FOR" not in seen[1].META


def test_trusted_proxies_are_addresses_and_networks():
    assert parse_trusted_proxies(" 10.0.0.5, 10.0.0.0/24,::1 ") == [
        "10.0.0.5/32",
        "10.0.0.0/24",
        "::1/128",
    ]
    assert parse_trusted_proxies("") == parse_trusted_proxies("0") == []


@pytest.mark.parametrize("bad", ["2", "10.0.0.300", "10.0.0.1/24", "proxy.local"])
def test_a_wrong_trusted_proxy_is_refused_naming_the_entry(bad):
    with pytest.raises(ProxySettingError, match="GRASSROOTS_TRUSTED_PROXIES") as caught:
        parse_trusted_proxies(f"10.0.0.5,{bad}")
    assert repr(bad) in str(caught.value) and "不是 IP 地址或网段" in str(caught.value)


def test_every_page_carries_the_policy_without_inline_scripts(as_role, tree):
    client = as_role(Role.STREET_STAFF)
    for url in ("/", "/accounts/sign-in/", "/api/v1/docs", "/healthz", "/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert policy == CONTENT_SECURITY_POLICY
        directives = dict(d.split(" ", 1) for d in policy.split("; "))
        assert directives["script-src"] == "'self'"
        assert "unsafe" not in policy
        assert directives["frame-ancestors"] == "'none'"


def test_the_isolation_headers_are_always_sent(client, db):
    response = client.get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_and_exports_of_a_signed_in_user_are_not_stored(as_role, tree):
    make_resident(tree.grid_a1_1, "901")
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert client.get("/")["Cache-Control"] == "no-store"
    export = client.post(reverse("registry:export"), {})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert export["Cache-Control"] == "no-store"


def test_static_files_keep_being_cached(as_role, tree, settings):
    settings.WHITENOISE_USE_FINDERS = True  # tests collect no static files
    response = as_role(Role.STREET_STAFF).get("/static/grassroots/app.css")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=")
