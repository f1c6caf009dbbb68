"""Checking the audit chain and archiving old records (审计日志校验与归档).

``verify`` walks the chain from its anchor and reports the first record that does not fit:
changed (its digest no longer matches), removed (its ``seq`` is missing) or inserted (no
``seq``, a ``seq`` already used, or beyond the sealed head). ``archive`` is the one way
records leave the table: only those older than the retention period (180 days, 网络安全法
第二十一条), written to a file with their digests first, then deleted with the delete trigger
lifted for that statement alone, the chain's anchor moved onto the last one removed, and an
audit record saying so.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from grassroots.audit import chain
from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.services import record

RETENTION_DAYS = 180
ARCHIVE_FORMAT = "grassroots-audit-archive"
_append_only = importlib.import_module("grassroots.audit.migrations.0002_append_only")


class ArchiveRefused(ValueError):
    """The archive was not made; the message says why, in Chinese and English."""


@dataclass(frozen=True)
class Problem:
    """The first place the chain does not hold: ``kind`` is changed, removed, inserted or head."""

    kind: str
    record_id: int | None
    seq: int | None
    message: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    anchor_seq: int
    head_seq: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows() -> Iterator[dict[str, Any]]:
    fields = ["id", *chain.CHAINED, "digest"]
    # Records without a seq first: each is an insertion that went round the chain.
    unnumbered = AuditEvent.objects.filter(seq__isnull=True).order_by("id").values(*fields)
    yield from unnumbered.iterator(chunk_size=2000)
    numbered = AuditEvent.objects.filter(seq__isnull=False).order_by("seq", "id").values(*fields)
    yield from numbered.iterator(chunk_size=2000)


def verify() -> Verdict:
    """Walk the whole chain; the first problem found, if any."""
    with connection.cursor() as cursor:
        head = chain.read_head(cursor)
    if head is None:
        head = chain.Head(0, chain.GENESIS, 0, chain.GENESIS, "")
        head = head if AuditEvent.objects.exists() else head.sealed()
    checked = 0

    def verdict(problem: Problem | None) -> Verdict:
        return Verdict(checked, head.anchor_seq, head.seq, problem)

    if head.mac != chain.seal_head(head):
        return verdict(
            Problem(
                "head",
                None,
                head.seq,
                "审计链的链头记录被改动或缺失（校验值不符）/ the chain's head row was changed or "
                "removed (its seal does not match)",
            )
        )
    expected, previous, previous_id = head.anchor_seq + 1, head.anchor_digest, None
    for row in _rows():
        seq, row_id = row["seq"], row["id"]
        if seq is None or seq < expected or seq > head.seq:
            return verdict(
                Problem(
                    "inserted",
                    row_id,
                    seq,
                    f"审计记录 id={row_id} 不在链上（{_why_off(seq, expected, head)[0]}），"
                    f"是绕过系统插入的 / audit record id={row_id} is not on the chain "
                    f"({_why_off(seq, expected, head)[1]}): it was inserted around the system",
                )
            )
        if seq > expected:
            after = f"id={previous_id}" if previous_id is not None else "起点 / the anchor"
            return verdict(
                Problem(
                    "removed",
                    row_id,
                    expected,
                    f"序号 {expected} 的审计记录被删除（在 {after} 之后、id={row_id} 之前）/ the "
                    f"audit record with seq {expected} was removed (after {after}, before "
                    f"id={row_id})",
                )
            )
        if chain.digest_of(row, previous) != row["digest"]:
            return verdict(
                Problem(
                    "changed",
                    row_id,
                    seq,
                    f"审计记录 id={row_id}（序号 {seq}）的内容与校验值不符：被修改或伪造 / "
                    f"audit record id={row_id} (seq {seq}) does not match its digest: it was "
                    "changed or forged",
                )
            )
        checked += 1
        expected, previous, previous_id = seq + 1, row["digest"], row_id
    if expected - 1 < head.seq or previous != head.digest:
        return verdict(
            Problem(
                "removed",
                None,
                expected,
                f"序号 {expected} 至 {head.seq} 的审计记录被删除（链尾缺失）/ the audit records "
                f"with seq {expected} to {head.seq} were removed (the end of the chain is missing)",
            )
        )
    return verdict(None)


def _why_off(seq: int | None, expected: int, head: chain.Head) -> tuple[str, str]:
    if seq is None:
        return "没有序号", "no seq"
    if seq > head.seq:
        return "序号在链尾之后", "seq beyond the chain's end"
    return "序号重复或早于起点", "seq reused or before the anchor"


# --- archive ----------------------------------------------------------------------------------


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
    with transaction.atomic(), chain.locked_head() as (cursor, head):
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
