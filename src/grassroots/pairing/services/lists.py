"""Writes to a pairing's three lists and its visits, each a named action owning its
transaction, history and audit record.

The problem list (问题清单) takes a resident's demand of the community, a joint study's finding,
or an entry, each with a responsible side and person (责任清单); a problem turns into tasks with
deadlines (任务清单). A task closes out like a pledge: evidence, and the community's
confirmation, never the unit's own; reopening is logged and audited. A practical project
(民生实事) is a task so marked, with its beneficiaries.

A visit or joint study (走访、联合调研) is recorded by the liaison or the office, with its
findings; after it the community secretary answers once whether it helped, was neutral or was a
burden (帮与扰), and a change of that answer is recorded too. Tasks and answers carry a
``version``: a move made on a version someone else has already moved on is ``StaleEdit``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.closeout import Ledger, Words
from grassroots.kernel.permissions import Role, has_permission
from grassroots.pairing.models import (
    Answer,
    AnswerChange,
    Finding,
    ListTask,
    Pairing,
    Problem,
    ProblemSource,
    Side,
    TaskChange,
    TaskEvidence,
    TaskProgress,
    Visit,
    VisitKind,
)
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS
from grassroots.pairing.services import (
    MAX_EVIDENCE_PER_PLEDGE,
    SYSTEM_NAME,
    EvidenceRefused,
    PairingError,
)

MAX_FINDINGS = 20


class StaleTask(PairingError):
    """Someone else moved the task after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该任务已被他人修改（可能刚被销号或重新打开），请刷新后重试"))


class StaleAnswer(PairingError):
    """Someone else answered or changed the answer after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该走访的评价已被他人修改，请刷新后重试"))


# A task's progress, evidence, close-out and reopening: the shared close-out ledger, the same
# as a pledge's.
TASKS = Ledger(
    item=ListTask,
    progress=TaskProgress,
    evidence=TaskEvidence,
    change=TaskChange,
    link="task",
    node=lambda task: task.problem.pairing.community,
    record=record,
    audit_changed=Action.PAIRING_TASK_CHANGED,
    audit_progress=Action.PAIRING_TASK_PROGRESS,
    audit_key="pairing_task_id",
    file_prefix="task",
    words=Words(
        closed_no_progress=lambda: _("该任务已销号，不能再填报进度；如需继续，请社区先重新打开"),
        evidence_not_item=lambda: _("所选佐证材料不属于该任务"),
        already_closed=lambda: _("该任务已经销号"),
        not_closed=lambda: _("该任务尚未销号"),
        too_much_evidence=lambda n: _("每个任务最多 %(n)d 份佐证材料") % {"n": n},
    ),
    error=PairingError,
    stale=StaleTask,
    refused=EvidenceRefused,
    max_evidence=MAX_EVIDENCE_PER_PLEDGE,
    related=("problem__pairing",),
)


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _name(actor: Any) -> str:
    if _account(actor) is None:
        return SYSTEM_NAME
    return str(getattr(actor, "display_name", "") or actor.get_username())[:150]


def _audit(action: str, actor: Any, pairing: Pairing, target: str, **detail: Any) -> None:
    record(
        action,
        actor=_account(actor),
        username="" if _account(actor) else SYSTEM_NAME,
        node=pairing.community,
        target=target[:200],
        **detail,
    )


def _is_liaison_of(actor: Any, pairing: Pairing) -> bool:
    account = _account(actor)
    return account is not None and pairing.unit.liaisons.filter(pk=account.pk).exists()


def _today() -> datetime.date:
    return timezone.localdate()


# --- the problem list -----------------------------------------------------------------------


@transaction.atomic
def add_problem(
    pairing: Pairing,
    *,
    text: str,
    side: str,
    responsible: str,
    demand: Any = None,
    finding: Finding | None = None,
    actor: Any = None,
) -> Problem:
    """Put a problem on the pairing's list, with its responsible side and person; from a demand
    of the community or a finding of the pairing's visits when one is given."""
    if side not in Side.values:
        raise PairingError(_("责任方应为结对单位或社区"))
    if not responsible.strip():
        raise PairingError(_("请填写责任人"))
    source = ProblemSource.ENTERED
    if demand is not None:
        if not demand.grid.path.startswith(pairing.community.path):
            raise PairingError(_("所选诉求不属于该结对社区"))
        source = ProblemSource.DEMAND
        text = text.strip() or demand.title
    elif finding is not None:
        if finding.visit.pairing_id != pairing.pk:
            raise PairingError(_("所选调研发现不属于该结对关系"))
        source = ProblemSource.STUDY
        text = text.strip() or finding.text
    if not text.strip():
        raise PairingError(_("请填写问题"))
    problem = Problem.objects.create(
        pairing=pairing,
        text=text.strip()[:300],
        source=source,
        demand=demand,
        finding=finding,
        side=side,
        responsible=responsible.strip()[:50],
        created_by=_account(actor),
    )
    _audit(
        Action.PAIRING_PROBLEM_ADDED,
        actor,
        pairing,
        f"{problem.text[:150]}（#{problem.pk}）",
        pairing_problem_id=problem.pk,
        source=source,
        demand_id=getattr(demand, "pk", None),
        finding_id=getattr(finding, "pk", None),
    )
    return problem


