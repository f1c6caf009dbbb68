"""Meetings, decisions and conventions over the JSON API, scoped like the pages.

A decision's moves (progress, evidence, close-out, reopening) go through the shared close-out
ledger; a move the rules refuse, or made on a version someone else has already moved, is 409
with the reason.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut
from grassroots.api.pagination import MAX_ID
from grassroots.councils import selectors
from grassroots.councils.plugin import MANAGE_COUNCILS, READ_CONVENTIONS, VIEW_COUNCILS
from grassroots.councils.services import (
    CouncilError,
    add_decision_evidence,
    close_decision,
    record_decision_progress,
    reopen_decision,
)

try:  # django-ninja 1.6+ wants Status(code, body); older versions take a tuple
    from ninja import Status as _Status
except ImportError:  # pragma: no cover
    _Status = None

router = Router(tags=["议事协商"])

MeetingId = Annotated[int, Path(ge=1, le=MAX_ID, description="会议 id")]
DecisionId = Annotated[int, Path(ge=1, le=MAX_ID, description="决议事项 id")]
ConventionId = Annotated[int, Path(ge=1, le=MAX_ID, description="公约 id")]


def _reply(code: int, body: Any) -> Any:
    return _Status(code, body) if _Status is not None else (code, body)


class DecisionOut(Schema):
    id: int
    meeting_id: int
    text: str
    responsible: str
    deadline: datetime.date
    progress: int
    status: str
    closed_on: datetime.date | None
    version: int


class PartyOut(Schema):
    kind: str
    name: str
    attendees: str


class AgendaOut(Schema):
    title: str
    demand_id: int | None
    discussion: str


class MeetingOut(Schema):
    id: int
    community: str
    kind: str
    title: str
    held_on: datetime.date
    place: str
    present: int


class MeetingDetailOut(MeetingOut):
    minutes: str
    parties: list[PartyOut]
    agenda: list[AgendaOut]
    decisions: list[DecisionOut]


class VersionOut(Schema):
    number: int
    status: str
    method: str
    effective_from: datetime.date
    decided_on: datetime.date | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    owners_vote_id: int | None


class ConventionOut(Schema):
    id: int
    code: str
    kind: str
    title: str
    community: str


class InForceOut(Schema):
    convention: ConventionOut
    on: datetime.date
    version: VersionOut | None
    text: str | None


class ProgressIn(Schema):
    percent: int
    note: str = ""


# Ids and versions within 64 bits: a larger number is malformed input (422), not an overflow
# in the database driver (500).
class CloseIn(Schema):
    version: int = Field(..., ge=1, le=MAX_ID, description="读取时的版本号")
    evidence_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., description="佐证材料 id，至少一个"
    )
    note: str = ""


class ReopenIn(Schema):
    version: int = Field(..., ge=1, le=MAX_ID, description="读取时的版本号")
    reason: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str


def _meeting_out(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "community": m.community.code,
        "kind": m.kind,
        "title": m.title,
        "held_on": m.held_on,
        "place": m.place,
        "present": m.present,
    }


def _convention_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "kind": c.kind,
        "title": c.title,
        "community": c.community.code,
    }


@router.get(
    "/councils/meetings", response={200: list[MeetingOut], **ERROR_RESPONSES}, summary="议事会议"
)
def list_meetings(request: HttpRequest) -> Any:
    require_permission(request.auth, VIEW_COUNCILS)
    return [_meeting_out(m) for m in selectors.meetings_for(request.auth)[:200]]


@router.get(
    "/councils/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERROR_RESPONSES},
    summary="一次会议：参会方、议题、纪要、决议",
)
def get_meeting(request: HttpRequest, meeting_id: MeetingId) -> Any:
    require_permission(request.auth, VIEW_COUNCILS)
    meeting = selectors.meeting_for(request.auth, meeting_id)
    page = selectors.meeting_page(meeting)
    return {
        **_meeting_out(meeting),
        "minutes": meeting.minutes,
        "parties": page["parties"],
        "agenda": page["agenda"],
        "decisions": page["decisions"],
    }


@router.get(
    "/councils/decisions", response={200: list[DecisionOut], **ERROR_RESPONSES}, summary="决议事项"
)
def list_decisions(request: HttpRequest, open_only: bool = Query(False)) -> Any:  # noqa: B008
    require_permission(request.auth, VIEW_COUNCILS)
    rows = selectors.decisions_for(request.auth)
    if open_only:
        rows = rows.filter(status="open")
    return list(rows[:500])


def _move(request: HttpRequest, decision_id: int, action: Any) -> Any:
    """Find the decision in scope first (an outside id is a 404 whatever the body), then act;
    a refusal of the rules is 409 with the reason."""
    require_permission(request.auth, MANAGE_COUNCILS)
    decision = selectors.decision_for(request.auth, decision_id)
    try:
        result = action(decision)
    except CouncilError as exc:
        return _reply(409, {"detail": str(exc)})
    return result


@router.post(
    "/councils/decisions/{decision_id}/progress",
    response={200: DecisionOut, 409: ErrorOut, **ERROR_RESPONSES},
    summary="填报决议进度",
    openapi_extra=body_in_schema(ProgressIn),
)
def decision_progress(request: HttpRequest, decision_id: DecisionId) -> Any:
    def act(d: Any) -> Any:
        body = parse_body(request, ProgressIn, argument="payload")
        record_decision_progress(d, percent=body.percent, note=body.note, actor=request.auth)
        d.refresh_from_db()
        return d

    return _move(request, decision_id, act)


@router.post(
    "/councils/decisions/{decision_id}/evidence",
    response={201: EvidenceOut, 409: ErrorOut, **ERROR_RESPONSES},
    summary="上传决议佐证材料（表单字段 file）",
)
def decision_evidence(request: HttpRequest, decision_id: DecisionId) -> Any:
    def act(d: Any) -> Any:
        file = request.FILES.get("file")
        if file is None:
            raise ValidationError([{"loc": ("body", "file"), "type": "missing"}])
        kept = add_decision_evidence(d, upload=file, actor=request.auth)
        return _reply(201, {"id": kept.pk, "name": kept.name, "content_type": kept.content_type})

    return _move(request, decision_id, act)


@router.post(
    "/councils/decisions/{decision_id}/close",
    response={200: DecisionOut, 409: ErrorOut, **ERROR_RESPONSES},
    summary="决议销号（须附佐证材料）",
    openapi_extra=body_in_schema(CloseIn),
)
def decision_close(request: HttpRequest, decision_id: DecisionId) -> Any:
    def act(d: Any) -> Any:
        body = parse_body(request, CloseIn, argument="payload")
        return close_decision(
            d,
            version=body.version,
            evidence_ids=body.evidence_ids,
            note=body.note,
            actor=request.auth,
        )

    return _move(request, decision_id, act)


@router.post(
    "/councils/decisions/{decision_id}/reopen",
    response={200: DecisionOut, 409: ErrorOut, **ERROR_RESPONSES},
    summary="重新打开决议（须说明原因）",
    openapi_extra=body_in_schema(ReopenIn),
)
def decision_reopen(request: HttpRequest, decision_id: DecisionId) -> Any:
    def act(d: Any) -> Any:
        body = parse_body(request, ReopenIn, argument="payload")
        return reopen_decision(d, version=body.version, reason=body.reason, actor=request.auth)

    return _move(request, decision_id, act)


@router.get(
    "/councils/conventions", response={200: list[ConventionOut], **ERROR_RESPONSES}, summary="公约"
)
def list_conventions(request: HttpRequest) -> Any:
    require_permission(request.auth, READ_CONVENTIONS)
    return [_convention_out(c) for c in selectors.conventions_for(request.auth)]


@router.get(
    "/councils/conventions/{convention_id}/versions",
    response={200: list[VersionOut], **ERROR_RESPONSES},
    summary="公约的版本和表决",
)
def convention_versions(request: HttpRequest, convention_id: ConventionId) -> Any:
    require_permission(request.auth, READ_CONVENTIONS)
    convention = selectors.convention_for(request.auth, convention_id)
    return list(selectors.versions_of(request.auth, convention))


@router.get(
    "/councils/conventions/{convention_id}/in-force",
    response={200: InForceOut, **ERROR_RESPONSES},
    summary="某日施行的公约条文",
)
def convention_in_force(
    request: HttpRequest,
    convention_id: ConventionId,
    on: datetime.date | None = None,
) -> Any:
    require_permission(request.auth, READ_CONVENTIONS)
    convention = selectors.convention_for(request.auth, convention_id)
    day = on or timezone.localdate()
    version = selectors.version_in_force(convention, day)
    return {
        "convention": _convention_out(convention),
        "on": day,
        "version": version,
        "text": version.text if version else None,
    }
