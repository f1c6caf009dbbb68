"""API operations on demands: record, read, move on; and the two public ones for residents.

A move the workflow does not allow (for this state, this role or this unit), or one made on a
version someone else has already changed, is 409 with the reason. Bad input is 422 naming the
field, in the same shape as every other 422 of the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut, ValidationErrorOut, json_error
from grassroots.api.pagination import MAX_ID
from grassroots.demands import public
from grassroots.demands.models import Demand
from grassroots.demands.plugin import RECORD_DEMANDS, VIEW_DEMANDS
from grassroots.demands.schemas import (
    TRACKING_CODE_PATTERN,
    DemandCreatedOut,
    DemandIn,
    DemandOut,
    Phone,
    PublicCreatedOut,
    PublicDemandIn,
    PublicDemandOut,
    TransitionIn,
)
from grassroots.demands.selectors import (
    demand_with_history,
    find_category,
    intake_grid,
    registry_place,
    visible_unit,
)
from grassroots.demands.services import (
    DemandInput,
    DemandInputError,
    MoveInput,
    create_demand,
    transition_demand,
)
from grassroots.demands.workflow import MoveRefused
from grassroots.org.models import OrgNode
from grassroots.pairing.selectors import units_paired_with
from grassroots.registry.models import Building, Room

try:  # django-ninja 1.6+ wants Status(code, body); older versions take a tuple
    from ninja import Status as _Status
except ImportError:  # pragma: no cover
    _Status = None


def reply(code: int, body: Any) -> Any:
    return _Status(code, body) if _Status is not None else (code, body)


router = Router(tags=["民情诉求"])
public_router = Router(tags=["民情诉求（群众）"], auth=None)

DemandId = Annotated[int, Path(ge=1, le=MAX_ID, description="诉求 id")]
TrackingCode = Annotated[str, Path(pattern=TRACKING_CODE_PATTERN, description="查询码")]


class PhoneQuery(Schema):
    phone: Phone


def field_error(field: str, message: str) -> HttpResponse:
    """A 422 naming one body field, shaped like the API's other 422s."""
    return json_error(
        422,
        _("请求参数有误：%(summary)s") % {"summary": f"{field} {message}"},
        fields=[field],
        errors=[{"field": field, "location": "body", "message": message}],
    )


def _grid(code: str, user: Any) -> OrgNode:
    grid = intake_grid(user, code)
    if grid is None:
        raise DemandInputError("grid_code", _("没有这个网格，或不在您的辖区内"))
    return grid


def _registry_place(model: type, pk: int | None, user: Any, field: str) -> Any:
    """A building or room the user may see, or a 422 on ``field``."""
    if pk is None:
        return None
    found = registry_place(model, user, pk)
    if found is None:
        raise DemandInputError(field, _("没有这个房屋或楼栋，或不在您的辖区内"))
    return found


def _input(payload: Any, user: Any, channel: str) -> DemandInput:
    category = find_category(payload.category)
    if category is None or not category.active:
        raise DemandInputError("category", _("没有这个类别"))
    places = {}
    if user is not None:  # residents on the public page name no registry record
        places = {
            "building": _registry_place(Building, payload.building_id, user, "building_id"),
            "room": _registry_place(Room, payload.room_id, user, "room_id"),
        }
    return DemandInput(
        title=payload.title,
        description=payload.description,
        category=category,
        channel=channel,
        grid=_grid(payload.grid_code, user),
        address=payload.address or "",
        **places,
        reporter_name=payload.reporter_name or "",
        reporter_phone=payload.reporter_phone or "",
        priority=getattr(payload, "priority", "normal"),
    )


@router.post(
    "/demands",
    response={201: DemandCreatedOut, **ERROR_RESPONSES},
    url_name="demands",
    operation_id="createDemand",
    summary="登记诉求",
)
def create(request: HttpRequest, payload: DemandIn) -> Any:
    """登记一条诉求，按类别的派单规则确定承办单位和办理时限。"""
    require_permission(request.auth, RECORD_DEMANDS)
    try:
        demand = create_demand(
            data=_input(payload, request.auth, payload.channel), actor=request.auth, request=request
        )
    except DemandInputError as exc:
        return field_error(exc.field, exc.message)
    return reply(201, demand)