def problem_from_finding(finding: Finding, *, side: str, responsible: str, actor: Any) -> Problem:
    """One action: the finding of a joint study becomes a problem of the same pairing."""
    return add_problem(
        finding.visit.pairing,
        text=finding.text,
        side=side,
        responsible=responsible,
        finding=finding,
        actor=actor,
    )


# --- the task list --------------------------------------------------------------------------


@transaction.atomic
def add_task(
    problem: Problem,
    *,
    text: str,
    responsible: str,
    deadline: datetime.date,
    is_practical: bool = False,
    beneficiaries: str = "",
    beneficiary_count: int | None = None,
    actor: Any = None,
) -> ListTask:
    """Turn a problem into a task with a deadline, open; a practical project names who
    benefits (text and number of people)."""
    if not text.strip() or not responsible.strip():
        raise PairingError(_("任务和责任人不能为空"))
    if is_practical and (not beneficiaries.strip() or not beneficiary_count):
        raise PairingError(_("民生实事须写明受益群众和受益人数"))
    if beneficiary_count is not None and beneficiary_count < 0:
        raise PairingError(_("受益人数不能为负数"))
    task = ListTask.objects.create(
        problem=problem,
        text=text.strip()[:300],
        responsible=responsible.strip()[:50],
        deadline=deadline,
        is_practical=is_practical,
        beneficiaries=beneficiaries.strip()[:200] if is_practical else "",
        beneficiary_count=beneficiary_count if is_practical else None,
    )
    TASKS.opened(task, actor=actor)
    return task


@transaction.atomic
def record_task_progress(
    task: ListTask,
    *,
    percent: int,
    note: str = "",
    actor: Any = None,
    on: datetime.date | None = None,
) -> TaskProgress:
    """Add a dated line to the task's progress log (0–100 %); not on a closed task."""
    return TASKS.record_progress(task, percent=percent, note=note, actor=actor, on=on)


@transaction.atomic
def add_task_evidence(task: ListTask, *, upload: Any, actor: Any = None) -> TaskEvidence:
    """Keep one photo or document as evidence for the task, under the data directory."""
    return TASKS.add_evidence(task, upload=upload, actor=actor)


@transaction.atomic
def close_task(
    task: ListTask,
    *,
    version: int,
    evidence_ids: Iterable[int],
    actor: Any,
    note: str = "",
    on: datetime.date | None = None,
) -> ListTask:
    """The community confirms a task done (销号): with evidence, never by the unit itself."""
    pairing = task.problem.pairing
    if not has_permission(actor, MANAGE_PAIRING) or _is_liaison_of(actor, pairing):
        raise PairingError(_("任务须由社区（村）党组织书记确认销号，结对单位不能为本单位销号"))
    return TASKS.close(
        task, version=version, evidence_ids=evidence_ids, actor=actor, note=note, on=on
    )


