"""The category tree and its rules are configured by operators in the admin (诉求类别)."""

from django.contrib import admin

from grassroots.demands.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "code",
        "dispatch_level",
        "response_hours",
        "resolve_hours",
        "urgent_response_hours",
        "urgent_resolve_hours",
        "overdue_action",
        "dispute",
        "active",
    )
    list_filter = ("dispatch_level", "overdue_action", "dispute", "active")
    search_fields = ("full_name", "code")
    ordering = ("full_name",)
