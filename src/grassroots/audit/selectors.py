"""Reading the audit log within the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.plugin import VIEW_UNATTRIBUTED
from grassroots.kernel.permissions import has_permission

# Records of no unit that name no row of any unit: sign-in failures of names that belong to no
# account, and addresses locked for failing too often.
UNATTRIBUTED_ACTIONS = (Action.SIGN_IN_FAILED, "sign_in_address_locked")


def _readable(events: QuerySet[AuditEvent], user: Any) -> QuerySet[AuditEvent]:
    """The user's subtree's records; for the audit administrator also the sign-in failures
    that belong to no unit (the district's own failures are in its subtree already)."""
    readable = events.visible_to(user)
    if has_permission(user, VIEW_UNATTRIBUTED):
        unattributed = events.filter(node__isnull=True, action__in=UNATTRIBUTED_ACTIONS)
        readable = readable | unattributed
    return readable


def audit_events_for(
    user: Any, *, action: str = "", username: str = "", day: date | None = None
) -> QuerySet[AuditEvent]:
    events = _readable(AuditEvent.objects.all(), user).select_related("node")
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(username__icontains=username)
    if day:
        events = events.filter(at__date=day)
    return events


def within_scope(events: QuerySet[AuditEvent], user: Any) -> QuerySet[AuditEvent]:
    """The records of ``events`` the user may read (the admin brings its own queryset)."""
    return _readable(events, user)
