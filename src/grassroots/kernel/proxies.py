"""Reverse proxies in front of the server, and what of their X-Forwarded-* headers to believe.

``GRASSROOTS_TRUSTED_PROXIES`` lists the proxies' addresses or networks (``10.0.0.5``,
``10.0.0.0/24``, ``::1``), comma-separated; the settings keep them as ``TRUSTED_PROXIES``.
X-Forwarded-Proto and X-Forwarded-For are believed only from a peer in that list: any other
client could write them itself, to look like HTTPS or to sign in from another address.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxySettingError(ValueError):
    """An entry of GRASSROOTS_TRUSTED_PROXIES that is no address or network."""


def parse_trusted_proxies(text: str) -> list[str]:
    """The entries of a comma-separated list of addresses and networks, each normalised.

    Raises ProxySettingError, saying which entry is wrong, rather than trusting less or more
    than the operator meant. ``0`` (the former "no proxy" count) means none.
    """
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if entries == ["0"]:
        return []
    networks = []
    for entry in entries:
        try:
            networks.append(str(ipaddress.ip_network(entry)))
        except ValueError as exc:
            raise ProxySettingError(
                f"GRASSROOTS_TRUSTED_PROXIES 中的 {entry!r} 不是 IP 地址或网段（例如 10.0.0.5 或 "
                f"10.0.0.0/24，多个用逗号分隔） / {entry!r} in GRASSROOTS_TRUSTED_PROXIES is no "
                f"IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24, comma-separated): {exc}"
            ) from exc
    return networks


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str, proxies: Sequence[str] | None = None) -> bool:
    """Whether ``address`` is one of the trusted proxies (``settings.TRUSTED_PROXIES``)."""
    found = _address(address)
    if found is None:
        return False
    entries = tuple(settings.TRUSTED_PROXIES if proxies is None else proxies)
    return any(found in network for network in _networks(entries))


def forwarded_hops(request: HttpRequest) -> list[str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [hop.strip() for hop in header.split(",") if hop.strip()]


def client_address(request: HttpRequest) -> str:
    """The real client's IP address: the peer's, unless the peer is a trusted proxy.

    From the peer, X-Forwarded-For is read right to left for as long as the address reached
    so far is a trusted proxy; the first address that is not one is the client. What lies
    further left was written by the client or an untrusted hop, and could be forged.
    """
    current = request.META.get("REMOTE_ADDR", "") or ""
    for hop in reversed(forwarded_hops(request)):
        if not is_trusted_proxy(current) or _address(hop) is None:
            break
        current = str(_address(hop))
    return current


FORWARDED_HEADERS = ("HTTP_FORWARDED",)
FORWARDED_PREFIX = "HTTP_X_FORWARDED_"


def untrusted_forwarded_headers(meta: Iterable[str]) -> list[str]:
    """The META keys of forwarding headers, to drop from a peer that is no trusted proxy."""
    return [key for key in meta if key.startswith(FORWARDED_PREFIX) or key in FORWARDED_HEADERS]
