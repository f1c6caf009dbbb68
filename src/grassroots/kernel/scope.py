"""Data scope, one mechanism (数据范围).

Every model holding scoped data declares how it reaches the org tree (``scope_node``: the
lookup to its ``OrgNode``, or ``""`` for ``OrgNode`` itself) and uses a manager built on
``ScopedQuerySet``. ``Model.objects.visible_to(user)`` then returns only rows inside the user's
subtree: the subtree's nodes by a range over the materialised path's index, the rows by their
own node column (``grid_id IN (SELECT id FROM org_orgnode WHERE path ...)``), never by a join
to the tree. A join makes the tree the outer loop of the plan, so a page ordered by id sorted
the whole scope; with ``IN`` the row table's indexes lead (a page of newest rows reads each
node's part of the node index newest first and stops once it is full). A user whose unit holds
the whole tree gets no condition at all where every row is on the tree. Pages, API, exports and
search all start from it; ``get_visible_or_404`` turns an out-of-scope id into a 404 so ids
leak nothing. The registry below lets the scope-walk test find every scoped model and route.

Two declared, read-only widenings, and only these, let an account see a row beyond its
subtree: ``reaches_down`` (a row on a node above the account's unit is work run from above, a
district's sweep campaign that each street carries out) and ``shared`` (a function naming rows
shared with the account: a class its people attend). Their figures stay scoped: the rows they
are made of (visits, enrolments) are read through ``visible_to`` as ever. ``editable_by(user)``
leaves both out: a unit changes only its own rows; a row seen from above or shared is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404

from grassroots.kernel.plugins import load

_REGISTRY: dict[type[models.Model], ScopeSpec] = {}


@dataclass(frozen=True)
class ScopeSpec:
    """How one scoped model is reached from the tree and named in URLs."""

    model: type[models.Model]
    node_lookup: str  # "" for OrgNode itself, else e.g. "org_node" or "branch__org_node"
    url_kwargs: tuple[str, ...]  # URL parameters that carry this model's id
    # "module:function(user, subtree_rows, all_rows) -> rows": the rule for accounts whose
    # scope is not a subtree (a paired unit's liaison sees its unit's rows wherever they hang).
    rule: str = ""
    # Rows on the nodes above the user's unit are seen too (read-only): work run from above.
    reaches_down: bool = False
    # "module:function(user, all_rows) -> rows": rows shared with the user beyond their
    # subtree (read-only), e.g. the classes the user's people attend.
    shared: str = ""

    def path_lookup(self) -> str:
        return f"{self.node_lookup}__path" if self.node_lookup else "path"

    def node_fields(self) -> list[models.Field]:
        """The relations ``node_lookup`` follows, in order."""
        fields, model = [], self.model
        for name in self.node_lookup.split("__") if self.node_lookup else ():
            field = model._meta.get_field(name)
            fields.append(field)
            model = field.related_model  # type: ignore[assignment]
        return fields  # type: ignore[return-value]

    def always_on_tree(self) -> bool:
        """Whether every row reaches a node: no link on the way may be null or dangle."""
        return all(
            not field.null and getattr(field, "db_constraint", False)
            for field in self.node_fields()
        )

    def node_model(self) -> type[models.Model]:
        """The tree model ``node_lookup`` ends at."""
        fields = self.node_fields()
        return fields[-1].related_model if fields else self.model  # type: ignore[return-value]


def scoped(  # noqa: ANN201
    *,
    node: str,
    url_kwargs: tuple[str, ...] = (),
    rule: str = "",
    reaches_down: bool = False,
    shared: str = "",
):
    """Class decorator: register a model as scoped data reached through ``node``.

    ``rule`` names a function ``(user, subtree_rows, all_rows) -> rows`` that ``visible_to``
    asks for every account but an operator's: it returns the subtree's rows for most accounts,
    and for an account whose scope is something else (a paired unit's liaison: the unit's own
    rows, in whichever community they hang) the rows that scope holds. Scope stays one
    mechanism: every read still goes through ``visible_to``.

    ``reaches_down`` lets an account also read the rows on the nodes above its unit (its
    ancestors, never their other branches); ``shared`` names a function ``(user, all_rows) ->
    rows`` giving rows shared with the account beyond its subtree. Both are for reading only:
    ``editable_by`` leaves them out.
    """

    def register(model: type[models.Model]) -> type[models.Model]:
        _REGISTRY[model] = ScopeSpec(
            model=model,
            node_lookup=node,
            url_kwargs=url_kwargs,
            rule=rule,
            reaches_down=reaches_down,
            shared=shared,
        )
        return model

    return register


def registry() -> dict[type[models.Model], ScopeSpec]:
    return dict(_REGISTRY)


def spec_for(model: type[models.Model]) -> ScopeSpec:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered as scoped data") from None


def model_for_url_kwarg(kwarg: str) -> type[models.Model] | None:
    for spec in _REGISTRY.values():
        if kwarg in spec.url_kwargs:
            return spec.model
    return None


def user_root_path(user: Any) -> str | None:
    """The materialised path of the user's unit, or None when the user sees nothing.

    Superusers (operators) see the whole tree, expressed as the empty prefix.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    if user.is_superuser:
        return ""
    cached = getattr(user, "_scope_path", None)
    if cached is not None:
        return cached
    node = user.org_node
    path = node.path if node is not None else None
    user._scope_path = path
    return path


