from django.contrib import admin

from grassroots.pairing.models import PairedUnit, Pairing


@admin.register(PairedUnit)
class PairedUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "party_organization", "district"]
    search_fields = ["code", "name"]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["unit", "community", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    raw_id_fields = ["community"]
