"""The org and party trees in the Django admin, for administrators (管理后台)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.org.models import OrgNode, PartyOrganization


class AuditedTreeAdmin(TreeAdmin):
    """Edits made here leave the same audit trail as the services and the import."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            Action.ORG_NODE_CHANGED,
            request=request,
            target=str(obj)[:200],
            change="admin_changed" if change else "admin_created",
            model=obj._meta.model_name,
            fields=sorted(form.changed_data),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        target = str(obj)[:200]
        super().delete_model(request, obj)
        record(
            Action.ORG_NODE_CHANGED,
            request=request,
            target=target,
            change="admin_deleted",
            model=obj._meta.model_name,
        )


@admin.register(OrgNode)
class OrgNodeAdmin(AuditedTreeAdmin):
    form = movenodeform_factory(OrgNode)
    list_display = ["name", "code", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(AuditedTreeAdmin):
    form = movenodeform_factory(PartyOrganization)
    list_display = ["name", "kind", "org_node", "secretary_name"]
    list_filter = ["kind"]
    search_fields = ["name", "secretary_name", "org_node__name", "org_node__code"]
    autocomplete_fields = ["org_node"]
    list_select_related = ["org_node"]
