"""Pairings over the JSON API: the pairings, a pairing's pledges, one pledge with its log, and
the pledge's moves (progress, evidence, close-out, reopening).

The same scope and permissions as the pages: a liaison sees only its own unit's pairings (an id
elsewhere is a 404), records progress and evidence, and is refused a close-out or reopening
(403). A move the rules refuse, or made on a version someone else has already moved, is 409
with the reason.
"""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Any

import pydantic
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.pairing.models import Pledge
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS, VIEW_PAIRING
from grassroots.pairing.selectors import (
    changes_of,
    evidence_of,
    pairing_for,
    pledge_for,
    pledges_of,
    progress_of,
    visible_pairings,
)
from grassroots.pairing.services import (
    PairingError,
    add_evidence,
    close_pledge,
    record_progress,
    reopen_pledge,
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


def _body(request: HttpRequest, schema: type[Schema]) -> Any:
    """The JSON body, read only after the id was found in scope, so an outside id is a 404."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError([{"loc": ("body",), "type": "json_invalid"}]) from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        ) from None


def _json_body(schema: type[Schema]) -> dict[str, Any]:
    """The OpenAPI description of a JSON body read by ``_body``."""
    described = schema.model_json_schema()
    described.pop("$defs", None)
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": described}},
        }
    }


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
    openapi_extra=_json_body(ProgressIn),
)
def progress(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """填报一条进度（0–100）和说明；已销号的承诺事项返回 409。"""
    require_permission(request.auth, RECORD_PROGRESS)
    found = pledge_for(request.auth, pledge_id)
    payload = _body(request, ProgressIn)
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
    openapi_extra=_json_body(CloseIn),
)
def close(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """社区确认销号：须附佐证材料 id；结对单位不能为本单位销号；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = pledge_for(request.auth, pledge_id)
    payload = _body(request, CloseIn)
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
    openapi_extra=_json_body(ReopenIn),
)
def reopen(request: HttpRequest, pledge_id: PledgeId) -> Any:
    """重新打开已销号的承诺事项，须说明原因；版本已变返回 409。"""
    require_permission(request.auth, MANAGE_PAIRING)
    found = pledge_for(request.auth, pledge_id)
    payload = _body(request, ReopenIn)
    try:
        reopen_pledge(found, version=payload.version, reason=payload.reason, actor=request.auth)
    except PairingError as exc:
        return _reply(409, {"detail": str(exc)})
    return _detail(request, pledge_id)
