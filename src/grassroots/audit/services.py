"""Writing to the audit log. Every module records through ``record``; nothing else writes."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from grassroots.audit import chain
from grassroots.audit.models import Action, AuditEvent, Outcome
from grassroots.kernel.db import rows as sqlrows


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address; behind N trusted reverse proxies, the one the first proxy saw.

    Only the entries the trusted proxies appended to X-Forwarded-For are believed: anything
    further left was written by the client and could be forged.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote


def record(action: Action | str, **fields: Any) -> AuditEvent:
    """Append one audit record; actor, unit and address are taken from the request if given.

    ``fields`` are those of ``audit_event``: actor, request, outcome, username, target, node,
    and any detail.
    """
    return append(audit_event(action, **fields))


def audit_event(
    action: Action | str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    outcome: Outcome | str = Outcome.SUCCESS,
    username: str = "",
    target: str = "",
    node: Any = None,
    **detail: Any,
) -> AuditEvent:
    """The record ``record`` would append, not yet written: a caller that holds a write lock
    prepares it first and appends it (``append``) inside, keeping the lock short."""
    request_user = getattr(request, "user", None)
    if actor is None and request_user is not None and request_user.is_authenticated:
        actor = request_user
    if actor is not None:
        username = username or actor.get_username()
        node = node if node is not None else getattr(actor, "org_node", None)
    return AuditEvent(
        actor=actor,
        username=username[:150],
        node=node,
        action=action,
        outcome=outcome,
        address=client_address(request),
        target=target[:200],
        detail=detail,
    )


def append(event: AuditEvent) -> AuditEvent:
    """Write a prepared record, chained to the one before it under the chain's lock
    (``chain.linked``). Every audited action writes one: the statement is written once
    (kernel/db/rows.py); AuditEvent.save chains the same way."""
    with chain.linked(event):
        return sqlrows.insert(event)
