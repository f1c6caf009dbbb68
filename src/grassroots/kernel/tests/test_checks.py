"""Start-up checks catch configuration mistakes before the first request."""

from django.db import models

from grassroots.kernel import checks, scope
from grassroots.kernel.scope import ScopedManager
from grassroots.web import checks as web_checks


def test_a_model_pointing_at_the_tree_without_scope_registration_fails_the_check():
    class Unscoped(models.Model):
        org_node = models.ForeignKey("org.OrgNode", on_delete=models.CASCADE)

        class Meta:
            app_label = "kernel"

        def __str__(self) -> str:
            return str(self.pk)

    Unscoped.__module__ = "grassroots.kernel.models_for_test"
    try:
        errors = checks.check_scoped_models()
        assert [e.id for e in errors] == ["grassroots.E001"]
        assert "kernel.Unscoped" in errors[0].msg
        scope.scoped(node="org_node")(Unscoped)
        Unscoped.add_to_class("objects", ScopedManager())
        assert checks.check_scoped_models() == []
    finally:
        from django.apps import apps

        scope._REGISTRY.pop(Unscoped, None)
        apps.all_models["kernel"].pop("unscoped", None)
        apps.clear_cache()


def test_the_project_passes_its_own_checks():
    assert checks.check_scoped_models() == []
    assert web_checks.check_front_end_assets() == []


def test_two_models_claiming_one_url_parameter_fail_at_start_up(monkeypatch):
    from grassroots.kernel import scope
    from grassroots.kernel.checks import check_url_parameters_name_one_model
    from grassroots.org.models import OrgNode, PartyOrganization

    assert check_url_parameters_name_one_model() == []
    specs = dict(scope._REGISTRY)
    specs[PartyOrganization] = scope.ScopeSpec(PartyOrganization, "org_node", ("node_id",))
    monkeypatch.setattr(scope, "_REGISTRY", specs)
    errors = check_url_parameters_name_one_model()
    assert [e.id for e in errors] == ["grassroots.E003"]
    assert OrgNode._meta.label in errors[0].msg
