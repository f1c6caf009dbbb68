"""API input and output shapes for demands (诉求)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from grassroots.demands.models import (
    Channel,
    Demand,
    DemandEvent,
    Mediation,
    Priority,
    Satisfaction,
)
from grassroots.demands.workflow import Status
from grassroots.kernel import phones
from grassroots.org.schemas import CODE_PATTERN, TEXT_PATTERN

# Free text may hold line breaks and tabs, never other control characters (NUL above all).
LONG_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
PHONE_PATTERN = phones.PATTERN
TRACKING_CODE_PATTERN = r"^[0-9A-Za-z-]{4,20}$"

Title = Annotated[str, Field(min_length=1, max_length=100, pattern=TEXT_PATTERN)]
Description = Annotated[str, Field(min_length=1, max_length=4000, pattern=LONG_TEXT_PATTERN)]
CategoryRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        pattern=TEXT_PATTERN,
        description="类别编码，或完整名称如“环境卫生/占道经营”",
    ),
]
GridCode = Annotated[str, Field(pattern=CODE_PATTERN, description="网格编码（15位）")]
Address = Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)]
Name = Annotated[str, Field(max_length=50, pattern=TEXT_PATTERN)]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN, description="联系电话")]
RegistryId = Annotated[int, Field(ge=1, le=2**63 - 1)]
UnitCode = Annotated[
    str, Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_-]+$", description="结对单位编码")
]


class DemandIn(Schema):
    title: Title
    description: Description
    category: CategoryRef
    channel: Channel = Field(description="来源渠道")
    grid_code: GridCode
    address: Address | None = None
    building_id: RegistryId | None = Field(None, description="人口房屋库中的楼栋 id（须在该网格）")
    room_id: RegistryId | None = Field(None, description="人口房屋库中的房屋 id（须在该网格）")
    reporter_name: Name | None = None
    reporter_phone: Phone | None = None
    priority: Priority = Priority.NORMAL


class DemandCreatedOut(Schema):
    id: int
    code: str = Field(description="查询码")
    status: Status
    response_due: datetime
    resolve_due: datetime


class EventOut(Schema):
    at: datetime
    kind: str
    actor: str
    from_status: str
    to_status: str
    note: str
    mediation: str = Field(description="办结时记录的调解结果（矛盾纠纷类）")

    @staticmethod
    def resolve_actor(obj: DemandEvent) -> str:
        return obj.actor_name


class DemandOut(Schema):
    id: int
    code: str
    title: str
    description: str
    category: str
    channel: Channel
    priority: Priority
    status: Status
    status_name: str
    version: int
    grid_code: str
    address: str
    owner_unit_code: str
    paired_unit_code: str | None = Field(description="已上报的结对单位编码")
    reporter_name: str
    reporter_phone_masked: str
    received_at: datetime
    response_due: datetime
    resolve_due: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    satisfaction: str
    dispute: bool = Field(description="是否矛盾纠纷类诉求（办结时须记录调解结果）")
    mediation: str = Field(
        description="调解结果：succeeded 调解成功、failed 调解不成功、other 其他方式办结"
    )
    supervised: bool
    events: list[EventOut]

    @staticmethod
    def resolve_category(obj: Demand) -> str:
        return obj.category.full_name

    @staticmethod
    def resolve_status_name(obj: Demand) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_grid_code(obj: Demand) -> str:
        return obj.grid.code

    @staticmethod
    def resolve_owner_unit_code(obj: Demand) -> str:
        return obj.owner_unit.code

    @staticmethod
    def resolve_paired_unit_code(obj: Demand) -> str | None:
        return obj.paired_unit.code if obj.paired_unit_id else None

    @staticmethod
    def resolve_reporter_phone_masked(obj: Demand) -> str:
        return obj.masked_phone

    @staticmethod
    def resolve_dispute(obj: Demand) -> bool:
        return obj.category.dispute

    @staticmethod
    def resolve_supervised(obj: Demand) -> bool:
        return obj.supervised_at is not None

    @staticmethod
    def resolve_events(obj: Demand) -> list[DemandEvent]:
        return list(obj.events.all())


class TransitionIn(Schema):
    to: Status = Field(description="目标状态")
    note: Annotated[str, Field(max_length=500, pattern=LONG_TEXT_PATTERN)] = ""
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="读取时的版本号；已被他人修改则返回 409"
    )
    unit_code: GridCode | None = Field(None, description="派单：承办单位编码")
    paired_unit_code: UnitCode | None = Field(
        None, description="上报：与诉求所在社区（村）结对的单位编码；不填则上报上级"
    )
    satisfaction: Satisfaction | None = Field(None, description="回访：满意度")
    mediation: Mediation | None = Field(
        None, description="办结矛盾纠纷类诉求：调解结果（其他诉求不填）"
    )


class ConflictOut(Schema):
    detail: str


class PublicDemandIn(Schema):
    title: Title
    description: Description
    category: CategoryRef
    grid_code: GridCode
    address: Address | None = None
    reporter_name: Name | None = None
    reporter_phone: Phone


class PublicCreatedOut(Schema):
    code: str = Field(description="查询码：凭查询码和手机号码查询办理进度")
    status: Status
    response_due: datetime
    resolve_due: datetime


class PublicStepOut(Schema):
    at: datetime
    status: Status
    status_name: str


class PublicDemandOut(Schema):
    code: str
    title: str
    category: str
    status: Status
    status_name: str
    received_at: datetime
    resolved_at: datetime | None
    steps: list[PublicStepOut]
