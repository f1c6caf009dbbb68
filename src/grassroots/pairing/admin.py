from django.contrib import admin

from grassroots.pairing.models import Agreement, PairedUnit, Pairing, Pledge


@admin.register(PairedUnit)
class PairedUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "party_organization", "district"]
    search_fields = ["code", "name"]
    filter_horizontal = ["liaisons"]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["unit", "community", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    raw_id_fields = ["community"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["pairing", "signed_on", "period_start", "period_end"]
    raw_id_fields = ["pairing"]
    readonly_fields = ["document", "content_type", "created_by"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    """Read-only here: pledges move (close-out, reopening) through the pages and services."""

    list_display = ["text", "pairing", "task", "deadline", "progress", "status"]
    list_filter = ["task", "status"]
    search_fields = ["text", "responsible"]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
