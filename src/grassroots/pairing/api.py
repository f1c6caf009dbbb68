"""Pairings over the JSON API: the pairings, a pairing's pledges, one pledge with its log, and
the pledge's moves (progress, evidence, close-out, reopening).

The same scope and permissions as the pages: a liaison sees only its own unit's pairings (an id
elsewhere is a 404), records progress and evidence, and is refused a close-out or reopening
(403). A move the rules refuse, or made on a version someone else has already moved, is 409
with the reason.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import AuthorizationError, ValidationError
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.pairing.models import ListTask, Pledge, Visit
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS, VIEW_PAIRING
from grassroots.pairing.selectors import (
    changes_of,
    evidence_of,
    findings_of,
    pairing_for,
    pledge_for,
    pledges_of,
    problems_of,
    progress_of,
    task_changes_of,
    task_evidence_of,
    task_for,
    task_progress_of,
    tasks_of,
    visible_pairings,
    visit_for,
    visits_of,
)
from grassroots.pairing.services import (
    PairingError,
    add_evidence,
    close_pledge,
    record_progress,
    reopen_pledge,
)
from grassroots.pairing.services.lists import (
    add_task_evidence,
    answer_visit,
    close_task,
    may_answer,
    record_task_progress,
    record_visit,
    reopen_task,
)

try:  # django-ninja 1.6+ wants Status(code, body); older versions take a tuple
    from ninja import Status as _Status
except ImportError:  # pragma: no cover
    _Status = None

router = Router(tags=["结对共建"])

PairingId = Annotated[int, Path(ge=1, le=MAX_ID, description="结对关系 id")]
PledgeId = Annotated[int, Path(ge=1, le=MAX_ID, description="承诺事项 id")]


def _reply(code: int, body: Any) -> Any:
    return _Status(code, body) if _Status is not None else (code, body)


class PairingOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    community_code: str = Field(..., alias="community.code")
    community_name: str = Field(..., alias="community.name")
    started_on: datetime.date
    ended_on: datetime.date | None


class PledgeOut(Schema):
    id: int
    pairing_id: int
    text: str
    task: str = Field(description="organisation / governance / livelihood")
    task_label: str
    responsible: str
    deadline: datetime.date
    target: str
    progress: int = Field(description="最新进度，百分数")
    status: str = Field(description="open / closed")
    standing: str = Field(description="closed / overdue / due_soon / on_track")
    closed_on: datetime.date | None
    version: int


class ProgressOut(Schema):
    percent: int
    note: str
    on: datetime.date
    by: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str


class ChangeOut(Schema):
    at: datetime.datetime
    actor: str
    from_status: str
    to_status: str
    note: str


class PledgeDetailOut(PledgeOut):
    progress_log: list[ProgressOut]
    evidence: list[EvidenceOut]
    changes: list[ChangeOut]


class ProgressIn(Schema):
    percent: int = Field(..., ge=0, le=100, description="进度，0–100")
    note: str = Field("", max_length=500)


class CloseIn(Schema):
    version: int = Field(..., ge=1, le=MAX_ID, description="读取时的版本号")
    evidence_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., description="佐证材料 id，至少一个"
    )
    note: str = Field("", max_length=500)


class ReopenIn(Schema):
    version: int = Field(..., ge=1, le=MAX_ID, description="读取时的版本号")
    reason: str = Field(..., min_length=1, max_length=500)


FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        },
    }
}


def _pledge_out(pledge: Pledge, today: datetime.date | None = None) -> dict[str, Any]:
    return {
        "id": pledge.pk,
        "pairing_id": pledge.pairing_id,
        "text": pledge.text,
        "task": pledge.task,
        "task_label": pledge.get_task_display(),
        "responsible": pledge.responsible,
        "deadline": pledge.deadline,
        "target": pledge.target,
        "progress": pledge.progress,
        "status": pledge.status,
        "standing": pledge.standing(today or timezone.localdate()),
        "closed_on": pledge.closed_on,
        "version": pledge.version,
    }


def _detail(request: HttpRequest, pledge_id: int) -> dict[str, Any]:
    pledge = pledge_for(request.auth, pledge_id)
    return {
        **_pledge_out(pledge),
        "progress_log": [
            {"percent": e.percent, "note": e.note, "on": e.on, "by": e.by_name}
            for e in progress_of(request.auth, pledge)
        ],
        "evidence": [
            {"id": e.pk, "name": e.name, "content_type": e.content_type}
            for e in evidence_of(request.auth, pledge)
        ],
        "changes": [
            {
                "at": c.at,
                "actor": c.actor_name,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "note": c.note,
            }
            for c in changes_of(request.auth, pledge)
        ],
    }


@router.get(
    "/pairing/pairings",
    response={200: list[PairingOut], **ERROR_RESPONSES},
    url_name="pairings",
    operation_id="listPairings",
    summary="结对关系列表",
)
@paginate(PageNumber)
def pairings(request: HttpRequest) -> Any:
    """本人可见的结对关系；结对单位联络员只看到本单位的。"""
    require_permission(request.auth, VIEW_PAIRING)
    return visible_pairings(request.auth).order_by("pk")


@router.get(
    "/pairing/pairings/{pairing_id}/pledges",
    response={200: list[PledgeOut], **ERROR_RESPONSES},
    url_name="pairing-pledges",
    operation_id="listPairingPledges",
    summary="结对关系的承诺事项",
)
def pairing_pledges(request: HttpRequest, pairing_id: PairingId) -> Any:
    """一个结对关系的全部承诺事项，按完成时限排列。"""
    require_permission(request.auth, VIEW_PAIRING)
    pairing = pairing_for(request.auth, pairing_id)
    return [_pledge_out(p) for p in pledges_of(request.auth, pairing)]


@router.get(
    "/pairing/pledges/{pledge_id}",
    response={200: PledgeDetailOut, **ERROR_RESPONSES},
    url_name="pledge",
    operation_id="getPledge",
    summary="承诺事项详情",
)
def pledge(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """承诺事项及其进度记录、佐证材料和状态变更。"""
    require_permission(request.auth, VIEW_PAIRING)
    return _detail(request, pledge_id)


@router.post(
    "/pairing/pledges/{pledge_id}/progress",
    response={201: PledgeDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pledge-progress",
    operation_id="recordPledgeProgress",
    summary="填报进度",
    openapi_extra=body_in_schema(ProgressIn),
)
def progress(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """填报一条进度（0–100）和说明；已销号的承诺事项返回 409。"""
    require_permission(request.auth, RECORD_PROGRESS)
    found = pledge_for(request.auth, pledge_id)
    payload = parse_body(request, ProgressIn, argument="payload")
    try:
        record_progress(found, percent=payload.percent, note=payload.note, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _reply(201, _detail(request, pledge_id))


@router.post(
    "/pairing/pledges/{pledge_id}/evidence",
    response={201: EvidenceOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pledge-evidence",
    operation_id="addPledgeEvidence",
    summary="上传佐证材料",
    openapi_extra=FILE_BODY,
)
def evidence(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """上传一张照片（JPEG、PNG、WebP）或一份文档（PDF、Word、Excel），表单字段 file，最大 20 MB。"""
    require_permission(request.auth, RECORD_PROGRESS)
    found = pledge_for(request.auth, pledge_id)
    file = request.FILES.get("file")
    if file is None:
        raise ValidationError([{"loc": ("body", "file"), "type": "missing"}])
    try:
        kept = add_evidence(found, upload=file, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _reply(201, {"id": kept.pk, "name": kept.name, "content_type": kept.content_type})


@router.post(
    "/pairing/pledges/{pledge_id}/close",
    response={200: PledgeDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pledge-close",
    operation_id="closePledge",
    summary="确认销号",
    openapi_extra=body_in_schema(CloseIn),
)
def close(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """社区确认销号：须附佐证材料 id；结对单位不能为本单位销号；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = pledge_for(request.auth, pledge_id)
    payload = parse_body(request, CloseIn, argument="payload")
    try:
        close_pledge(
            found,
            version=payload.version,
            evidence_ids=payload.evidence_ids,
            actor=request.auth,
            note=payload.note,
        )
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _detail(request, pledge_id)


