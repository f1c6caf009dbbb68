"""Checking the audit chain and archiving old records (审计日志校验与归档).

``verify`` walks the chain from its anchor and reports the first record that does not fit:
changed (its digest no longer matches), removed (its ``seq`` is missing) or inserted (no
``seq``, a ``seq`` already used, or beyond the sealed head). Archiving old records, the one
way they leave the table, is ``services.archive``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

from grassroots.audit import chain
from grassroots.audit.models import AuditEvent


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
