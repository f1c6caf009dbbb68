"""The audit log records the client's address, also behind a trusted reverse proxy."""

from django.test import RequestFactory

from grassroots.audit.services import client_address


def _request(forwarded="", peer="10.0.0.2"):
    meta = {"REMOTE_ADDR": peer}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9")) == "10.0.0.2"


def test_behind_a_trusted_proxy_the_address_it_saw_is_recorded(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request("198.51.100.7, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_followed_to_the_first_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2", "172.16.0.0/12"]
    assert client_address(_request("198.51.100.7, 203.0.113.9, 172.16.4.4")) == "203.0.113.9"


def test_a_peer_that_is_no_trusted_proxy_cannot_claim_another_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request("203.0.113.9", peer="198.51.100.50")) == "198.51.100.50"


def test_a_malformed_header_falls_back_to_the_last_believable_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_address(_request("not-an-address")) == "10.0.0.2"
    assert client_address(_request("203.0.113.9, junk")) == "10.0.0.2"


def test_without_a_request_there_is_no_address():
    assert client_address(None) is None
