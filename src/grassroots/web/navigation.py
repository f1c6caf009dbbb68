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


@dataclass(frozen=True)
class NavSection:
    """One group of the main navigation: its heading ("" for the links before every group),
    its links, and whether the page's own link is among them."""

    label: str
    links: list[NavLink]
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


def _shown(request: Any) -> list[tuple[NavEntry, NavLink]]:
    """The entries the signed-in user may follow, in order, the page's own one marked current:
    of the entries whose ``current`` patterns match the page, the one with the longest."""
    entries = sorted(
        (e for plugin in installed_plugins() for e in plugin.navigation),
        key=lambda e: (e.group.order if e.group else -1, e.order),
    )
    shown = [e for e in entries if _visible(e, request.user)]
    page = _page_key(request)
    best = max(
        ((len(p), e) for e in shown for p in e.current if page.startswith(p)),
        key=lambda pair: pair[0],
        default=(0, None),
    )[1]
    return [
        (e, NavLink(label=str(e.label), url=reverse(e.url_name), current=e is best)) for e in shown
    ]


def main_navigation(request: Any) -> list[NavLink]:
    """The links the signed-in user may follow, group by group, the page's own one current."""
    return [link for _, link in _shown(request)]


def navigation_sections(request: Any) -> list[NavSection]:
    """The main navigation in its groups (``NavEntry.group``), in the groups' order; the
    entries without a group first, under no heading. A group the user has no link in is left
    out."""
    sections: list[NavSection] = []
    for entry, link in _shown(request):
        label = str(entry.group.label) if entry.group else ""
        if not sections or sections[-1].label != label:
            sections.append(NavSection(label=label, links=[], current=False))
        sections[-1].links.append(link)
    return [NavSection(s.label, s.links, any(link.current for link in s.links)) for s in sections]
