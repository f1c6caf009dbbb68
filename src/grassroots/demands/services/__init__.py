"""Writes to demands. Each action owns its transaction, its history row and its audit record.

``create_demand`` records a demand from any channel; ``transition_demand`` makes one move of
the workflow (``workflow.py``) and refuses, with the reason, anything else; the supervision,
repeat-report and task actions are in ``actions.py``. All of them keep the rate counters
(``tally.bump``) in the same transaction.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.services import append, audit_event, record
from grassroots.demands.models import (
    Category,
    Demand,
    DemandEvent,
    DispatchLevel,
    EventKind,
    Mediation,
    Priority,
    Satisfaction,
)
from grassroots.demands.services import tally
from grassroots.demands.workflow import RESPONSE_STATUSES, MoveRefused, Status, check_move
from grassroots.kernel.db import rows as sqlrows
from grassroots.kernel.db.locks import serialised_writes, write_in_batch
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import PairedUnit
from grassroots.pairing.selectors import units_paired_with
from grassroots.registry.models import Building, Room

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone
CODE_LENGTH = 12
SYSTEM_NAME = "系统"


class DemandInputError(ValueError):
    """One input field is wrong; ``field`` names it (the API answers 422 with it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateOrderError(DemandInputError):
    """A 12345 work order with this number is already recorded."""


@dataclass
class DemandInput:
    """What intake needs, from any channel. The phone is plain text here, encrypted on save."""

    title: str
    description: str
    category: Category
    channel: str
    grid: OrgNode
    address: str = ""
    building: Building | None = None  # of the registry, in the grid
    room: Room | None = None  # of the registry, in the grid (its building is then implied)
    reporter_name: str = ""
    reporter_phone: str = ""
    priority: str = Priority.NORMAL
    hotline_order_no: str | None = None
    received_at: datetime.datetime | None = None


def new_code() -> str:
    """A tracking code (查询码): random, so one code says nothing about any other."""
    # One read of the system's random source; 128 bits cover the code's 59 so evenly that
    # no letter is measurably likelier than another.
    number = int.from_bytes(secrets.token_bytes(16), "big")
    letters = []
    for _position in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(letters)


def owner_unit_for(grid: OrgNode, category: Category) -> OrgNode:
    """The dispatch rule: the grid, its community or its street handles the category."""
    up = {DispatchLevel.GRID: 0, DispatchLevel.COMMUNITY: 1, DispatchLevel.STREET: 2}
    steps = min(up.get(category.dispatch_level, 0), grid.depth - 1)
    if steps == 0:
        return grid
    unit = sqlrows.first(OrgNode, path=grid.path[: OrgNode.steplen * (grid.depth - steps)])
    if unit is None:
        raise OrgNode.DoesNotExist("the grid's ancestor is missing")
    return unit


def _check_input(data: DemandInput) -> None:
    if data.grid.level != Level.GRID:
        raise DemandInputError("grid_code", _("所选单位不是网格"))
    for name, place in (("building", data.building), ("room", data.room)):
        if place is not None and place.grid_id != data.grid.pk:
            raise DemandInputError(f"{name}_id", _("所选房屋或楼栋不在该网格"))
    if (
        data.room is not None
        and data.building is not None
        and (data.room.building_id != data.building.pk)
    ):
        raise DemandInputError("room_id", _("所选房屋不在所选楼栋"))
    if not data.category.active:
        raise DemandInputError("category", _("该类别已停用"))
    if not data.title.strip():
        raise DemandInputError("title", _("不能为空"))
    if not data.description.strip():
        raise DemandInputError("description", _("不能为空"))


def _build(data: DemandInput, actor: Any, now: datetime.datetime) -> Demand:
    received_at = data.received_at or now
    response_hours, resolve_hours = data.category.hours(data.priority)
    demand = Demand(
        code=new_code(),
        hotline_order_no=data.hotline_order_no or None,
        title=data.title.strip(),
        description=data.description.strip(),
        category=data.category,
        channel=data.channel,
        priority=data.priority,
        grid=data.grid,
        building_id=_building_id(data),
        room=data.room,
        address=data.address.strip() or _address_of(data),
        reporter_name=data.reporter_name.strip(),
        owner_unit=owner_unit_for(data.grid, data.category),
        created_by=actor if getattr(actor, "pk", None) else None,
        received_at=received_at,
        response_due=received_at + datetime.timedelta(hours=response_hours),
        resolve_due=received_at + datetime.timedelta(hours=resolve_hours),
    )
    demand.set_reporter_phone(data.reporter_phone)
    return demand


def _building_id(data: DemandInput) -> int | None:
    if data.room is not None:
        return data.room.building_id
    return data.building.pk if data.building is not None else None


def _address_of(data: DemandInput) -> str:
    """The registry's address of the room or building when none was typed."""
    if data.room is not None:
        return data.room.address[:200]
    if data.building is not None:
        return str(data.building)[:200]
    return ""


def create_demand(
    *,
    data: DemandInput,
    actor: Any = None,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
    actor_label: str = "",
) -> Demand:
    """Record a demand and dispatch it by its category's rule; a fresh code on the rare clash.

    Everything that needs no write is prepared before the write lock is taken (on SQLite every
    writer queues on it), so the transaction holds only the statements themselves, and on
    SQLite it shares its transaction with other intakes waiting at the same time.
    """
    _check_input(data)
    now = now or timezone.now()
    community = tally.community_id_of(data.grid)
    for attempt in range(3):
        demand = _build(data, actor, now)
        event, audited = _history_of(demand, actor, request, actor_label)

        def write(
            demand: Demand = demand, event: DemandEvent = event, audited: AuditEvent = audited
        ) -> Demand:
            sqlrows.insert(demand)  # Demand.save adds nothing; no signals listen
            event.demand_id = audited.detail["demand_id"] = demand.pk
            sqlrows.insert(event)
            tally.count_received(demand, community)
            audited.target = f"{demand.code}（#{demand.pk}）"
            append(audited)
            return demand

        try:
            return write_in_batch(write)
        except IntegrityError:
            order = data.hotline_order_no
            if order and Demand.objects.filter(hotline_order_no=order).exists():
                raise DuplicateOrderError(
                    "hotline_order_no", _("工单号 %(no)s 已登记") % {"no": order}
                ) from None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _history_of(
    demand: Demand, actor: Any, request: HttpRequest | None, actor_label: str
) -> tuple[DemandEvent, AuditEvent]:
    """The new demand's first history row and its audit record, to be written with it."""
    event = DemandEvent(
        kind=EventKind.TRANSITION,
        at=demand.received_at,
        actor=account_of(actor),
        actor_name=actor_label or actor_name_of(actor),
        from_status="",
        to_status=Status.RECEIVED,
        note=_("登记诉求，按类别规则由%(unit)s承办") % {"unit": demand.owner_unit.name},
        unit=demand.owner_unit,
    )
    audited = audit_event(
        Action.DEMAND_CREATED,
        actor=account_of(actor),
        request=request,
        node=demand.grid,
        demand_id=None,
        channel=demand.channel,
        category=demand.category.code,
    )
    return event, audited


def account_of(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def actor_name_of(actor: Any) -> str:
    if actor is None:
        return SYSTEM_NAME
    display = getattr(actor, "display_name", "") or ""
    return str(display or actor.get_username())[:150]


@dataclass
class MoveInput:
    """One requested move: the target status and what it carries."""

    to: str
    note: str = ""
    expected_version: int | None = None
    unit: OrgNode | None = None  # dispatch: the unit that will handle it
    paired_unit: PairedUnit | None = None  # escalate to a unit paired with the community
    satisfaction: str = ""  # follow-up: the resident's verdict
    mediation: str = ""  # resolve a demand of a dispute category: how (Mediation)


def _actor_roles(actor: Any) -> tuple[tuple[str, ...], bool]:
    if actor is None:
        return (), True  # the sweep, run by the operator's cron
    return tuple(actor.role_codes), bool(actor.is_superuser)


def _check_unit(actor: Any, demand: Demand) -> None:
    """People act on demands their own unit, or a unit above it, is responsible for."""
    if actor is None or actor.is_superuser:
        return
    home = actor.org_node
    if home is None or not demand.owner_unit.path.startswith(home.path):
        raise MoveRefused(
            _("该诉求由%(unit)s承办，您所在单位不能办理") % {"unit": demand.owner_unit.name}
        )


def transition_demand(
    demand_id: int,
    *,
    move: MoveInput,
    actor: Any,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
) -> Demand:
    """Make one move of the workflow, or raise MoveRefused with the reason.

    The row is locked (``select_for_update``) and the UPDATE is conditional on the version read,
    so of two people moving the same demand at once one wins and the other is refused.
    """
    now = now or timezone.now()
    roles, operator = _actor_roles(actor)
    with serialised_writes(), transaction.atomic():
        # Locked alone: PostgreSQL re-checks a locked row's joins against the row as the
        # winner of a race left it, so a join to a unit it changed would lose the row.
        demand = Demand.objects.select_for_update().get(pk=demand_id)
        if move.expected_version is not None and move.expected_version != demand.version:
            raise MoveRefused(
                _("诉求已被他人修改（版本 %(v)s），请刷新后重试") % {"v": demand.version}
            )
        check_move(demand.status, move.to, roles, operator=operator, note=move.note)
        _check_unit(actor, demand)
        source = demand.status
        changes, deltas = _effects(demand, move, actor, now)
        updated = Demand.objects.filter(pk=demand.pk, version=demand.version).update(
            status=move.to, version=demand.version + 1, **changes
        )
        if updated != 1:
            raise MoveRefused(_("诉求已被他人修改，请刷新后重试"))
        for name, value in changes.items():
            setattr(demand, name, value)
        demand.status, demand.version = move.to, demand.version + 1
        DemandEvent.objects.create(
            demand=demand,
            kind=EventKind.TRANSITION,
            at=now,
            actor=account_of(actor),
            actor_name=actor_name_of(actor),
            from_status=source,
            to_status=move.to,
            note=move.note.strip()[:500],
            mediation=changes.get("mediation", ""),
            unit=demand.owner_unit,
        )
        tally.bump(
            demand.grid_id, demand.received_at, **deltas, **tally.status_change(source, move.to)
        )
        record(
            Action.DEMAND_TRANSITIONED,
            actor=account_of(actor),
            request=request,
            node=demand.grid,
            target=f"{demand.code}（#{demand.pk}）",
            demand_id=demand.pk,
            **{"from": source, "to": move.to},
            **({"mediation": changes["mediation"]} if changes.get("mediation") else {}),
        )
    return demand


def _effects(
    demand: Demand, move: MoveInput, actor: Any, now: datetime.datetime
) -> tuple[dict[str, Any], dict[str, int]]:
    """The field changes and counter deltas of one move."""
    changes: dict[str, Any] = _mediation(demand, move)
    deltas: dict[str, int] = {}
    if move.to in RESPONSE_STATUSES and demand.responded_at is None:
        changes["responded_at"] = now
        deltas.update(
            responded=1,
            responded_in_time=int(now <= demand.response_due),
            response_seconds=tally.seconds_between(demand.received_at, now),
        )
    if move.to == Status.DISPATCHED:
        changes.update(owner_unit=_dispatch_target(demand, move.unit, actor), owner=None)
    elif move.to == Status.ACCEPTED:
        changes["owner"] = account_of(actor)
    elif move.to == Status.ESCALATED and move.paired_unit is not None:
        changes.update(
            owner_unit=_community_paired_with(demand, move.paired_unit),
            paired_unit=move.paired_unit,
            owner=None,
        )
    elif move.to == Status.ESCALATED:
        changes.update(owner_unit=_unit_above(demand.owner_unit), owner=None)
    elif move.to == Status.RETURNED:
        changes["owner"] = None
    elif move.to == Status.RESOLVED:
        changes.update(resolved_at=now, overdue_marked=False)
        deltas.update(
            resolved=1,
            resolve_seconds=tally.seconds_between(demand.received_at, now),
            overdue_open=-int(demand.overdue_marked),
        )
    elif move.to == Status.REOPENED and demand.resolved_at is not None:
        changes["resolved_at"] = None
        deltas.update(
            resolved=-1,
            resolve_seconds=-tally.seconds_between(demand.received_at, demand.resolved_at),
        )
    elif move.to == Status.FOLLOWED_UP:
        changes["satisfaction"] = _satisfaction(move.satisfaction)
        deltas.update(_follow_up_deltas(demand.satisfaction, changes["satisfaction"]))
    elif move.to == Status.CLOSED:
        changes["closed_at"] = now
    return changes, deltas


def _mediation(demand: Demand, move: MoveInput) -> dict[str, Any]:
    """How a dispute demand was resolved: required when it is resolved, cleared when it is
    reopened, and refused on any other move or demand."""
    if move.to != Status.RESOLVED or not demand.category.dispute:
        if move.mediation:
            raise MoveRefused(_("只有矛盾纠纷类诉求办结时才记录调解结果"))
        return {"mediation": ""} if move.to == Status.REOPENED and demand.mediation else {}
    if move.mediation not in Mediation.values:
        raise MoveRefused(
            _("矛盾纠纷类诉求办结须选择调解结果：调解成功、调解不成功（转其他途径）或其他方式办结")
        )
    return {"mediation": move.mediation}


def _satisfaction(value: str) -> str:
    if value not in Satisfaction.values:
        raise MoveRefused(_("回访须选择满意度：满意、基本满意或不满意"))
    return value


def _follow_up_deltas(old: str, new: str) -> dict[str, int]:
    satisfied = {Satisfaction.SATISFIED, Satisfaction.BASICALLY}
    return {
        "followed_up": 0 if old else 1,
        "satisfied": int(new in satisfied) - int(old in satisfied),
    }


def _unit_above(unit: OrgNode) -> OrgNode:
    parent = OrgNode.objects.get_parent(unit)
    if parent is None:
        raise MoveRefused(_("诉求已在最高层级，不能再上报"))
    return parent


def _community_paired_with(demand: Demand, unit: PairedUnit) -> OrgNode:
    """The demand's community, when ``unit`` is paired with it today; else the refusal."""
    if not units_paired_with(demand.grid).filter(pk=unit.pk).exists():
        raise MoveRefused(
            _("%(unit)s 未与诉求所在社区（村）结对，不能上报给该单位") % {"unit": unit.name}
        )
    path = demand.grid.path
    return OrgNode.objects.get(
        level=Level.COMMUNITY,
        path__in=[path[:n] for n in range(OrgNode.steplen, len(path) + 1, OrgNode.steplen)],
    )


def _dispatch_target(demand: Demand, unit: OrgNode | None, actor: Any) -> OrgNode:
    """A dispatch goes to the demand's grid or one of its units above, inside the actor's unit."""
    if unit is None:
        return demand.owner_unit
    if not demand.grid.path.startswith(unit.path):
        raise MoveRefused(_("只能派给诉求所在网格或其上级单位"))
    if actor is not None and not actor.is_superuser:
        home = actor.org_node
        if home is None or not unit.path.startswith(home.path):
            raise MoveRefused(_("只能派给本单位或下级单位"))
    return unit
