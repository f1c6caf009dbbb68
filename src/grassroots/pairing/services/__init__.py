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
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel import closeout
from grassroots.kernel.closeout import MAX_EVIDENCE_BYTES as MAX_EVIDENCE_BYTES
from grassroots.kernel.closeout import SYSTEM_NAME, Ledger, Words
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

MAX_EVIDENCE_PER_PLEDGE = closeout.MAX_EVIDENCE


class PairingError(closeout.CloseoutError):
    """A pairing write that cannot be made; the message says why, in the user's language."""


class StaleEdit(PairingError):
    """Someone else moved the pledge after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该承诺事项已被他人修改（可能刚被销号或重新打开），请刷新后重试"))


class EvidenceRefused(PairingError):
    """Not a photo or document we keep, too large, or too many."""


# A pledge's progress, evidence, close-out and reopening: the shared close-out ledger.
PLEDGES = Ledger(
    item=Pledge,
    progress=ProgressEntry,
    evidence=Evidence,
    change=PledgeChange,
    link="pledge",
    node=lambda pledge: pledge.pairing.community,
    record=record,
    audit_changed=Action.PLEDGE_CHANGED,
    audit_progress=Action.PLEDGE_PROGRESS,
    audit_key="pledge_id",
    file_prefix="pledge",
    words=Words(
        closed_no_progress=lambda: _(
            "该承诺事项已销号，不能再填报进度；如需继续，请社区先重新打开"
        ),
        evidence_not_item=lambda: _("所选佐证材料不属于该承诺事项"),
        already_closed=lambda: _("该承诺事项已经销号"),
        not_closed=lambda: _("该承诺事项尚未销号"),
        too_much_evidence=lambda n: _("每个承诺事项最多 %(n)d 份佐证材料") % {"n": n},
    ),
    error=PairingError,
    stale=StaleEdit,
    refused=EvidenceRefused,
)


def _account(actor: Any) -> Any:
    return closeout.account_of(actor)


def _today() -> datetime.date:
    return closeout.today()


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
    PLEDGES.opened(pledge, actor=actor)
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
    return PLEDGES.record_progress(pledge, percent=percent, note=note, actor=actor, on=on)


def evidence_type(upload: Any) -> tuple[str, str]:
    """The extension and content type of an uploaded photo or document, by its first bytes."""
    return closeout.evidence_type(upload, refused=EvidenceRefused)


@transaction.atomic
def add_evidence(pledge: Pledge, *, upload: Any, actor: Any = None) -> Evidence:
    """Keep one photo or document as evidence for the pledge, under the data directory."""
    return PLEDGES.add_evidence(pledge, upload=upload, actor=actor)


# --- close-out and reopening ---------------------------------------------------------------


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
    return PLEDGES.close(
        pledge, version=version, evidence_ids=evidence_ids, actor=actor, note=note, on=on
    )


@transaction.atomic
def reopen_pledge(pledge: Pledge, *, version: int, reason: str, actor: Any) -> Pledge:
    """Reopen a closed pledge, with the reason; logged and audited like the close-out."""
    if not has_permission(actor, MANAGE_PAIRING) or _is_liaison_of(actor, pledge):
        raise PairingError(_("只有社区（村）党组织书记或上级可以重新打开承诺事项"))
    return PLEDGES.reopen(pledge, version=version, reason=reason, actor=actor)


@transaction.atomic
def close_as_of_record(pledge: Pledge, *, on: datetime.date, actor: Any = None) -> Pledge:
    """An import's historical fact: the pledge was closed on ``on`` (no evidence kept here)."""
    current = PLEDGES.move(
        pledge,
        version=pledge.version,
        to_status=PledgeStatus.CLOSED,
        closed_on=on,
        closed_by=None,
    )
    PLEDGES.log_change(
        current,
        actor=actor,
        from_status=PledgeStatus.OPEN,
        to_status=PledgeStatus.CLOSED,
        on=on,
        note=_("按导入的完成日期记为已销号"),
    )
    return current
