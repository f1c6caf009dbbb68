"""The sweep API: the phone page sends each visit here, as often as it takes to get through.

``POST /api/v1/sweeps/visits`` carries an idempotency key (a UUID the browser makes once per
entry): the first request records the visit (201), any repeat returns that same visit (200).
Malformed or invalid fields are a 422 naming each field; a room outside the caller's scope is a
404; an entry the registry can no longer take as it is (campaign over, a resident already moved
out by someone else, an ID number registered to another resident) is a 409.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut, json_error
from grassroots.api.pagination import MAX_ID
from grassroots.kernel.scope import get_visible_or_404
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import Room
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.choices import HazardKind, VisitOutcome
from grassroots.sweeps.entries import EntryProblem, parse_new_resident, photo_of
from grassroots.sweeps.models import SweepTask, Visit
from grassroots.sweeps.plugin import RECORD_SWEEP
from grassroots.sweeps.selectors import campaign_task, current_task
from grassroots.sweeps.services import SweepError
from grassroots.sweeps.services.visits import (
    HazardEntry,
    VisitConflict,
    VisitEntry,
    find_recorded,
    record_visit,
)

router = Router(tags=["扫楼"])

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, Field(max_length=100)]


class NewResidentIn(Schema):
    name: str = Field(max_length=50, description="姓名")
    gender: Text = Field("", description="男 或 女（有证件号码时可省略）")
    id_type: Text = Field("", description="证件类型，默认居民身份证")
    id_number: Text = Field("", description="证件号码")
    birth_date: Text = Field("", description="出生日期 1990-01-31（有身份证号码时可省略）")
    ethnicity: Text = ""
    phone: Text = ""
    relation: Text = Field("", description="与户主关系")
    population_type: Text = Field("", description="户籍人口、流动人口或境外人员")
    political_status: Text = ""
    education: Text = ""
    special_groups: str = Field("", max_length=200, description="特殊人群，以、或;分隔")
    notes: str = Field("", max_length=500)


class HazardIn(Schema):
    kind: HazardKind
    note: str = Field("", max_length=500)
    photo: str | None = Field(None, description="照片：data:image/jpeg;base64,...")


class VisitIn(Schema):
    key: uuid.UUID = Field(description="幂等键：每条记录在浏览器中生成一次的 UUID")
    room: Id = Field(description="房屋 id")
    campaign: Id | None = Field(None, description="扫楼任务 id；省略时为该网格进行中的任务")
    visited_at: datetime.datetime = Field(description="走访时间（手机记录的时间）")
    outcome: VisitOutcome = VisitOutcome.MET
    room_use: RoomUse
    confirmed: list[Id] = Field([], max_length=100, description="确认在住的居民 id")
    moved_out: list[Id] = Field([], max_length=100, description="已迁出的居民 id")
    new_residents: list[NewResidentIn] = Field([], max_length=30)
    hazards: list[HazardIn] = Field([], max_length=10)
    note: str = Field("", max_length=500)
    photo: str | None = Field(None, description="现场照片：data:image/jpeg;base64,...")


class VisitOut(Schema):
    id: int
    key: uuid.UUID
    created: bool = Field(description="false：此前已用同一幂等键记录过，返回的是第一次的结果")
    campaign: int
    room: int
    room_address: str
    visited_at: datetime.datetime
    outcome: str
    room_use: str
    present: list[int]
    moved_out: list[int]
    added: list[int]
    hazards: list[int]


def _out(visit: Visit, created: bool) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "key": visit.key,
        "created": created,
        "campaign": visit.campaign_id,
        "room": visit.room_id,
        "room_address": visit.room.address,
        "visited_at": visit.visited_at,
        "outcome": visit.outcome,
        "room_use": visit.room_use,
        "present": visit.residents.get("present", []),
        "moved_out": visit.residents.get("moved_out", []),
        "added": visit.residents.get("added", []),
        "hazards": list(visit.hazards.values_list("pk", flat=True)),
    }


def _problem(field: str, message: str, status: int = 422) -> JsonResponse:
    if status != 422:
        return json_error(status, message, fields=[field] if field else [])
    return _invalid([(field, message)])


def _invalid(problems: list[tuple[str, str]]) -> JsonResponse:
    summary = "；".join(f"{field} {message}" for field, message in problems)
    return json_error(
        422,
        _("请求参数有误：%(summary)s") % {"summary": summary},
        fields=list(dict.fromkeys(field for field, _m in problems)),
        errors=[
            {"field": field, "location": "body", "message": message} for field, message in problems
        ],
    )


def _entry(payload: VisitIn, room: Room) -> VisitEntry:
    residents: list[ResidentData] = [
        parse_new_resident(item.dict(), index) for index, item in enumerate(payload.new_residents)
    ]
    hazards = [
        HazardEntry(kind=h.kind, note=h.note, photo=photo_of(h.photo, f"hazards.{i}.photo"))
        for i, h in enumerate(payload.hazards)
    ]
    visited_at = payload.visited_at
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    return VisitEntry(
        key=payload.key,
        room=room,
        visited_at=visited_at,
        room_use=payload.room_use,
        outcome=payload.outcome,
        confirmed=list(payload.confirmed),
        moved_out=list(payload.moved_out),
        new_residents=residents,
        hazards=hazards,
        note=payload.note,
        photo=photo_of(payload.photo, "photo"),
    )


def _task(request: HttpRequest, payload: VisitIn, room: Room) -> SweepTask | None:
    if payload.campaign is None:
        return current_task(request.auth, room.grid_id)
    return campaign_task(request.auth, payload.campaign, room.grid_id)


@router.post(
    "/sweeps/visits",
    response={200: VisitOut, 201: VisitOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="sweep-visits",
    operation_id="recordVisit",
    summary="记录入户走访",
)
def post_visit(request: HttpRequest, payload: VisitIn) -> Any:
    """记录一次入户走访。同一幂等键重复提交只记录一次，返回第一次的结果（200）。"""
    require_permission(request.auth, RECORD_SWEEP)
    room = get_visible_or_404(Room, request.auth, pk=payload.room)
    try:
        earlier = find_recorded(payload.key, room, request.auth)
        if earlier is not None:
            return Status(200, _out(earlier.visit, False))
        task = _task(request, payload, room)
        if task is None:
            if payload.campaign is not None:
                return _problem("campaign", _("未找到该扫楼任务，或您无权查看"), 404)
            return _problem("campaign", _("该房屋所在网格当前没有进行中的扫楼任务"), 409)
        result = record_visit(
            task=task, entry=_entry(payload, room), worker=request.auth, request=request
        )
    except EntryProblem as problem:
        return _invalid(problem.problems)
    except VisitConflict as conflict:
        return _problem(conflict.field, str(conflict), 409)
    except SweepError as error:
        return _problem(error.field or "body", str(error))
    return Status(201 if result.created else 200, _out(result.visit, result.created))


@router.get(
    "/sweeps/visits/{visit_id}",
    response={200: VisitOut, **ERROR_RESPONSES},
    url_name="sweep-visit",
    operation_id="getVisit",
    summary="入户走访详情",
)
def get_visit(
    request: HttpRequest, visit_id: Annotated[int, Path(ge=1, le=MAX_ID, description="走访 id")]
) -> Any:
    """一次入户走访；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, RECORD_SWEEP)
    return _out(get_visible_or_404(Visit, request.auth, pk=visit_id), False)
