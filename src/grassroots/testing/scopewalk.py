"""The scope walk (数据范围巡检): every route, every role, nothing outside the user's subtree.

tests/test_scope_walk.py drives this for one persona per role (testing/personas.py). It visits every
URL pattern of the project, the JSON API included, except those in ``SKIPPED`` (each with its
reason), and checks:

- a route with parameters answers 404 for an object outside the persona's subtree, exactly as
  for an id that does not exist, and never 404s or fails for an object inside it. A role that
  may not use a route at all must say so the same way whatever the id (403, 401, 405 or one
  redirect): 404 means only "not yours, or no such thing";
- a route without parameters shows no object outside the persona's subtree: none of the
  markers (codes of org nodes, names of people and party organisations, usernames...) of the
  rows ``visible_to`` hides from the persona appears in the page or the JSON;
- a row its model declares reaches down from a node above the persona (``reaches_down``: a
  district's sweep campaign seen by a street) is read, never failing, on every route with its
  id, and shows nothing of the persona's siblings: rows above are the only ones outside the
  subtree a persona may reach, and only because the model says so.

Pages are fetched with the persona's session, /api/ routes with its Bearer token.

Extending the walk is registration, never a new test. A module that adds scoped data:
1. decorates the model with ``@scoped(node=..., url_kwargs=("thing_id",))`` and names the URL
   parameter that carries its id ``thing_id`` (an unregistered parameter fails the walk);
2. in the module its plugin names as ``scope_samples`` (its ``testing.py``) calls
   ``register_sample(Thing, marker=..., make=...)``: ``marker``
   gives the text that shows a row leaked, ``make(node, tag)`` creates one row attached to
   ``node`` (any level of the tree: attach to it or to something new below it) using ``tag`` to
   make its marker unique. The walk makes rows where the fixture tree has none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from grassroots.accounts.models import Account
from grassroots.accounts.services.tokens import create_token
from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.services import record
from grassroots.kernel import scope
from grassroots.kernel.plugins import installed_plugins, load
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Gender, Person
from grassroots.testing.personas import PERSONA_HOMES, Tree, make_account

# Routes the walk does not visit: a path prefix or a "namespace:name", and why.
SKIPPED: dict[str, str] = {
    "admin/": "Django admin: operators only (is_staff), guarded by Django's own permissions",
    "i18n/": "the language switch: POST only, holds no data",
    "static/": "static files hold no data",
    "accounts:sign_out": "signing out would end the walk's session half-way",
    "api:unknown-endpoint": "the API's JSON 404 for paths that name no operation",
    "api:public-demand": "a resident's look-up by tracking code and the phone given at intake: "
    "no account, no scope; demands/tests/test_public.py checks it shows nothing else",
    "api:indicator": "an indicator opened: the path names an indicator (a code every account "
    "shares), not a row; the unit in its query is found through visible_to, and "
    "indicators/tests/test_api.py checks that a sibling's unit is a 404",
    "indicators:figure": "an indicator opened: the path names an indicator (a code every "
    "account shares), not a row; the unit in its query is found through visible_to, and "
    "indicators/tests/test_pages.py checks that a sibling's unit is a 404",
    "demands:public": "the public demand page: no account, no scope, the same page for everyone; "
    "it lists every estate by community and its buildings by name (the facts the buildings' "
    "notices print), never a room or a person; demands/tests/test_public_page.py checks it",
}

# A route that answers like this for every id has refused the persona outright.
DENIED = {301, 302, 303, 401, 403, 405}


@dataclass(frozen=True)
class Route:
    template: str  # "/org/<node_id>/"; an unbuildable route keeps what is left of its regex
    name: str  # "org:node", or "" for an unnamed pattern
    buildable: bool = True

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"<(\w+)>", self.template)) if self.buildable else ()

    @property
    def label(self) -> str:
        return f"{self.template} ({self.name})" if self.name else self.template

    def url(self, values: dict[str, Any]) -> str:
        return re.sub(r"<(\w+)>", lambda m: str(values[m.group(1)]), self.template)

    def skip_reason(self) -> str | None:
        for key, reason in SKIPPED.items():
            if (":" in key and key == self.name) or self.template.startswith("/" + key):
                return reason
        return None


# --- finding routes ------------------------------------------------------------------------

_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")
_REGEX_SPECIAL = re.compile(r"[()\[\]*+?{}|\\^$]")


def _piece(pattern: Any) -> tuple[str, bool]:
    """A URL template piece for one pattern, and whether a URL can be built from it."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", str(pattern._route)), True
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, True
    if isinstance(pattern, RegexPattern):
        text = str(pattern._regex).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        text = _REGEX_GROUP.sub(r"<\1>", text).replace(r"\.", ".").replace(r"\/", "/")
        return text, not _REGEX_SPECIAL.search(text)
    return str(pattern), False


