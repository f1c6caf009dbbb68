"""Models written around the ORM must keep no save() override or save signal to skip."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import post_save, pre_save

from grassroots.kernel.db import around, checks
from grassroots.kernel.db.rows import insert_rows


@contextmanager
def throwaway(name: str, body: dict) -> Iterator[type[models.Model]]:
    """A model of the kernel app that exists for one test, declared as written around the
    ORM, and forgotten afterwards."""
    attrs = {
        "__module__": "grassroots.kernel.models_for_test",
        "Meta": type("Meta", (), {"app_label": "kernel"}),
        "scope_exempt": True,
        **body,
    }
    model = type(name, (models.Model,), attrs)
    try:
        yield model
    finally:
        around.forget(model)
        apps.all_models["kernel"].pop(name.lower(), None)
        apps.clear_cache()


def test_the_project_passes():
    assert checks.check_written_around_orm() == []
    assert around.declared(), "the registry import declares the models it writes"


def test_a_declared_model_that_overrides_save_fails():
    def save(self, *args, **kwargs):
        super(type(self), self).save(*args, **kwargs)

    with throwaway("SavesItself", {"save": save}) as model:
        assert checks.check_written_around_orm() == []  # not declared: not the check's business
        around.written_around_orm(model)
        errors = checks.check_written_around_orm()
        assert [e.id for e in errors] == ["grassroots.E010"]
        assert "kernel.SavesItself" in errors[0].msg


def test_a_reviewed_save_passes_until_it_is_replaced():
    def save(self, *args, **kwargs):
        super(type(self), self).save(*args, **kwargs)

    with throwaway("AppendOnly", {"save": save}) as model:
        around.written_around_orm(model, reviewed_save="forbids changes; an INSERT makes none")
        assert checks.check_written_around_orm() == []
        model.save = lambda self, *args, **kwargs: None
        assert [e.id for e in checks.check_written_around_orm()] == ["grassroots.E010"]


@pytest.mark.parametrize("signal", [pre_save, post_save])
def test_a_declared_model_with_a_save_receiver_fails(signal):
    def receiver(sender, **kwargs):
        pass

    with throwaway(f"Listened{signal is post_save}", {}) as model:
        around.written_around_orm(model)
        signal.connect(receiver, sender=model)
        try:
            errors = checks.check_written_around_orm()
        finally:
            signal.disconnect(receiver, sender=model)
        assert [e.id for e in errors] == ["grassroots.E011"]
        assert checks.check_written_around_orm() == []


def test_the_bulk_helpers_refuse_an_undeclared_model():
    with throwaway("Undeclared", {}) as model, pytest.raises(ImproperlyConfigured):
        insert_rows(model, ("id",), [(1,)])
