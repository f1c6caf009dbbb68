"""Registry over the API: search and read residents and rooms, masked, within scope.

Document numbers and phones leave only masked; the unmasked view is a web-page action with an
audit record. Lists page by keyset: pass the ``next_after`` of one page as ``after``.
"""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES
from grassroots.api.pagination import MAX_ID
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.schemas import TEXT_PATTERN
from grassroots.registry import selectors
from grassroots.registry.choices import SpecialGroup
from grassroots.registry.models import Resident, Room
from grassroots.registry.plugin import VIEW_REGISTRY

router = Router(tags=["人口房屋"])

ResidentId = Annotated[int, Path(ge=1, le=MAX_ID, description="居民 id")]
RoomId = Annotated[int, Path(ge=1, le=MAX_ID, description="房屋 id")]


class ResidentFilters(Schema):
    q: str | None = Field(
        None,
        max_length=40,
        pattern=TEXT_PATTERN,
        description="姓名、拼音首字母、完整的证件号码或手机号、地址片段",
    )
    node: int | None = Field(None, ge=1, le=MAX_ID, description="组织节点 id：此节点及其下级")
    special_group: SpecialGroup | None = Field(None, description="特殊人群")
    after: int | None = Field(None, ge=1, le=MAX_ID, description="上一页的 next_after")


class ResidentOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date | None
    id_type: str
    id_number_masked: str
    phone_masked: str
    population_type: str
    special_groups: list[str]
    grid_code: str
    address: str | None = Field(description="现住址（已迁出为 null）")

    @staticmethod
    def resolve_id_number_masked(obj: Resident) -> str:
        return obj.masked_id_number

    @staticmethod
    def resolve_phone_masked(obj: Resident) -> str:
        return obj.masked_phone

    @staticmethod
    def resolve_special_groups(obj: Resident) -> list[str]:
        return obj.special_group_names

    @staticmethod
    def resolve_grid_code(obj: Resident) -> str:
        return obj.grid.code

    @staticmethod
    def resolve_address(obj: Resident) -> str | None:
        return obj.household.room.address if obj.household_id else None


class ResidentPage(Schema):
    items: list[ResidentOut]
    next_after: int | None


class StayOut(Schema):
    address: str
    moved_in_on: date
    moved_out_on: date | None

    @staticmethod
    def resolve_address(obj: Any) -> str:
        return obj.room.address


class ResidentDetailOut(ResidentOut):
    ethnicity: str
    relation: str
    political_status: str
    education: str
    notes: str
    stays: list[StayOut] = Field(description="辖区内的居住记录，最近的在前")

    @staticmethod
    def resolve_ethnicity(obj: Resident) -> str:
        return obj.get_ethnicity_display()

    @staticmethod
    def resolve_stays(obj: Resident) -> list[Any]:
        return obj.stays_in_scope  # type: ignore[attr-defined]


class RoomOut(Schema):
    id: int
    address: str
    use: str
    use_name: str
    grid_code: str
    residents: list[ResidentOut]


@router.get(
    "/registry/residents",
    response={200: ResidentPage, **ERROR_RESPONSES},
    url_name="residents",
    operation_id="listResidents",
    summary="居民列表与搜索",
)
def list_residents(request: HttpRequest, filters: Query[ResidentFilters]) -> dict[str, Any]:
    """本人辖区内的居民，最新登记的在前；证件号码和电话均已脱敏。"""
    require_permission(request.auth, VIEW_REGISTRY)
    user = request.auth
    node = None
    if filters.node is not None:
        node = selectors.unit_for(user, pk=filters.node)
        if node is None:
            return {"items": [], "next_after": None}
    page = selectors.resident_page(
        user,
        query=filters.q or "",
        node=node,
        special_group=filters.special_group or "",
        after=filters.after,
    )
    return {"items": page.rows, "next_after": page.next_after}


@router.get(
    "/registry/residents/{resident_id}",
    response={200: ResidentDetailOut, **ERROR_RESPONSES},
    url_name="resident",
    operation_id="getResident",
    summary="居民详情与居住记录",
)
def get_resident(request: HttpRequest, resident_id: ResidentId) -> Resident:
    """一位居民（脱敏）及其在辖区内的居住记录；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_REGISTRY)
    resident = get_visible_or_404(Resident, request.auth, pk=resident_id)
    resident.stays_in_scope = selectors.resident_history(request.auth, resident)["stays"]
    return resident


@router.get(
    "/registry/rooms/{room_id}",
    response={200: RoomOut, **ERROR_RESPONSES},
    url_name="room",
    operation_id="getRoom",
    summary="房屋及现住居民",
)
def get_room(request: HttpRequest, room_id: RoomId) -> dict[str, Any]:
    """一间房屋的用途和现住居民（脱敏）。"""
    require_permission(request.auth, VIEW_REGISTRY)
    room = get_visible_or_404(Room, request.auth, pk=room_id)
    detail = selectors.room_detail(request.auth, room)
    return {
        "id": room.pk,
        "address": room.address,
        "use": room.use,
        "use_name": room.get_use_display(),
        "grid_code": room.grid.code,
        "residents": detail["residents"],
    }
