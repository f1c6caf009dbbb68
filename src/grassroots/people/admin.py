"""Person records in the Django admin: read-only, personal data masked.

Changes go through the people pages, whose services validate the ID number, keep one number to
one person and write the audit log; the admin would bypass all three.
"""

from __future__ import annotations

from django.contrib import admin

from grassroots.people.models import Person
from grassroots.web.admin import ReadOnlyAdminMixin


@admin.register(Person)
class PersonAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "gender",
        "org_node",
        "masked_phone",
        "masked_id_number",
        "is_party_member",
    ]
    list_filter = ["is_party_member", "gender"]
    search_fields = ["name"]
    list_select_related = ["org_node"]
    fields = [
        "name",
        "gender",
        "birth_date",
        "masked_phone",
        "masked_id_number",
        "post",
        "org_node",
        "is_party_member",
        "party_joined_on",
        "party_branch",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description="联系电话")
    def masked_phone(self, obj: Person) -> str:
        return obj.masked_phone

    @admin.display(description="公民身份号码")
    def masked_id_number(self, obj: Person) -> str:
        return obj.masked_id_number
