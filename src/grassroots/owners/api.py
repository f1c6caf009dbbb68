"""The owners' API: estates' property companies and committees, votes with their tallies, a
paper ballot entered by staff, and the owner's own online ballot by their one-time link (no
account: ``public_router``). Everything else within the caller's scope: an id outside it is a
404."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut, json_error, not_found_message
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.kernel.scope import get_visible_or_404
from grassroots.owners import selectors, services
from grassroots.owners.choices import MatterKind, Opinion
from grassroots.owners.models import Committee, PropertyCompany, Vote
from grassroots.owners.plugin import MANAGE_OWNERS, RECORD_BALLOTS, VIEW_OWNERS

router = Router(tags=["业主表决"])
public_router = Router(tags=["业主表决（业主扫码）"], auth=None)

VoteId = Annotated[int, Path(ge=1, le=MAX_ID, description="业主表决 id")]


class CompanyOut(Schema):
    id: int
    estate: str = Field(description="小区")
    grid: str = Field(description="网格编码")
    name: str
    contract_starts: datetime.date
    contract_ends: datetime.date | None
    contact_name: str
    contact_phone: str

    @staticmethod
    def resolve_estate(obj: PropertyCompany) -> str:
        return obj.estate.name

    @staticmethod
    def resolve_grid(obj: PropertyCompany) -> str:
        return obj.grid.code


class MemberOut(Schema):
    name: str
    post: str
    term_starts: datetime.date
    term_ends: datetime.date


class CommitteeOut(Schema):
    id: int
    estate: str
    grid: str
    name: str
    elected_on: datetime.date
    term_ends: datetime.date
    members: list[MemberOut]

    @staticmethod
    def resolve_estate(obj: Committee) -> str:
        return obj.estate.name

    @staticmethod
    def resolve_grid(obj: Committee) -> str:
        return obj.grid.code

    @staticmethod
    def resolve_members(obj: Committee) -> list[Any]:
        return list(obj.members.all())


class TallyOut(Schema):
    rooms: int
    owners: int
    area_total: float = Field(description="专有部分总面积（平方米，两位小数）")
    voted_owners: int
    voted_area: float
    quorum: bool = Field(description="参与表决的面积和人数是否均达到三分之二以上")
    agree_owners: int
    agree_area: float
    against_owners: int
    against_area: float
    abstain_owners: int
    abstain_area: float
    passed: bool


class VoteFields(Schema):
    id: int
    estate: str
    grid: str
    title: str
    matter: str
    kind: MatterKind
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    closed_at: datetime.datetime | None
    passed: bool | None


class VoteOut(VoteFields):
    @staticmethod
    def resolve_estate(obj: Vote) -> str:
        return obj.estate.name

    @staticmethod
    def resolve_grid(obj: Vote) -> str:
        return obj.grid.code


class VoteDetailOut(VoteFields):
    buildings: list[str]
    tally: TallyOut


class PaperBallotIn(Schema):
    building: str = Field(max_length=50, description="楼栋")
    unit: str = Field("", max_length=20, description="单元")
    number: str = Field(max_length=30, description="房号")
    # A literal rather than the enum: the schema is written inline in the OpenAPI body.
    opinion: Literal["agree", "against", "abstain"] = Field(
        description="表决意见：agree 同意 / against 反对 / abstain 弃权"
    )


class OnlineBallotIn(Schema):
    opinion: Opinion


class LinkQuery(Schema):
    t: str = Field(max_length=500, description="业主表决票二维码中的一次性链接令牌")


class OwnBallotOut(Schema):
    vote: str
    estate: str
    kind: MatterKind
    closes_at: datetime.datetime
    open: bool
    rooms: list[str]
    area: float
    used: bool = Field(description="此链接是否已表决")
    opinion: Opinion | None = Field(description="本人经此链接的表决意见")


def _detail(vote: Vote) -> dict[str, Any]:
    return {
        "id": vote.pk,
        "estate": vote.estate.name,
        "grid": vote.grid.code,
        "title": vote.title,
        "matter": vote.matter,
        "kind": vote.kind,
        "opens_at": vote.opens_at,
        "closes_at": vote.closes_at,
        "closed_at": vote.closed_at,
        "passed": vote.passed,
        "buildings": selectors.vote_buildings(vote),
        "tally": services.tally_json(selectors.tally(vote)),
    }


@router.get(
    "/owners/companies",
    response={200: list[CompanyOut], **ERROR_RESPONSES},
    url_name="owners-companies",
    operation_id="listPropertyCompanies",
    summary="物业服务企业",
)
@paginate(PageNumber)
def list_companies(request: HttpRequest) -> QuerySet[PropertyCompany]:
    """本人辖区内各小区的物业服务企业（业委会成员：本小区）。"""
    require_permission(request.auth, VIEW_OWNERS)
    return selectors.companies(request.auth).order_by("pk")


@router.get(
    "/owners/committees",
    response={200: list[CommitteeOut], **ERROR_RESPONSES},
    url_name="owners-committees",
    operation_id="listOwnersCommittees",
    summary="业主委员会及成员",
)
@paginate(PageNumber)
def list_committees(request: HttpRequest) -> QuerySet[Committee]:
    """本人辖区内各小区的业主委员会和任期内成员（业委会成员：本小区）。"""
    require_permission(request.auth, VIEW_OWNERS)
    return selectors.committees(request.auth).order_by("pk")


class CompanyIn(Schema):
    estate_id: int = Field(ge=1, le=MAX_ID, description="小区 id（人口房屋登记）")
    name: str = Field(min_length=1, max_length=100)
    contract_starts: datetime.date
    contract_ends: datetime.date | None = None
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)


class MemberIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    post: Literal["chair", "vice_chair", "member"] = "member"
    username: str = Field("", max_length=150, description="业委会成员角色的登录账号（可空）")


class CommitteeIn(Schema):
    estate_id: int = Field(ge=1, le=MAX_ID)
    name: str = Field("", max_length=100)
    elected_on: datetime.date
    term_ends: datetime.date
    members: list[MemberIn] = Field(min_length=1)


def _field_error(field: str, message: str) -> Any:
    return json_error(
        422,
        message,
        fields=[field],
        errors=[{"field": field, "location": "body", "message": message}],
    )


@router.post(
    "/owners/companies",
    response={201: CompanyOut, **ERROR_RESPONSES},
    url_name="owners-companies-create",
    operation_id="createPropertyCompany",
    summary="登记物业服务企业",
)
def post_company(request: HttpRequest, payload: CompanyIn) -> Any:
    """登记本人辖区内某小区的物业服务企业和合同期限。"""
    require_permission(request.auth, MANAGE_OWNERS)
    estate = selectors.estate(request.auth, payload.estate_id)
    if estate is None:
        return _field_error("estate_id", _("没有这个小区，或不在您的辖区内"))
    data = payload.dict(exclude={"estate_id"})
    try:
        company = services.set_property_company(estate=estate, **data, actor=request.auth)
    except services.OwnersError as error:
        return _field_error(error.field or "body", str(error))
    return Status(201, company)


@router.post(
    "/owners/committees",
    response={201: CommitteeOut, **ERROR_RESPONSES},
    url_name="owners-committees-create",
    operation_id="createOwnersCommittee",
    summary="登记业主委员会",
)
def post_committee(request: HttpRequest, payload: CommitteeIn) -> Any:
    """登记本人辖区内某小区的业主委员会及成员；成员可关联业委会成员角色的登录账号。"""
    require_permission(request.auth, MANAGE_OWNERS)
    estate = selectors.estate(request.auth, payload.estate_id)
    if estate is None:
        return _field_error("estate_id", _("没有这个小区，或不在您的辖区内"))
    members = []
    for member in payload.members:
        account = None
        if member.username:
            account = selectors.committee_account(request.auth, member.username)
            if account is None:
                return _field_error(
                    "members", _("没有业委会成员角色的登录账号“%(u)s”") % {"u": member.username}
                )
        members.append((member.name, member.post, account))
    try:
        committee = services.set_committee(
            estate=estate,
            name=payload.name,
            elected_on=payload.elected_on,
            term_ends=payload.term_ends,
            members=members,
            actor=request.auth,
        )
    except services.OwnersError as error:
        return _field_error(error.field or "body", str(error))
    return Status(201, committee)


@router.get(
    "/owners/votes",
    response={200: list[VoteOut], **ERROR_RESPONSES},
    url_name="owners-votes",
    operation_id="listOwnersVotes",
    summary="业主表决列表",
)
@paginate(PageNumber)
def list_votes(request: HttpRequest) -> QuerySet[Vote]:
    """本人辖区内的业主表决，新的在前。"""
    require_permission(request.auth, VIEW_OWNERS)
    return selectors.votes(request.auth).order_by("-opens_at", "-pk")


@router.get(
    "/owners/votes/{vote_id}",
    response={200: VoteDetailOut, **ERROR_RESPONSES},
    url_name="owners-vote",
    operation_id="getOwnersVote",
    summary="业主表决及计票",
)
def get_vote(request: HttpRequest, vote_id: VoteId) -> dict[str, Any]:
    """一项表决和此刻的计票：面积和人数、是否达到参与表决和通过的法定比例。"""
    require_permission(request.auth, VIEW_OWNERS)
    return _detail(get_visible_or_404(Vote, request.auth, pk=vote_id))


@router.get(
    "/owners/votes/{vote_id}/tally",
    response={200: TallyOut, **ERROR_RESPONSES},
    url_name="owners-vote-tally",
    operation_id="getOwnersVoteTally",
    summary="业主表决计票",
)
def get_tally(request: HttpRequest, vote_id: VoteId) -> dict[str, Any]:
    """此刻的计票，与 grassroots votes tally --json 相同。"""
    require_permission(request.auth, VIEW_OWNERS)
    vote = get_visible_or_404(Vote, request.auth, pk=vote_id)
    return services.tally_json(selectors.tally(vote))


BALLOT_BODY = body_in_schema(PaperBallotIn)


@router.post(
    "/owners/votes/{vote_id}/ballots",
    response={201: TallyOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="owners-vote-ballots",
    operation_id="enterOwnersBallot",
    summary="录入纸质表决票",
    openapi_extra=BALLOT_BODY,
)
def post_ballot(request: HttpRequest, vote_id: VoteId) -> Any:
    """录入一张纸质表决票：请求体 building、unit、number、opinion（按房屋找到业主）；同一业主
    以最后一次为准。表决已截止返回 409。"""
    require_permission(request.auth, RECORD_BALLOTS)
    vote = get_visible_or_404(Vote, request.auth, pk=vote_id)
    payload = parse_body(request, PaperBallotIn)
    room = selectors.find_vote_room(
        vote, building=payload.building, unit=payload.unit, number=payload.number
    )
    if room is None:
        message = _("该房屋不在本次表决范围内")
        return json_error(
            422,
            message,
            fields=["number"],
            errors=[{"field": "number", "location": "body", "message": message}],
        )
    try:
        services.enter_ballot(
            vote, room=room, opinion=payload.opinion, actor=request.auth, request=request
        )
    except services.OwnersError as error:
        return json_error(409, str(error), fields=[error.field or "vote"])
    return Status(201, services.tally_json(selectors.tally(vote)))


def _own(link: Any) -> dict[str, Any]:
    vote = link.vote
    head = selectors.head_of_room(vote, link.room_id)
    ballot = selectors.link_ballot(link)
    return {
        "vote": vote.title,
        "estate": vote.estate.name,
        "kind": vote.kind,
        "closes_at": vote.closes_at,
        "open": services.is_open(vote),
        "rooms": [r.address for r in head.rooms] if head else [],
        "area": float(head.area_text) if head else 0.0,
        "used": link.used_at is not None,
        "opinion": ballot.opinion if ballot else None,
    }


@public_router.get(
    "/public/owners/online",
    response={200: OwnBallotOut, **ERROR_RESPONSES},
    url_name="owners-online",
    operation_id="getOwnOnlineBallot",
    summary="业主本人的表决（扫码链接）",
)
def get_online(request: HttpRequest, query: Query[LinkQuery]) -> Any:
    """凭业主表决票上的一次性链接令牌，查看本人的表决事项、房屋和本人的表决意见。"""
    link = services.link_from_token(query.t)
    if link is None:
        return json_error(404, not_found_message())
    return _own(link)


@public_router.post(
    "/public/owners/online",
    response={201: OwnBallotOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="owners-online-cast",
    operation_id="castOwnOnlineBallot",
    summary="业主扫码表决",
)
def post_online(request: HttpRequest, query: Query[LinkQuery], payload: OnlineBallotIn) -> Any:
    """凭一次性链接表决，只能一次；表决已截止或链接已用过返回 409。"""
    link = services.link_from_token(query.t)
    if link is None:
        return json_error(404, not_found_message())
    try:
        services.cast_online(link, opinion=payload.opinion, request=request)
    except services.OwnersError as error:
        return json_error(409, str(error), fields=[error.field or "vote"])
    link.refresh_from_db()
    return Status(201, _own(link))