def _detail(request: HttpRequest, demand_id: int) -> Demand:
    try:
        return demand_with_history(request.auth).get(pk=demand_id)
    except Demand.DoesNotExist:
        raise Http404 from None


@router.get(
    "/demands/{demand_id}",
    response={200: DemandOut, **ERROR_RESPONSES},
    url_name="demand",
    operation_id="getDemand",
    summary="诉求详情",
)
def get_demand(request: HttpRequest, demand_id: DemandId) -> Demand:
    """一条诉求及其全部流转记录；电话已脱敏。辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_DEMANDS)
    return _detail(request, demand_id)


TRANSITION_BODY = body_in_schema(TransitionIn)


@router.post(
    "/demands/{demand_id}/transitions",
    response={200: DemandOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="demand-transitions",
    operation_id="transitionDemand",
    summary="诉求流转",
    openapi_extra=TRANSITION_BODY,
)
def transition(request: HttpRequest, demand_id: DemandId) -> Any:
    """把诉求改为新状态。

    请求体 to、note；可选 version、unit_code（派单）、paired_unit_code（上报结对单位）、
    satisfaction（回访）、mediation（矛盾纠纷类诉求办结时必填：调解结果）。

    流程不允许、角色或单位无权、或已被他人修改时返回 409 并说明原因。
    """
    require_permission(request.auth, RECORD_DEMANDS)
    demand = _detail(request, demand_id)
    payload = parse_body(request, TransitionIn)
    unit = None
    if payload.unit_code:
        unit = visible_unit(request.auth, code=payload.unit_code)
        if unit is None:
            return field_error("unit_code", _("没有这个单位，或不在您的辖区内"))
    paired = None
    if payload.paired_unit_code:
        paired = units_paired_with(demand.grid).filter(code=payload.paired_unit_code).first()
        if paired is None:
            return field_error("paired_unit_code", _("诉求所在社区（村）没有与该单位结对"))
    move = MoveInput(
        to=payload.to,
        note=payload.note,
        expected_version=payload.version,
        unit=unit,
        paired_unit=paired,
        satisfaction=payload.satisfaction or "",
        mediation=payload.mediation or "",
    )
    try:
        transition_demand(demand.pk, move=move, actor=request.auth, request=request)
    except MoveRefused as exc:
        return reply(409, {"detail": exc.reason})
    return _detail(request, demand_id)


def _too_many() -> HttpResponse:
    response = json_error(429, _("提交或查询过于频繁，请一小时后再试"))
    response["Retry-After"] = "3600"
    return response


@public_router.post(
    "/public/demands",
    response={201: PublicCreatedOut, 422: ValidationErrorOut, 429: ErrorOut},
    url_name="public-demands",
    operation_id="submitPublicDemand",
    summary="群众提交诉求（无需登录）",
)
def submit_public(request: HttpRequest, payload: PublicDemandIn) -> Any:
    """群众提交诉求，返回查询码。同一地址每小时提交次数有限。"""
    try:
        data = _input(payload, None, "web")
        demand = public.submit_public_demand(data, request=request)
    except DemandInputError as exc:
        return field_error(exc.field, exc.message)
    except public.TooManyRequests:
        return _too_many()
    return reply(201, demand)


@public_router.get(
    "/public/demands/{code}",
    response={200: PublicDemandOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    url_name="public-demand",
    operation_id="lookUpPublicDemand",
    summary="凭查询码和手机号码查询办理进度（无需登录）",
)
def look_up(request: HttpRequest, code: TrackingCode, query: Query[PhoneQuery]) -> Any:
    """查询码和提交时填写的手机号码都须正确；否则一律 404，不透露该查询码是否存在。"""
    try:
        demand = public.look_up(code, query.phone, request=request)
    except public.TooManyRequests:
        return _too_many()
    if demand is None:
        raise HttpError(404, _("未找到该诉求，请核对查询码和手机号码"))
    return {
        "code": demand.code,
        "title": demand.title,
        "category": demand.category.full_name,
        "status": demand.status,
        "status_name": _(demand.get_status_display()),
        "received_at": demand.received_at,
        "resolved_at": demand.resolved_at,
        "steps": [vars(step) for step in public.public_steps(demand)],
    }