@router.post(
    "/pairing/pledges/{pledge_id}/reopen",
    response={200: PledgeDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pledge-reopen",
    operation_id="reopenPledge",
    summary="重新打开",
    openapi_extra=body_in_schema(ReopenIn),
)
def reopen(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """重新打开已销号的承诺事项，须说明原因；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = pledge_for(request.auth, pledge_id)
    payload = parse_body(request, ReopenIn, argument="payload")
    try:
        reopen_pledge(found, version=payload.version, reason=payload.reason, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _detail(request, pledge_id)


# --- the three lists (问题清单、责任清单、任务清单) and visits ------------------------------

TaskId = Annotated[int, Path(ge=1, le=MAX_ID, description="任务 id")]
VisitId = Annotated[int, Path(ge=1, le=MAX_ID, description="走访调研 id")]


class TaskOut(Schema):
    id: int
    problem_id: int
    text: str
    responsible: str
    deadline: datetime.date
    is_practical: bool = Field(description="民生实事")
    beneficiaries: str
    beneficiary_count: int | None
    progress: int = Field(description="最新进度，百分数")
    status: str = Field(description="open / closed")
    standing: str = Field(description="closed / overdue / due_soon / on_track")
    closed_on: datetime.date | None
    version: int


class ProblemOut(Schema):
    id: int
    pairing_id: int
    text: str
    source: str = Field(description="demand / study / entered")
    demand_id: int | None
    finding_id: int | None
    side: str = Field(description="unit（结对单位） / community（社区）")
    responsible: str
    tasks: list[TaskOut]


class TaskDetailOut(TaskOut):
    problem: str
    progress_log: list[ProgressOut]
    evidence: list[EvidenceOut]
    changes: list[ChangeOut]


class FindingOut(Schema):
    id: int
    text: str


class VisitOut(Schema):
    id: int
    pairing_id: int
    on: datetime.date
    kind: str = Field(description="visit（走访） / study（联合调研）")
    topic: str
    participants: str
    findings: list[FindingOut]
    answer: str = Field(description="helpful / neutral / burden，未评价为空")
    answer_note: str
    version: int


class VisitIn(Schema):
    on: datetime.date
    kind: str = Field(..., pattern="^(visit|study)$")
    topic: str = Field(..., min_length=1, max_length=200)
    participants: str = Field("", max_length=300)
    findings: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list)


class AnswerIn(Schema):
    version: int = Field(..., ge=1, le=MAX_ID, description="读取时的版本号")
    answer: str = Field(..., pattern="^(helpful|neutral|burden)$")
    note: str = Field("", max_length=500)


def _task_out(task: ListTask, today: datetime.date) -> dict[str, Any]:
    return {
        "id": task.pk,
        "problem_id": task.problem_id,
        "text": task.text,
        "responsible": task.responsible,
        "deadline": task.deadline,
        "is_practical": task.is_practical,
        "beneficiaries": task.beneficiaries,
        "beneficiary_count": task.beneficiary_count,
        "progress": task.progress,
        "status": task.status,
        "standing": task.standing(today),
        "closed_on": task.closed_on,
        "version": task.version,
    }


def _task_detail(request: HttpRequest, task_id: int) -> dict[str, Any]:
    task = task_for(request.auth, task_id)
    return {
        **_task_out(task, timezone.localdate()),
        "problem": task.problem.text,
        "progress_log": [
            {"percent": e.percent, "note": e.note, "on": e.on, "by": e.by_name}
            for e in task_progress_of(request.auth, task)
        ],
        "evidence": [
            {"id": e.pk, "name": e.name, "content_type": e.content_type}
            for e in task_evidence_of(request.auth, task)
        ],
        "changes": [
            {
                "at": c.at,
                "actor": c.actor_name,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "note": c.note,
            }
            for c in task_changes_of(request.auth, task)
        ],
    }


def _visit_out(visit: Visit, findings: Any = None) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "pairing_id": visit.pairing_id,
        "on": visit.on,
        "kind": visit.kind,
        "topic": visit.topic,
        "participants": visit.participants,
        "findings": [
            {"id": f.pk, "text": f.text}
            for f in (findings if findings is not None else visit.findings.all())
        ],
        "answer": visit.answer,
        "answer_note": visit.answer_note,
        "version": visit.version,
    }


@router.get(
    "/pairing/pairings/{pairing_id}/problems",
    response={200: list[ProblemOut], **ERROR_RESPONSES},
    url_name="pairing-problems",
    operation_id="listPairingProblems",
    summary="问题清单、责任清单和任务清单",
)
def pairing_problems(request: HttpRequest, pairing_id: PairingId) -> Any:
    """一个结对关系的问题清单：每个问题的来源、责任方和责任人，及其任务（含民生实事）。"""
    require_permission(request.auth, VIEW_PAIRING)
    pairing = pairing_for(request.auth, pairing_id)
    today = timezone.localdate()
    return [
        {
            "id": p.pk,
            "pairing_id": p.pairing_id,
            "text": p.text,
            "source": p.source,
            "demand_id": p.demand.pk if p.demand else None,
            "finding_id": p.finding_id,
            "side": p.side,
            "responsible": p.responsible,
            "tasks": [_task_out(t, today) for t in p.tasks.all()],
        }
        for p in problems_of(request.auth, pairing)
    ]


@router.get(
    "/pairing/pairings/{pairing_id}/tasks",
    response={200: list[TaskOut], **ERROR_RESPONSES},
    url_name="pairing-tasks",
    operation_id="listPairingTasks",
    summary="任务清单",
)
def pairing_tasks(request: HttpRequest, pairing_id: PairingId) -> Any:
    """一个结对关系的全部任务，按完成时限排列。"""
    require_permission(request.auth, VIEW_PAIRING)
    pairing = pairing_for(request.auth, pairing_id)
    today = timezone.localdate()
    return [_task_out(t, today) for t in tasks_of(request.auth, pairing)]


@router.get(
    "/pairing/tasks/{pairing_task_id}",
    response={200: TaskDetailOut, **ERROR_RESPONSES},
    url_name="pairing-task",
    operation_id="getPairingTask",
    summary="任务详情",
)
def pairing_task(request: HttpRequest, pairing_task_id: TaskId) -> Any:
    """任务及其进度记录、佐证材料和状态变更。"""
    require_permission(request.auth, VIEW_PAIRING)
    return _task_detail(request, pairing_task_id)


@router.post(
    "/pairing/tasks/{pairing_task_id}/progress",
    response={201: TaskDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-task-progress",
    operation_id="recordPairingTaskProgress",
    summary="填报任务进度",
    openapi_extra=body_in_schema(ProgressIn),
)
def task_progress(request: HttpRequest, pairing_task_id: TaskId) -> Any:
    """填报一条进度（0–100）和说明；已销号的任务返回 409。"""
    require_permission(request.auth, RECORD_PROGRESS)
    found = task_for(request.auth, pairing_task_id)
    payload = parse_body(request, ProgressIn, argument="payload")
    try:
        record_task_progress(found, percent=payload.percent, note=payload.note, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _reply(201, _task_detail(request, pairing_task_id))


@router.post(
    "/pairing/tasks/{pairing_task_id}/evidence",
    response={201: EvidenceOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-task-evidence",
    operation_id="addPairingTaskEvidence",
    summary="上传任务佐证材料",
    openapi_extra=FILE_BODY,
)
def task_evidence(request: HttpRequest, pairing_task_id: TaskId) -> Any:
    """上传一张照片或一份文档，表单字段 file，最大 20 MB。"""
    require_permission(request.auth, RECORD_PROGRESS)
    found = task_for(request.auth, pairing_task_id)
    file = request.FILES.get("file")
    if file is None:
        raise ValidationError([{"loc": ("body", "file"), "type": "missing"}])
    try:
        kept = add_task_evidence(found, upload=file, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _reply(201, {"id": kept.pk, "name": kept.name, "content_type": kept.content_type})


@router.post(
    "/pairing/tasks/{pairing_task_id}/close",
    response={200: TaskDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-task-close",
    operation_id="closePairingTask",
    summary="任务确认销号",
    openapi_extra=body_in_schema(CloseIn),
)
def task_close(request: HttpRequest, pairing_task_id: TaskId) -> Any:
    """社区确认销号：须附佐证材料 id；结对单位不能为本单位销号；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = task_for(request.auth, pairing_task_id)
    payload = parse_body(request, CloseIn, argument="payload")
    try:
        close_task(
            found,
            version=payload.version,
            evidence_ids=payload.evidence_ids,
            actor=request.auth,
            note=payload.note,
        )
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _task_detail(request, pairing_task_id)


@router.post(
    "/pairing/tasks/{pairing_task_id}/reopen",
    response={200: TaskDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-task-reopen",
    operation_id="reopenPairingTask",
    summary="重新打开任务",
    openapi_extra=body_in_schema(ReopenIn),
)
def task_reopen(request: HttpRequest, pairing_task_id: TaskId) -> Any:
    """重新打开已销号的任务，须说明原因；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = task_for(request.auth, pairing_task_id)
    payload = parse_body(request, ReopenIn, argument="payload")
    try:
        reopen_task(found, version=payload.version, reason=payload.reason, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _task_detail(request, pairing_task_id)


@router.get(
    "/pairing/pairings/{pairing_id}/visits",
    response={200: list[VisitOut], **ERROR_RESPONSES},
    url_name="pairing-visits",
    operation_id="listPairingVisits",
    summary="走访和联合调研",
)
def pairing_visits(request: HttpRequest, pairing_id: PairingId) -> Any:
    """一个结对关系的走访和联合调研，最新的在前，含调研发现和社区评价。"""
    require_permission(request.auth, VIEW_PAIRING)
    pairing = pairing_for(request.auth, pairing_id)
    return [_visit_out(v) for v in visits_of(request.auth, pairing)]


@router.post(
    "/pairing/pairings/{pairing_id}/visits",
    response={201: VisitOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-visit-record",
    operation_id="recordPairingVisit",
    summary="记录走访调研",
    openapi_extra=body_in_schema(VisitIn),
)
def record_pairing_visit(request: HttpRequest, pairing_id: PairingId) -> Any:
    """结对单位联络员或社区、街道记录一次走访或联合调研及其发现（每条一项）。"""
    require_permission(request.auth, RECORD_PROGRESS)
    pairing = pairing_for(request.auth, pairing_id)
    payload = parse_body(request, VisitIn, argument="payload")
    try:
        visit = record_visit(
            pairing,
            on=payload.on,
            kind=payload.kind,
            topic=payload.topic,
            participants=payload.participants,
            findings=payload.findings,
            actor=request.auth,
        )
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _reply(201, _visit_out(visit, findings_of(request.auth, visit)))


@router.post(
    "/pairing/visits/{pairing_visit_id}/answer",
    response={200: VisitOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="pairing-visit-answer",
    operation_id="answerPairingVisit",
    summary="社区书记评价走访",
    openapi_extra=body_in_schema(AnswerIn),
)
def answer_pairing_visit(request: HttpRequest, pairing_visit_id: VisitId) -> Any:
    """社区（村）党组织书记评价一次走访：有帮助、一般或增加负担，可附说明；每次走访一个评价，
    修改会被记录；其他角色返回 403，版本已变返回 409。"""
    require_permission(request.auth, RECORD_PROGRESS)
    visit = visit_for(request.auth, pairing_visit_id)
    if not may_answer(request.auth, visit.pairing):
        raise AuthorizationError(message=_("走访评价由社区（村）党组织书记填写"))
    payload = parse_body(request, AnswerIn, argument="payload")
    try:
        answered = answer_visit(
            visit,
            answer=payload.answer,
            note=payload.note,
            version=payload.version,
            actor=request.auth,
        )
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _visit_out(answered, findings_of(request.auth, answered))
