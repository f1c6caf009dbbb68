"""Writing to the audit log. Every module records through ``record``; nothing else writes."""

from __future__ import annotations

import datetime
import importlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from grassroots.audit import chain
from grassroots.audit.integrity import Verdict, verify
from grassroots.audit.models import Action, AuditEvent, Outcome, linked, locked_head
from grassroots.kernel import proxies
from grassroots.kernel.db import rows as sqlrows


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address (kernel/proxies.py: behind trusted proxies, the one they saw)."""
    if request is None:
        return None
    return proxies.client_address(request) or None


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
    (``models.linked``). Every audited action writes one: the statement is written once
    (kernel/db/rows.py); AuditEvent.save chains the same way."""
    with linked(event):
        return sqlrows.insert(event)


RETENTION_DAYS = 180
ARCHIVE_FORMAT = "grassroots-audit-archive"
_append_only = importlib.import_module("grassroots.audit.migrations.0002_append_only")


class ArchiveRefused(ValueError):
    """The archive was not made; the message says why, in Chinese and English."""


# --- archive (审计日志归档) ----------------------------------------------------------------------


def earliest_allowed_cut(today: datetime.date | None = None) -> datetime.date:
    """The latest ``before`` date an archive may take: records stay at least 180 days."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=RETENTION_DAYS)


@dataclass(frozen=True)
class Archived:
    path: Path
    rows: int
    first_seq: int | None
    last_seq: int | None


def archive(before: datetime.date, target: Path, *, os_user: str = "") -> Archived:
    """Move the records made before ``before`` (a day at least 180 days ago) to ``target``
    (JSON lines: a header, then one record a line with its seq and digest), then out of the
    table. The chain must verify first: an archive never hides a break."""
    latest = earliest_allowed_cut()
    if before > latest:
        raise ArchiveRefused(
            f"审计记录至少保留 {RETENTION_DAYS} 天：只能归档 {latest.isoformat()} 及以前的日期 / "
            f"audit records are kept at least {RETENTION_DAYS} days: the date must be "
            f"{latest.isoformat()} or earlier"
        )
    target = Path(target).resolve()
    if not target.parent.is_dir():
        raise ArchiveRefused(f"目标目录不存在 / no such folder: {target.parent}")
    if target.exists():
        raise ArchiveRefused(f"文件已存在，不会覆盖 / the file exists, not overwritten: {target}")
    verdict = verify()
    if not verdict.ok:
        raise ArchiveRefused(
            "审计链校验未通过，拒绝归档 / the chain does not verify, nothing archived: "
            + verdict.problem.message  # type: ignore[union-attr]
        )
    cut = timezone.make_aware(datetime.datetime.combine(before, datetime.time()))
    anchor = verdict.anchor_seq
    # The chain's prefix made before the cut: up to the first record (by seq) made after it.
    later = AuditEvent.objects.filter(seq__gt=anchor, at__gte=cut).order_by("seq").first()
    prefix = AuditEvent.objects.filter(seq__gt=anchor)
    if later is not None:
        prefix = prefix.filter(seq__lt=later.seq)
    fields = ["id", *chain.CHAINED, "digest"]
    rows = list(prefix.order_by("seq").values(*fields))
    _write_archive(target, before, verdict, rows)
    first_seq = rows[0]["seq"] if rows else None
    last_seq = rows[-1]["seq"] if rows else None
    with transaction.atomic(), locked_head() as (cursor, head):
        if head.anchor_seq != anchor:
            raise ArchiveRefused("另一个归档同时进行 / another archive ran meanwhile")
        if rows:
            _delete_through_trigger(cursor, last_seq)
            chain.write_head(
                cursor,
                chain.Head(head.seq, head.digest, last_seq, rows[-1]["digest"]).sealed(),
            )
        record(
            Action.AUDIT_ARCHIVED,
            target=str(target),
            file=str(target),
            before=before.isoformat(),
            rows=len(rows),
            first_seq=first_seq,
            last_seq=last_seq,
            anchor_digest=rows[-1]["digest"] if rows else head.anchor_digest,
            via="cli",
            os_user=os_user,
        )
    return Archived(target, len(rows), first_seq, last_seq)


def _write_archive(
    target: Path, before: datetime.date, verdict: Verdict, rows: list[dict[str, Any]]
) -> None:
    """Write and flush the file before anything is removed; owner-only, as personal data."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            header = {
                "format": ARCHIVE_FORMAT,
                "version": 1,
                "before": before.isoformat(),
                "rows": len(rows),
                "anchor_seq": verdict.anchor_seq,
                "written": timezone.now().isoformat(),
            }
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for row in rows:
                line = {**row, "at": row["at"].isoformat()}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _delete_through_trigger(cursor: Any, last_seq: int) -> None:
    """The one sanctioned DELETE: the trigger is lifted for this statement and put back in
    the same transaction, so no other statement ever sees the table without it."""
    delete = "DELETE FROM audit_auditevent WHERE seq <= %s"
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_change")
        cursor.execute(delete, [last_seq])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_change")
        return
    cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
    cursor.execute(delete, [last_seq])
    cursor.execute(next(sql for sql in _append_only.SQLITE if "no_delete" in sql))
