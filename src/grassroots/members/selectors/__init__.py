"""Reads of party members at work, always through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.members.models import Member


def roster(user: Any) -> QuerySet[Member]:
    """The members the user sees, by grid and name."""
    return (
        Member.objects.visible_to(user)
        .select_related("person", "person__party_branch", "grid")
        .order_by("grid__code", "person__name")
    )
