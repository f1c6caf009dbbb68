"""Which models are written around the ORM, declared beside the model, checked at start-up.

A row written with raw SQL (``rows.insert_rows``, ``rows.update_rows``, ``rows.insert``)
skips ``Model.save`` and the ``pre_save``/``post_save`` signals. That is only sound while the
model has neither: a ``save()`` that fills a column, or a receiver that keeps another table in
step, would silently not run. Declaring the model here turns that comment into a rule:
``checks.check_written_around_orm`` fails start-up (and the test run) when a declared model
gains a ``save()`` override or a receiver, and the bulk helpers refuse a model nobody declared.

A model whose ``save()`` does nothing a raw INSERT could miss (e.g. it only forbids changes)
is declared with ``reviewed_save="why"``; that pins the reviewed method, so a different
``save()`` (a subclass, a replacement) fails the check again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models

M = TypeVar("M", bound=type[models.Model])

# model → the save() method reviewed as harmless (None: the model may have no override).
_declared: dict[type[models.Model], Any] = {}


def written_around_orm(
    model: M | None = None, /, *, reviewed_save: str = ""
) -> M | Callable[[M], M]:
    """Declare ``model`` as written with raw SQL; use as a class decorator, with or without
    arguments, or call it with the class after its definition."""

    def declare(cls: M) -> M:
        _declared[cls] = cls.save if reviewed_save else None
        return cls

    return declare if model is None else declare(model)


def declared() -> dict[type[models.Model], Any]:
    return dict(_declared)


def forget(model: type[models.Model]) -> None:
    """Drop a declaration (for throwaway test models)."""
    _declared.pop(model, None)


def declared_or_die(model: type[models.Model]) -> None:
    """Refuse to write ``model`` around the ORM unless it was declared (one dict look-up)."""
    if model not in _declared:
        raise ImproperlyConfigured(
            f"{model._meta.label} is written around the ORM but not declared: decorate it "
            "with grassroots.kernel.db.around.written_around_orm"
        )


__all__ = ["declared", "declared_or_die", "forget", "written_around_orm"]
