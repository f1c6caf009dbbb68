"""Writes to pairings: each a named action owning its transaction, history and audit record.

Agreements and pledges are added; a liaison records a pledge's progress and evidence; the
community confirms a close-out (销号) with evidence, or reopens a pledge with a reason. Every
change of a pledge's state writes a ``PledgeChange`` (who, when, from, to) and an audit record.
A pledge carries a ``version``: a close-out or reopening made on a version someone else has
already moved on is refused with ``StaleEdit``, and nothing is overwritten.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.permissions import has_permission
from grassroots.pairing.models import (
    Agreement,
    Evidence,
    Pairing,
    Pledge,
    PledgeChange,
    PledgeStatus,
    ProgressEntry,
    Task,
)
from grassroots.pairing.plugin import MANAGE_PAIRING

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_PER_PLEDGE = 20
SYSTEM_NAME = "系统"

# What an uploaded file is, by its first bytes (never by its name alone).
_IMAGE_TYPES = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
_OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}


class PairingError(ValueError):
    """A pairing write that cannot be made; the message says why, in the user's language."""


class StaleEdit(PairingError):
    """Someone else moved the pledge after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该承诺事项已被他人修改（可能刚被销号或重新打开），请刷新后重试"))


class EvidenceRefused(PairingError):
    """Not a photo or document we keep, too large, or too many."""


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _name(actor: Any) -> str:
    if _account(actor) is None:
        return SYSTEM_NAME
    return str(getattr(actor, "display_name", "") or actor.get_username())[:150]


def _target(pledge: Pledge) -> str:
    return f"{pledge.text[:150]}（#{pledge.pk}）"


def _log_change(
    pledge: Pledge,
    *,
    actor: Any,
    from_status: str,
    to_status: str,
    on: datetime.date,
    note: str = "",
    evidence_ids: Iterable[int] = (),
) -> PledgeChange:
    change = PledgeChange.objects.create(
        pledge=pledge,
        on=on,
        actor=_account(actor),
        actor_name=_name(actor),
        from_status=from_status,
        to_status=to_status,
        note=note[:500],
        evidence_ids=sorted(evidence_ids),
    )
    record(
        Action.PLEDGE_CHANGED,
        actor=_account(actor),
        username="" if _account(actor) else SYSTEM_NAME,
        node=pledge.pairing.community,
        target=_target(pledge),
        pledge_id=pledge.pk,
        status=[from_status, to_status],
        on=on.isoformat(),
    )
    return change


def _today() -> datetime.date:
    return timezone.localdate()


def _is_liaison_of(actor: Any, pledge: Pledge) -> bool:
    account = _account(actor)
    return account is not None and pledge.pairing.unit.liaisons.filter(pk=account.pk).exists()


# --- agreements and pledges ----------------------------------------------------------------


@transaction.atomic
def add_agreement(
    pairing: Pairing,
    *,
    signed_on: datetime.date,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    document: Any = None,
    actor: Any = None,
) -> Agreement:
    """Record a signed agreement of ``pairing``; ``document`` is the uploaded signed file."""
    start = period_start or signed_on
    if period_end is not None and period_end < start:
        raise PairingError(_("协议期结束日期不能早于开始日期"))
    if Agreement.objects.filter(pairing=pairing, signed_on=signed_on).exists():
        raise PairingError(_("该结对关系在这一天已签订过协议"))
    agreement = Agreement(
        pairing=pairing,
        signed_on=signed_on,
        period_start=start,
        period_end=period_end,
        created_by=_account(actor),
    )
    if document is not None:
        extension, content_type = evidence_type(document)
        agreement.content_type = content_type
        agreement.document.save(
            f"agreement-{pairing.pk}-{uuid.uuid4().hex[:8]}.{extension}", document, save=False
        )
    agreement.save()
    record(
        Action.AGREEMENT_CHANGED,
        actor=_account(actor),
        username="" if _account(actor) else SYSTEM_NAME,
        node=pairing.community,
        target=f"{pairing}（#{pairing.pk}）",
        agreement_id=agreement.pk,
        signed_on=signed_on.isoformat(),
    )
    return agreement


@transaction.atomic
def add_pledge(
    pairing: Pairing,
    *,
    text: str,
    task: str,
    responsible: str,
    deadline: datetime.date,
    target: str = "",
    agreement: Agreement | None = None,
    actor: Any = None,
) -> Pledge:
    """Add a pledge to ``pairing``, open; its first change is "" → open."""
    if task not in Task.values:
        raise PairingError(_("任务类别应为建强组织堡垒、攻坚治理难题或服务民生改善"))
    if not text.strip() or not responsible.strip():
        raise PairingError(_("承诺事项和责任人不能为空"))
    pledge = Pledge.objects.create(
        pairing=pairing,
        agreement=agreement,
        text=text.strip(),
        task=task,
        responsible=responsible.strip(),
        deadline=deadline,
        target=target.strip(),
    )
    _log_change(pledge, actor=actor, from_status="", to_status=PledgeStatus.OPEN, on=_today())
    return pledge


# --- progress and evidence -----------------------------------------------------------------


@transaction.atomic
def record_progress(
    pledge: Pledge,
    *,
    percent: int,
    note: str = "",
    actor: Any = None,
    on: datetime.date | None = None,
) -> ProgressEntry:
    """Add a dated line to the pledge's progress log (0–100 %); not on a closed pledge."""
    if not 0 <= percent <= 100:
        raise PairingError(_("进度应在0到100之间"))
    current = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if current.is_closed:
        raise PairingError(_("该承诺事项已销号，不能再填报进度；如需继续，请社区先重新打开"))
    entry = ProgressEntry.objects.create(
        pledge=current,
        percent=percent,
        note=note.strip()[:500],
        on=on or _today(),
        by=_account(actor),
        by_name=_name(actor),
    )
    Pledge.objects.filter(pk=current.pk).update(progress=percent)
    record(
        Action.PLEDGE_PROGRESS,
        actor=_account(actor),
        username="" if _account(actor) else SYSTEM_NAME,
        node=current.pairing.community,
        target=_target(current),
        pledge_id=current.pk,
        percent=percent,
    )
    return entry