class ScopedQuerySetMixin:
    """Adds ``visible_to(user)`` and ``editable_by(user)`` to a queryset of a model registered
    with ``@scoped``."""

    def editable_by(self, user: Any) -> models.QuerySet:
        """The rows the user's own scope holds: its subtree's (or its rule's). These it may
        change; a row it only sees from above or shared with it is not among them."""
        qs: models.QuerySet = self  # type: ignore[assignment]
        root = user_root_path(user)
        if root is None:
            return qs.none()
        visible = within(qs, root) if restricts(user, qs.model) else qs.all()
        rule = spec_for(qs.model).rule
        if rule and root != "":
            return load(rule)(user, visible, qs.all())
        return visible

    def visible_to(self, user: Any) -> models.QuerySet:
        """The rows the user may read: its own, and those its model declares reach it from
        above (``reaches_down``) or are shared with it (``shared``)."""
        qs: models.QuerySet = self  # type: ignore[assignment]
        own = self.editable_by(user)
        root = user_root_path(user)
        if not root:  # nobody, or an operator who sees every row already
            return own
        spec = spec_for(qs.model)
        if spec.reaches_down:
            own = own | above(qs, root)
        if spec.shared:
            own = own | load(spec.shared)(user, qs.all())
        return own


def restricts(user: Any, model: type[models.Model]) -> bool:
    """Whether ``visible_to(user)`` leaves out any row of ``model`` that is on the tree: not for
    an operator, nor for a unit holding the whole tree where every row is on it."""
    root = user_root_path(user)
    if root is None:
        return True
    if root == "":
        return False
    spec = spec_for(model)
    return not (spec.always_on_tree() and _holds_whole_tree(user, root, spec.node_model()))


def _holds_whole_tree(user: Any, root: str, tree: type[models.Model]) -> bool:
    """Whether no node lies outside the subtree at ``root``: a district's administrator on a
    system holding that one district, who then sees every row on the tree with no condition
    at all (a list of every node would only keep the planner from the row table's indexes)."""
    if len(root) > getattr(tree, "steplen", len(root)):
        return False  # below a root: its parent, at least, lies outside
    known: dict[type[models.Model], bool] = user.__dict__.setdefault("_scope_whole_tree", {})
    if tree not in known:
        outside = tree._default_manager.order_by().exclude(path__within=root)
        known[tree] = not outside.exists()
    return known[tree]


def within(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """Rows of a scoped ``queryset`` attached to the node at ``path`` or below it.

    The scope of ``visible_to``, and the narrowing of a page to one unit of it.
    """
    spec = spec_for(queryset.model)
    if not spec.node_lookup:
        return queryset.filter(path__within=path)
    nodes = spec.node_model()._default_manager.order_by().filter(path__within=path)
    return queryset.filter(**{f"{spec.node_lookup}__in": nodes.values("pk")})


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """The materialised paths of the nodes above the node at ``path``, the root first."""
    return [path[:end] for end in range(steplen, len(path), steplen)]


def above(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """Rows of a scoped ``queryset`` attached to a node above the one at ``path``: the rows a
    model declared ``reaches_down`` shows to the units below."""
    spec = spec_for(queryset.model)
    tree = spec.node_model()
    paths = ancestor_paths(path, getattr(tree, "steplen", len(path) or 1))
    if not spec.node_lookup:
        return queryset.filter(path__in=paths)
    nodes = tree._default_manager.order_by().filter(path__in=paths)
    return queryset.filter(**{f"{spec.node_lookup}__in": nodes.values("pk")})


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(model: type[models.Model], user: Any, **lookup: Any) -> Any:
    """Fetch one row the user may see; anything else, existing or not, is a 404."""
    try:
        return model.objects.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None


def get_editable_or_404(model: type[models.Model], user: Any, **lookup: Any) -> Any:
    """Fetch one row the user may change; a row it only reads (run from above, shared with
    it) is a 404 here just as one outside its scope."""
    try:
        return model.objects.editable_by(user).get(**lookup)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None
