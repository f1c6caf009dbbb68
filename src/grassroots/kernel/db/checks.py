"""Start-up check: a model written around the ORM has no ``save()`` or signal to skip."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import models
from django.db.models.signals import post_save, pre_save

from grassroots.kernel.db.around import declared


def _save_overrides(model: type[models.Model]) -> list[type]:
    """The classes between ``model`` and Django's ``Model`` that define their own save()."""
    return [
        cls
        for cls in model.__mro__
        if "save" in vars(cls) and cls is not models.Model and issubclass(cls, models.Model)
    ]


@register(Tags.models)
def check_written_around_orm(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for model, reviewed in declared().items():
        label = model._meta.label
        overrides = _save_overrides(model)
        if overrides and model.save is not reviewed:
            errors.append(
                Error(
                    f"{label} is written around the ORM (raw INSERT/UPDATE) but "
                    f"{overrides[0].__qualname__} overrides save(), which those writes skip",
                    hint=(
                        "Move what save() does into the code that writes the rows, stop "
                        "writing the model around the ORM, or, if the override cannot matter "
                        "to an INSERT, declare it with written_around_orm(reviewed_save=...)."
                    ),
                    obj=model,
                    id="grassroots.E010",
                )
            )
        for signal, name in ((pre_save, "pre_save"), (post_save, "post_save")):
            if signal.has_listeners(model):
                errors.append(
                    Error(
                        f"{label} is written around the ORM (raw INSERT/UPDATE) but has a "
                        f"{name} receiver, which those writes never send",
                        hint="Do the receiver's work where the rows are written instead.",
                        obj=model,
                        id="grassroots.E011",
                    )
                )
    return errors
