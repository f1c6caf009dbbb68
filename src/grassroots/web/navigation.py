"""The main navigation (主导航): the entries every app's plugin declares, for one user and page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.plugins import NavEntry, installed_plugins


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def _visible(entry: NavEntry, user: Any) -> bool:
    if entry.permission is not None and not has_permission(user, entry.permission):
        return False
    return entry.show is None or bool(entry.show(user))


def _page_key(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name or ''}"


def main_navigation(request: Any) -> list[NavLink]:
    """The links the signed-in user may follow, in order, the page's own one marked current:
    of the entries whose ``current`` patterns match the page, the one with the longest."""
    entries = sorted(
        (e for plugin in installed_plugins() for e in plugin.navigation),
        key=lambda e: e.order,
    )
    shown = [e for e in entries if _visible(e, request.user)]
    page = _page_key(request)
    best = max(
        ((len(p), e) for e in shown for p in e.current if page.startswith(p)),
        key=lambda pair: pair[0],
        default=(0, None),
    )[1]
    return [NavLink(label=str(e.label), url=reverse(e.url_name), current=e is best) for e in shown]