@transaction.atomic
def reopen_task(task: ListTask, *, version: int, reason: str, actor: Any) -> ListTask:
    """Reopen a closed task, with the reason; logged and audited like the close-out."""
    if not has_permission(actor, MANAGE_PAIRING) or _is_liaison_of(actor, task.problem.pairing):
        raise PairingError(_("只有社区（村）党组织书记或上级可以重新打开任务"))
    return TASKS.reopen(task, version=version, reason=reason, actor=actor)


# --- visits and joint studies -----------------------------------------------------------------


@transaction.atomic
def record_visit(
    pairing: Pairing,
    *,
    on: datetime.date,
    kind: str,
    topic: str,
    participants: str = "",
    findings: Iterable[str] = (),
    actor: Any = None,
) -> Visit:
    """Record a unit's visit or joint study with the community, and its findings."""
    if kind not in VisitKind.values:
        raise PairingError(_("形式应为走访或联合调研"))
    if not topic.strip():
        raise PairingError(_("请填写调研主题"))
    if on > _today():
        raise PairingError(_("走访日期不能晚于今天"))
    texts = [t.strip()[:300] for t in findings if t.strip()]
    if len(texts) > MAX_FINDINGS:
        raise PairingError(_("一次走访最多记录 %(n)d 条发现") % {"n": MAX_FINDINGS})
    visit = Visit.objects.create(
        pairing=pairing,
        on=on,
        kind=kind,
        topic=topic.strip()[:200],
        participants=participants.strip()[:300],
        created_by=_account(actor),
    )
    Finding.objects.bulk_create([Finding(visit=visit, text=t) for t in texts])
    _audit(
        Action.PAIRING_VISIT_RECORDED,
        actor,
        pairing,
        f"{visit.topic[:150]}（#{visit.pk}）",
        pairing_visit_id=visit.pk,
        kind=kind,
        on=on.isoformat(),
        findings=len(texts),
    )
    return visit


def may_answer(actor: Any, pairing: Pairing) -> bool:
    """Whether the account is a community secretary who may answer for the pairing's visits."""
    roles = set(getattr(actor, "role_codes", ()) or ())
    return (
        Role.COMMUNITY_SECRETARY in roles
        and has_permission(actor, RECORD_PROGRESS)
        and not _is_liaison_of(actor, pairing)
    )


@transaction.atomic
def answer_visit(visit: Visit, *, answer: str, note: str = "", version: int, actor: Any) -> Visit:
    """The community secretary's one answer to a visit: helpful, neutral or a burden. Changing
    it later is allowed but recorded (from, to, who, when) and audited."""
    if not may_answer(actor, visit.pairing):
        raise PairingError(_("走访评价由社区（村）党组织书记填写"))
    if answer not in Answer.values:
        raise PairingError(_("评价应为有帮助、一般或增加负担"))
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.version != version:
        raise StaleAnswer
    if current.answer == answer and current.answer_note == note.strip()[:500]:
        raise PairingError(_("评价没有变化"))
    before = current.answer
    moved = Visit.objects.filter(pk=current.pk, version=version).update(
        answer=answer,
        answer_note=note.strip()[:500],
        answered_at=timezone.now(),
        answered_by=_account(actor),
        version=F("version") + 1,
    )
    if not moved:
        raise StaleAnswer
    current.refresh_from_db()
    AnswerChange.objects.create(
        visit=current,
        actor=_account(actor),
        actor_name=_name(actor),
        from_answer=before,
        to_answer=answer,
        note=note.strip()[:500],
    )
    _audit(
        Action.PAIRING_VISIT_ANSWERED,
        actor,
        visit.pairing,
        f"{current.topic[:150]}（#{current.pk}）",
        pairing_visit_id=current.pk,
        answer=[before, answer],
    )
    return current
