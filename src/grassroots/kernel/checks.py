"""Start-up checks: bad configuration fails before the first request, not during one."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Error, Tags, register

from grassroots.kernel import scope


@register(Tags.models)
def check_scoped_models(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every model pointing at the org tree must be registered as scoped data. The tree is
    the model registered as its own scope node (``@scoped(node="")``)."""
    registered = scope.registry()
    trees = {model for model, spec in registered.items() if not spec.node_lookup}
    errors = []
    for model in apps.get_models():
        if not model.__module__.startswith("grassroots.") or model in registered:
            continue
        if getattr(model, "scope_exempt", False):
            continue
        points_at_tree = any(
            getattr(f, "related_model", None) in trees
            for f in model._meta.get_fields()
            if f.is_relation and f.many_to_one
        )
        if points_at_tree:
            errors.append(
                Error(
                    f"{model._meta.label} refers to the org tree but is not registered with "
                    "@scoped",
                    hint=(
                        "Decorate it with grassroots.kernel.scope.scoped(node=...) "
                        "so visible_to works."
                    ),
                    id="grassroots.E001",
                )
            )
    return errors


@register(Tags.urls)
def check_url_parameters_name_one_model(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A URL parameter such as ``task_id`` says which model's id it carries: only one."""
    owners: dict[str, list[str]] = {}
    for model, spec in scope.registry().items():
        for kwarg in spec.url_kwargs:
            owners.setdefault(kwarg, []).append(model._meta.label)
    return [
        Error(
            f"URL parameter '{kwarg}' is claimed by {', '.join(labels)}",
            hint="Give each scoped model a parameter name of its own, e.g. "
            "'demand_task_id' rather than 'task_id'.",
            id="grassroots.E003",
        )
        for kwarg, labels in owners.items()
        if len(labels) > 1
    ]