def evidence_type(upload: Any) -> tuple[str, str]:
    """The extension and content type of an uploaded photo or document, by its first bytes."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(_("文件不能超过 20 MB"))
    head = upload.read(16)
    upload.seek(0)
    for magic, extension, content_type in _IMAGE_TYPES:
        if head.startswith(magic):
            return extension, content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    suffix = str(getattr(upload, "name", "")).rsplit(".", 1)[-1].lower()
    if head.startswith(b"PK\x03\x04") and suffix in ("docx", "xlsx", "pptx"):
        return suffix, _OFFICE_TYPES[suffix]
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in ("doc", "xls"):
        return suffix, _OFFICE_TYPES[suffix]
    raise EvidenceRefused(_("只能上传照片（JPEG、PNG、WebP）或文档（PDF、Word、Excel）"))


@transaction.atomic
def add_evidence(pledge: Pledge, *, upload: Any, actor: Any = None) -> Evidence:
    """Keep one photo or document as evidence for the pledge, under the data directory."""
    extension, content_type = evidence_type(upload)
    if pledge.evidence.count() >= MAX_EVIDENCE_PER_PLEDGE:
        raise EvidenceRefused(
            _("每个承诺事项最多 %(n)d 份佐证材料") % {"n": MAX_EVIDENCE_PER_PLEDGE}
        )
    name = str(getattr(upload, "name", "") or f"evidence.{extension}")[-200:]
    evidence = Evidence(
        pledge=pledge, name=name, content_type=content_type, uploaded_by=_account(actor)
    )
    evidence.file.save(f"pledge-{pledge.pk}-{uuid.uuid4().hex[:8]}.{extension}", upload, save=False)
    evidence.save()
    return evidence


# --- close-out and reopening ---------------------------------------------------------------


def _move(pledge: Pledge, *, version: int, to_status: str, **fields: Any) -> Pledge:
    """Move the pledge to ``to_status`` if nobody moved it since ``version``."""
    current = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if current.version != version:
        raise StaleEdit
    moved = Pledge.objects.filter(pk=current.pk, version=version).update(
        status=to_status, version=F("version") + 1, **fields
    )
    if not moved:
        raise StaleEdit
    current.refresh_from_db()
    return current


@transaction.atomic
def close_pledge(
    pledge: Pledge,
    *,
    version: int,
    evidence_ids: Iterable[int],
    actor: Any,
    note: str = "",
    on: datetime.date | None = None,
) -> Pledge:
    """The community confirms a pledge done (销号): with evidence, never by the unit itself."""
    if not has_permission(actor, MANAGE_PAIRING) or _is_liaison_of(actor, pledge):
        raise PairingError(_("承诺事项须由社区（村）党组织书记确认销号，结对单位不能为本单位销号"))
    ids = {int(i) for i in evidence_ids}
    found = set(
        Evidence.objects.filter(pledge_id=pledge.pk, pk__in=ids).values_list("pk", flat=True)
    )
    if not ids:
        raise PairingError(_("销号须附至少一份佐证材料（照片或文档）"))
    if found != ids:
        raise PairingError(_("所选佐证材料不属于该承诺事项"))
    if Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.CLOSED, version=version).exists():
        raise PairingError(_("该承诺事项已经销号"))
    day = on or _today()
    current = _move(
        pledge,
        version=version,
        to_status=PledgeStatus.CLOSED,
        closed_on=day,
        closed_by=_account(actor),
    )
    _log_change(
        current,
        actor=actor,
        from_status=PledgeStatus.OPEN,
        to_status=PledgeStatus.CLOSED,
        on=day,
        note=note,
        evidence_ids=ids,
    )
    return current


@transaction.atomic
def reopen_pledge(pledge: Pledge, *, version: int, reason: str, actor: Any) -> Pledge:
    """Reopen a closed pledge, with the reason; logged and audited like the close-out."""
    if not has_permission(actor, MANAGE_PAIRING) or _is_liaison_of(actor, pledge):
        raise PairingError(_("只有社区（村）党组织书记或上级可以重新打开承诺事项"))
    if not reason.strip():
        raise PairingError(_("请说明重新打开的原因"))
    if Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.OPEN, version=version).exists():
        raise PairingError(_("该承诺事项尚未销号"))
    current = _move(
        pledge, version=version, to_status=PledgeStatus.OPEN, closed_on=None, closed_by=None
    )
    _log_change(
        current,
        actor=actor,
        from_status=PledgeStatus.CLOSED,
        to_status=PledgeStatus.OPEN,
        on=_today(),
        note=reason.strip(),
    )
    return current


@transaction.atomic
def close_as_of_record(pledge: Pledge, *, on: datetime.date, actor: Any = None) -> Pledge:
    """An import's historical fact: the pledge was closed on ``on`` (no evidence kept here)."""
    current = _move(
        pledge,
        version=pledge.version,
        to_status=PledgeStatus.CLOSED,
        closed_on=on,
        closed_by=None,
    )
    _log_change(
        current,
        actor=actor,
        from_status=PledgeStatus.OPEN,
        to_status=PledgeStatus.CLOSED,
        on=on,
        note=_("按导入的完成日期记为已销号"),
    )
    return current