def _walk_patterns(
    patterns: Iterable[Any], prefix: str, namespace: str, buildable: bool
) -> Iterator[Route]:
    for entry in patterns:
        piece, ok = _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk_patterns(entry.url_patterns, prefix + piece, inner, buildable and ok)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield Route(template="/" + prefix + piece, name=name, buildable=buildable and ok)


def all_routes(urlconf: str | None = None) -> list[Route]:
    """Every URL pattern of the project, flattened, in resolution order."""
    return list(_walk_patterns(get_resolver(urlconf).url_patterns, "", "", True))


def walked_routes(urlconf: str | None = None) -> list[Route]:
    return [r for r in all_routes(urlconf) if r.skip_reason() is None]


def route_problems(routes: Iterable[Route]) -> list[str]:
    """Routes the walk cannot visit: no URL can be built, or a parameter names no model."""
    problems = []
    for route in routes:
        if not route.buildable:
            problems.append(
                f"{route.label}: the walk cannot build a URL for this pattern; "
                "use path() with named parameters, or add it to "
                "grassroots.testing.scopewalk.SKIPPED with the reason"
            )
            continue
        for param in route.params:
            if scope.model_for_url_kwarg(param) is None:
                problems.append(
                    f"{route.label}: URL parameter '{param}' names no scoped model; register "
                    f"it with @scoped(node=..., url_kwargs=('{param}',)) on the model whose id "
                    "it carries, so the scope walk can check this route"
                )
    return problems


# --- sample rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    marker: Callable[[Any], str | None]
    make: Callable[[Any, str], Any]


_SAMPLES: dict[type[models.Model], Sample] = {}


def register_sample(
    model: type[models.Model],
    *,
    marker: Callable[[Any], str | None],
    make: Callable[[Any, str], Any],
) -> None:
    """Tell the walk how to recognise a leaked row of ``model`` and how to make one."""
    _SAMPLES[model] = Sample(marker=marker, make=make)


def samples() -> dict[type[models.Model], Sample]:
    for plugin in installed_plugins():  # importing a samples module registers its samples
        if plugin.scope_samples:
            load(plugin.scope_samples)
    return dict(_SAMPLES)


def missing_samples() -> list[str]:
    known = samples()
    return [
        f"{m._meta.label} is scoped data but has no sample for the scope walk: call "
        f"grassroots.testing.scopewalk.register_sample({m.__name__}, marker=..., make=...) "
        "in the module its plugin names as scope_samples"
        for m in scope.registry()
        if m not in known
    ]


def _within(model: type[models.Model], path: str) -> models.QuerySet:
    return model._default_manager.filter(**{scope.spec_for(model).path_lookup() + "__within": path})


def _at(model: type[models.Model], path: str) -> models.QuerySet:
    return model._default_manager.filter(**{scope.spec_for(model).path_lookup(): path})


def _make_party_org(node: OrgNode, tag: str) -> PartyOrganization:
    return PartyOrganization.objects.add_root(
        {"org_node": node, "kind": PartyOrgKind.GRID_BRANCH, "name": f"巡检党组织{tag}"}
    )


def _make_person(node: OrgNode, tag: str) -> Person:
    return Person.objects.create(org_node=node, name=f"巡检人员{tag}", gender=Gender.MALE)


def _make_audit_event(node: OrgNode, tag: str) -> AuditEvent:
    return record(Action.SIGN_IN, username=f"walk_audit_{tag}", node=node, target=tag)


register_sample(OrgNode, marker=lambda n: n.code, make=lambda node, tag: node)
register_sample(PartyOrganization, marker=lambda p: p.name, make=_make_party_org)
register_sample(Person, marker=lambda p: p.name, make=_make_person)
register_sample(
    Account,
    marker=lambda a: a.username,
    make=lambda node, tag: make_account(node, username=f"walk_account_{tag}"),
)
register_sample(AuditEvent, marker=lambda e: e.username, make=_make_audit_event)


# --- the world the walk runs in ------------------------------------------------------------

OUTSIDE_DISTRICT = {"code": "420607000000", "name": "巡检外区", "level": Level.DISTRICT}


@dataclass
class World:
    """The fixture tree, its personas, a district none of them belongs to, and their tokens."""

    tree: Tree
    personas: dict[str, Account]
    outside: OrgNode
    tokens: dict[str, str] = field(default_factory=dict)

    def home(self, role: str) -> OrgNode:
        return getattr(self.tree, PERSONA_HOMES[role][0])

    def sibling(self, role: str) -> OrgNode | None:
        name = PERSONA_HOMES[role][1]
        return getattr(self.tree, name) if name else None


