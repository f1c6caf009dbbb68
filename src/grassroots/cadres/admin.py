"""Rosters in the Django admin: read-only, ID numbers masked.

Imports, resignations and by-elections go through the services, which check every row and
write the history and the audit log; the admin would bypass them.
"""

from __future__ import annotations

from django.contrib import admin

from grassroots.cadres.models import CadreMember, MemberChange, RosterImport, Term
from grassroots.web.admin import ReadOnlyAdminMixin


@admin.register(Term)
class TermAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "reference_date", "version", "updated_at"]


@admin.register(CadreMember)
class CadreMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "term",
        "unit",
        "gender",
        "birth_date",
        "education",
        "party_post",
        "committee_post",
        "masked_id_number",
        "joined_on",
        "left_on",
    ]
    list_filter = ["term", "party_post", "committee_post", "education", "gender"]
    search_fields = ["name"]
    list_select_related = ["term", "unit"]
    fields = [
        "term",
        "unit",
        "row",
        "name",
        "gender",
        "birth_date",
        "education",
        "masked_id_number",
        "party_post",
        "committee_post",
        "joined_on",
        "left_on",
        "left_reason",
        "version",
    ]
    readonly_fields = fields

    @admin.display(description="公民身份号码")
    def masked_id_number(self, obj: CadreMember) -> str:
        return obj.masked_id_number


@admin.register(MemberChange)
class MemberChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["member_name", "kind", "effective_on", "term", "unit", "actor", "recorded_at"]
    list_filter = ["kind", "term"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "term",
        "source",
        "reference_date",
        "members",
        "replaced",
        "actor",
        "imported_at",
    ]
