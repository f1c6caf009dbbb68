"""The audit log records the client's address, also behind a trusted reverse proxy."""

from django.test import RequestFactory

from grassroots.audit.services import client_address


def _request(forwarded=""):
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("203.0.113.9")) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_is_recorded(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("198.51.100.7, 203.0.113.9")) == "203.0.113.9"


def test_a_forged_or_malformed_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("203.0.113.9")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("not-an-address")) == "10.0.0.2"