def prepare(tree: Tree, personas: dict[str, Account]) -> World:
    """Make sure every scoped model has rows inside and outside each persona's subtree."""
    outside = OrgNode.objects.add_root(dict(OUTSIDE_DISTRICT))
    world = World(tree=tree, personas=personas, outside=outside)
    tags = (f"{n:03d}" for n in itertools.count(1))
    known = samples()
    places = [outside]
    for role in personas:
        places += [world.home(role), world.sibling(role)]
    for model, sample in known.items():
        for node in filter(None, places):
            node = OrgNode.objects.get(pk=node.pk)  # treebeard needs the current path
            if not _within(model, node.path).exists():
                sample.make(node, next(tags))
    world.tokens = {
        role: create_token(account, name="scope walk")[1] for role, account in personas.items()
    }
    return world


# --- what a persona may see ----------------------------------------------------------------


def visibility_problems(account: Account) -> list[str]:
    """Rows ``visible_to`` gets wrong for this account, for every registered model."""
    root = scope.user_root_path(account)
    problems = []
    for model, spec in scope.registry().items():
        paths = dict(model._default_manager.order_by().values_list("pk", spec.path_lookup()))
        visible = set(model._default_manager.visible_to(account).values_list("pk", flat=True))
        expected = {
            pk
            for pk, path in paths.items()
            if root is not None and path is not None and path.startswith(root)
        } | declared_beyond(account, model, paths)
        for pk in sorted(visible - expected)[:5]:
            problems.append(
                f"{model.__name__}.objects.visible_to({account.username}) returns "
                f"id {pk} at path {paths.get(pk)!r}, outside {root!r}"
            )
        for pk in sorted(expected - visible)[:5]:
            problems.append(
                f"{model.__name__}.objects.visible_to({account.username}) misses "
                f"id {pk} at path {paths[pk]!r}, inside {root!r}"
            )
    return problems


def declared_beyond(
    account: Account, model: type[models.Model], paths: dict[Any, str | None]
) -> set[Any]:
    """Rows outside the account's subtree that its model declares it may read: those on a node
    above its unit (``reaches_down``) and those its ``shared`` function names."""
    spec = scope.spec_for(model)
    root = scope.user_root_path(account)
    if not root:
        return set()
    found: set[Any] = set()
    if spec.reaches_down:
        steplen = getattr(spec.node_model(), "steplen", 4)
        ancestors = set(scope.ancestor_paths(root, steplen))
        found |= {pk for pk, path in paths.items() if path in ancestors}
    if spec.shared:
        rows = load(spec.shared)(account, model._default_manager.all())
        found |= set(rows.values_list("pk", flat=True))
    return found


def above_pks(world: World, role: str, model: type[models.Model]) -> list[tuple[str, Any]]:
    """Rows on the nodes above the persona's unit, for a model that declares they reach down:
    the persona reads them, and must find in them nothing of its siblings' subtrees."""
    if not scope.spec_for(model).reaches_down:
        return []
    home = OrgNode.objects.get(pk=world.home(role).pk)
    picks = []
    for ancestor in OrgNode.objects.filter(path__in=scope.ancestor_paths(home.path, home.steplen)):
        row = _at(model, ancestor.path).order_by("pk").first()
        if row is not None:
            picks.append((f"{model.__name__} id {row.pk} (above, at {ancestor.code})", row.pk))
    return picks


def inside_pk(world: World, role: str, model: type[models.Model]) -> Any:
    """The id of a row of ``model`` inside the persona's subtree."""
    home = world.home(role)
    row = _within(model, home.path).order_by("pk").first()
    return row.pk if row is not None else None


def outside_pks(world: World, role: str, model: type[models.Model]) -> list[tuple[str, Any]]:
    """Ids of rows the persona must not reach: in the sibling's subtree, on the node just above
    the persona's unit, and in another district altogether."""
    home = OrgNode.objects.get(pk=world.home(role).pk)
    parent = OrgNode.objects.get_parent(home)
    sibling = world.sibling(role)
    # A row above the persona is outside its reach, unless the model declares it reaches down
    # (then ``above_pks`` checks it is read without leaking).
    reaches_down = scope.spec_for(model).reaches_down
    candidates = [
        ("sibling", _within(model, sibling.path) if sibling else None),
        ("above", _at(model, parent.path) if parent and not reaches_down else None),
        ("other district", _within(model, world.outside.path)),
    ]
    picks = []
    for where, rows in candidates:
        row = rows.order_by("pk").first() if rows is not None else None
        if row is not None:
            picks.append((f"{model.__name__} id {row.pk} ({where})", row.pk))
    return picks


def missing_pk(model: type[models.Model]) -> Any:
    """An id no row has."""
    if isinstance(model._meta.pk, models.UUIDField):
        return "00000000-0000-4000-8000-000000000000"
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1_000_000
