"""The group-rental campaign's API: campaigns, a campaign's cases, a case with its actions, and
recording an action. Everything within the caller's scope: an id outside it is a 404."""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut, json_error
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.registry.choices import RoomUse
from grassroots.rentals import selectors
from grassroots.rentals.choices import Method, Outcome
from grassroots.rentals.models import CaseAction, RentalCampaign, RentalCase
from grassroots.rentals.plugin import RECORD_RENTALS, VIEW_RENTALS
from grassroots.rentals.services import ActionEntry, RentalError, StaleCase, record_action

router = Router(tags=["群租房整治"])

CampaignId = Annotated[int, Path(ge=1, le=MAX_ID, description="整治行动 id")]
CaseId = Annotated[int, Path(ge=1, le=MAX_ID, description="群租房台账 id")]


class CampaignOut(Schema):
    id: int
    title: str
    area: str = Field(description="整治范围（组织名称）")
    starts_on: datetime.date
    ends_on: datetime.date | None

    @staticmethod
    def resolve_area(obj: RentalCampaign) -> str:
        return obj.node.name


class CaseFields(Schema):
    id: int
    campaign: int
    room: int
    address: str
    grid: str = Field(description="网格编码")
    opened_on: datetime.date
    status: str
    rectified_on: datetime.date | None
    method: str
    rebounds: int
    version: int


class CaseOut(CaseFields):
    """A case read from the model, a page at a time."""

    @staticmethod
    def resolve_campaign(obj: RentalCase) -> int:
        return obj.campaign_id

    @staticmethod
    def resolve_room(obj: RentalCase) -> int:
        return obj.room_id

    @staticmethod
    def resolve_address(obj: RentalCase) -> str:
        return obj.room.address

    @staticmethod
    def resolve_grid(obj: RentalCase) -> str:
        return obj.grid.code


class ActionOut(Schema):
    id: int
    on: datetime.date
    method: str
    outcome: str
    new_use: str
    notes: str
    actor: str


class CaseDetailOut(CaseFields):
    actions: list[ActionOut]


class ActionIn(Schema):
    on: datetime.date = Field(description="日期")
    method: Method = Field(description="措施：五个一批之一")
    outcome: Outcome = Field(description="结果：进行中或已整改")
    new_use: RoomUse | None = Field(None, description="整改后用途，仅在已整改时填写")
    notes: str = Field("", max_length=500)
    version: int | None = Field(None, ge=1, description="台账版本；他人已更新时返回 409")


def _case_out(case: RentalCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "campaign": case.campaign_id,
        "room": case.room_id,
        "address": case.room.address,
        "grid": case.grid.code,
        "opened_on": case.opened_on,
        "status": case.status,
        "rectified_on": case.rectified_on,
        "method": case.method,
        "rebounds": case.rebounds,
        "version": case.version,
    }


def _action_out(action: CaseAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "on": action.on,
        "method": action.method,
        "outcome": action.outcome,
        "new_use": action.new_use,
        "notes": action.notes,
        "actor": action.actor.username if action.actor else "",
    }


def _detail(case: RentalCase) -> dict[str, Any]:
    actions = selectors.case_history(case)["actions"]
    return {**_case_out(case), "actions": [_action_out(a) for a in actions]}


@router.get(
    "/rentals/campaigns",
    response={200: list[CampaignOut], **ERROR_RESPONSES},
    url_name="rental-campaigns",
    operation_id="listRentalCampaigns",
    summary="群租房整治行动列表",
)
@paginate(PageNumber)
def list_campaigns(request: HttpRequest) -> QuerySet[RentalCampaign]:
    """本人辖区内的整治行动，以及含本人辖区内台账的上级行动。"""
    require_permission(request.auth, VIEW_RENTALS)
    return selectors.campaigns(request.auth)


@router.get(
    "/rentals/campaigns/{rental_campaign_id}/cases",
    response={200: list[CaseOut], **ERROR_RESPONSES},
    url_name="rental-campaign-cases",
    operation_id="listRentalCases",
    summary="整治行动的群租房台账",
)
@paginate(PageNumber)
def list_cases(request: HttpRequest, rental_campaign_id: CampaignId) -> QuerySet[RentalCase]:
    """一次整治行动中本人辖区内的群租房，发现早的在前；辖区外的行动 404。"""
    require_permission(request.auth, VIEW_RENTALS)
    campaign = selectors.campaign(request.auth, rental_campaign_id)
    return selectors.campaign_cases(request.auth, campaign)


@router.get(
    "/rentals/cases/{rental_case_id}",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    url_name="rental-case",
    operation_id="getRentalCase",
    summary="群租房台账及整治措施",
)
def get_case(request: HttpRequest, rental_case_id: CaseId) -> dict[str, Any]:
    """一套群租房的台账和已记录的措施；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_RENTALS)
    return _detail(selectors.case(request.auth, rental_case_id))


ACTION_BODY = body_in_schema(ActionIn)


@router.post(
    "/rentals/cases/{rental_case_id}/actions",
    response={201: CaseDetailOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="rental-case-actions",
    operation_id="recordRentalAction",
    summary="记录整治措施",
    openapi_extra=ACTION_BODY,
)
def post_action(request: HttpRequest, rental_case_id: CaseId) -> Any:
    """记录一次整治措施：请求体 on、method、outcome，可选 new_use、notes、version。

    结果为已整改时须给出整改后用途（不能是群租房），并同步修改房屋用途；已整改的台账、
    或已被他人更新（version 不符）时返回 409。
    """
    require_permission(request.auth, RECORD_RENTALS)
    case = selectors.case(request.auth, rental_case_id)
    payload = parse_body(request, ActionIn)
    entry = ActionEntry(
        on=payload.on,
        method=payload.method,
        outcome=payload.outcome,
        new_use=payload.new_use or "",
        notes=payload.notes,
    )
    try:
        record_action(case, entry, actor=request.auth, version=payload.version, request=request)
    except StaleCase as error:
        return json_error(409, str(error), fields=["version"])
    except RentalError as error:
        field = error.field or "body"
        if field == "case":
            return json_error(409, str(error), fields=[field])
        return json_error(
            422,
            str(error),
            fields=[field],
            errors=[{"field": field, "location": "body", "message": str(error)}],
        )
    return Status(201, _detail(selectors.case(request.auth, rental_case_id)))
