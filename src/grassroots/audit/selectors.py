"""Reading the audit log within the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from grassroots.audit.models import AuditEvent


def audit_events_for(
    user: Any, *, action: str = "", username: str = "", day: date | None = None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.visible_to(user).select_related("node")
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(username__icontains=username)
    if day:
        events = events.filter(at__date=day)
    return events


def within_scope(events: QuerySet[AuditEvent], user: Any) -> QuerySet[AuditEvent]:
    """The records of ``events`` the user may read (the admin brings its own queryset)."""
    return events.visible_to(user)
