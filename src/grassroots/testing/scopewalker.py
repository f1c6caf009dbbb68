"""The requests of the scope walk: one persona fetching every route (see testing/scopewalk.py)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve

from grassroots.accounts.models import Account
from grassroots.kernel import scope
from grassroots.kernel.permissions import has_permission
from grassroots.testing.scopewalk import (
    DENIED,
    Route,
    World,
    above_pks,
    inside_pk,
    missing_pk,
    outside_pks,
    route_problems,
    samples,
)

# An id no database column holds: malformed input, to be refused with a 4xx.
OVERFLOWING_ID = 2**70


def _markers(account: Account) -> tuple[dict[str, str], set[str]]:
    """Markers of the rows hidden from the account (with a label), and of those it sees."""
    hidden: dict[str, str] = {}
    seen: set[str] = set()
    for model, sample in samples().items():
        visible = set(model._default_manager.visible_to(account).values_list("pk", flat=True))
        for obj in model._default_manager.all():
            marker = sample.marker(obj)
            if not marker:
                continue
            if obj.pk in visible:
                seen.add(marker)
            else:
                hidden.setdefault(marker, f"{model.__name__} id {obj.pk} ({marker})")
    # The same text inside and outside the scope cannot tell a leak from a legitimate row.
    return {m: label for m, label in hidden.items() if m not in seen}, seen


def leaks(body: str, hidden: dict[str, str], seen: Iterable[str]) -> list[str]:
    """Labels of hidden rows whose marker occurs in ``body``.

    A hidden marker inside a visible one (community 420606001001 inside its grid's code
    420606001001001) is looked for only after the visible ones are blanked out.
    """
    found = []
    for marker, label in hidden.items():
        if marker not in body:
            continue
        text = body
        for own in seen:
            if marker in own:
                text = text.replace(own, " ")
        if marker in text:
            found.append(label)
    return found


def body_text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode(response.charset or "utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return html.unescape(text)


# --- walking -------------------------------------------------------------------------------


@dataclass
class Walker:
    """One persona walking every route, collecting problems instead of stopping at the first."""

    world: World
    role: str
    page_client: Client = field(init=False)
    api_client: Client = field(init=False)
    hidden: dict[str, str] = field(init=False)
    seen: set[str] = field(init=False)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.account = self.world.personas[self.role]
        # A crash is one more problem to report, not the end of the walk.
        self.page_client = Client(raise_request_exception=False)
        self.page_client.force_login(self.account)
        token = self.world.tokens[self.role]
        self.api_client = Client(
            raise_request_exception=False, headers={"authorization": f"Bearer {token}"}
        )
        self.hidden, self.seen = _markers(self.account)

    def fail(self, method: str, url: str, route: Route, message: str) -> None:
        self.problems.append(f"[{self.role}] {method} {url} (route {route.label}): {message}")

    def client(self, route: Route) -> Client:
        return self.api_client if route.template.startswith("/api/") else self.page_client

    def walk(self, routes: Iterable[Route]) -> list[str]:
        for route in routes:
            if route_problems([route]):
                continue  # reported by route_problems; nothing to build a URL from
            if route.params:
                self.check_by_id(route)
            else:
                self.check_list(route)
            self.check_still_signed_in(route)
        return self.problems

    def check_list(self, route: Route) -> None:
        url = route.url({})
        response = self.client(route).get(url)
        if response.status_code >= 500:
            self.fail("GET", url, route, f"answered {response.status_code}")
        for label in leaks(body_text(response), self.hidden, self.seen):
            self.fail("GET", url, route, f"shows {label}, outside the persona's subtree")

    def check_still_signed_in(self, route: Route) -> None:
        if "_auth_user_id" not in self.page_client.session:
            self.problems.append(
                f"[{self.role}] route {route.label} signed the persona out; "
                "add it to grassroots.testing.scopewalk.SKIPPED"
            )
            self.page_client.force_login(self.account)

    def check_by_id(self, route: Route) -> None:
        models_ = {param: scope.model_for_url_kwarg(param) for param in route.params}
        inside = {param: inside_pk(self.world, self.role, m) for param, m in models_.items()}
        for param, pk in inside.items():
            if pk is None:
                self.problems.append(
                    f"[{self.role}] route {route.label}: no {param} inside "
                    "the persona's subtree to walk with"
                )
                return
        client = self.client(route)
        url = route.url(inside)
        own = client.get(url)
        if own.status_code >= 500 or (own.status_code == 404 and self.may_use(url)):
            self.fail(
                "GET",
                url,
                route,
                f"answered {own.status_code} for objects inside the "
                "persona's subtree, to a role that may use the route",
            )
        for param, model in models_.items():
            missing_url = route.url({**inside, param: missing_pk(model)})
            overflow_url = route.url({**inside, param: OVERFLOWING_ID})
            overflow = client.get(overflow_url)
            if overflow.status_code >= 500:
                self.fail(
                    "GET",
                    overflow_url,
                    route,
                    f"an id beyond 64 bits answered "
                    f"{overflow.status_code}; malformed input must be a 4xx",
                )
            for label, pk in outside_pks(self.world, self.role, model):
                self.compare(
                    route, "GET", route.url({**inside, param: pk}), missing_url, label, own
                )
                if own.status_code == 405:  # a POST-only action must refuse outsiders too
                    self.compare(
                        route, "POST", route.url({**inside, param: pk}), missing_url, label, None
                    )
            for label, pk in above_pks(self.world, self.role, model):
                self.check_from_above(route, route.url({**inside, param: pk}), label)

    def check_from_above(self, route: Route, url: str, label: str) -> None:
        """A row run from above: read (or refused) like any, and nothing of a sibling in it.
        A page that changes the row may refuse it with a 404: the persona only reads it."""
        response = self.client(route).get(url)
        if response.status_code >= 500:
            self.fail("GET", url, route, f"{label} answered {response.status_code}")
        for leaked in leaks(body_text(response), self.hidden, self.seen):
            self.fail("GET", url, route, f"{label} shows {leaked}, outside the persona's subtree")

    def may_use(self, url: str) -> bool:
        """False when the view declares a permission (``required_permission``, set by
        core.decorators.requires) the persona lacks: such a view may refuse with 404."""
        view = resolve(urlsplit(url).path).func
        permission = getattr(view, "required_permission", None)
        return permission is None or has_permission(self.account, permission)

    def compare(
        self, route: Route, method: str, url: str, missing_url: str, label: str, own: Any
    ) -> None:
        """The outside object must look exactly like a missing one: 404, or the same refusal
        this persona gets for every id of the route."""
        client = self.client(route)
        fetch = client.get if method == "GET" else client.post
        outside, missing = fetch(url), fetch(missing_url)
        if outside.status_code == 404 and missing.status_code == 404:
            return
        codes = {outside.status_code, missing.status_code}
        if own is not None:
            codes.add(own.status_code)
        same_place = len({_location(r) for r in (outside, missing, own) if r is not None}) == 1
        if len(codes) == 1 and codes <= DENIED and same_place:
            return
        self.fail(
            method,
            url,
            route,
            f"{label} is outside the persona's subtree: expected "
            f"404 as for a missing id, got {outside.status_code} (missing id: "
            f"{missing.status_code})",
        )


def _location(response: Any) -> str:
    # A redirect's ?next= echoes the requested id and tells nothing; compare the target only.
    return urlsplit(response.get("Location", "")).path


def walk(world: World, role: str, routes: Iterable[Route]) -> list[str]:
    """Every problem one persona meets on ``routes``."""
    return Walker(world, role).walk(routes)
