"""Data scope, one mechanism (数据范围).

Every model holding scoped data declares how it reaches the org tree (``scope_node``: the
lookup to its ``OrgNode``, or ``""`` for ``OrgNode`` itself) and uses a manager built on
``ScopedQuerySet``. ``Model.objects.visible_to(user)`` then returns only rows inside the user's
subtree, as one indexed query on the node's materialised path. Pages, API, exports and search
all start from it; ``get_visible_or_404`` turns an out-of-scope id into a 404 so ids leak
nothing. The registry below lets the scope-walk test find every scoped model and route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404

_REGISTRY: dict[type[models.Model], ScopeSpec] = {}


@dataclass(frozen=True)
class ScopeSpec:
    """How one scoped model is reached from the tree and named in URLs."""

    model: type[models.Model]
    node_lookup: str  # "" for OrgNode itself, else e.g. "org_node" or "branch__org_node"
    url_kwargs: tuple[str, ...]  # URL parameters that carry this model's id

    def path_lookup(self) -> str:
        return f"{self.node_lookup}__path" if self.node_lookup else "path"


def scoped(*, node: str, url_kwargs: tuple[str, ...] = ()):  # noqa: ANN201
    """Class decorator: register a model as scoped data reached through ``node``."""

    def register(model: type[models.Model]) -> type[models.Model]:
        _REGISTRY[model] = ScopeSpec(model=model, node_lookup=node, url_kwargs=url_kwargs)
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
    """Adds ``visible_to(user)`` to a queryset of a model registered with ``@scoped``."""

    def visible_to(self, user: Any) -> models.QuerySet:
        qs: models.QuerySet = self  # type: ignore[assignment]
        root = user_root_path(user)
        if root is None:
            return qs.none()
        if root == "":
            return qs.all()
        lookup = spec_for(qs.model).path_lookup()
        return qs.filter(**{f"{lookup}__within": root})


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(model: type[models.Model], user: Any, **lookup: Any) -> Any:
    """Fetch one row the user may see; anything else, existing or not, is a 404."""
    try:
        return model.objects.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404 from None
