"""The audit log in the admin: readable, never added to, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from grassroots.audit.models import AuditEvent
from grassroots.audit.plugin import VIEW_AUDIT
from grassroots.audit.selectors import within_scope
from grassroots.kernel.permissions import has_permission
from grassroots.web.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "username", "node", "action", "outcome", "address", "target")
    list_filter = ("action", "outcome")
    list_select_related = ("node",)
    search_fields = ("username", "target", "address")
    date_hierarchy = "at"
    fields = ("at", "username", "actor", "node", "action", "outcome", "address", "target", "detail")
    readonly_fields = fields
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return within_scope(super().get_queryset(request), request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, VIEW_AUDIT)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, VIEW_AUDIT)
