"""The demand workflow, declared in this one place: states, allowed moves, who may make them.

Every transition goes through ``services.transition_demand``, which asks ``check_move`` here;
pages show only the moves ``moves_for`` offers. Nothing else decides what may happen next.

    received → dispatched → accepted → in_progress → resolved → followed_up → closed (销号)
    returned (退回, with a reason) goes back to be dispatched again;
    escalated (上报) passes the demand to the unit above, which dispatches or accepts it;
    reopened: the follow-up found it unsolved, so it is handled again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from grassroots.kernel.permissions import Role


class Status(models.TextChoices):
    RECEIVED = "received", "已接收"
    DISPATCHED = "dispatched", "已派单"
    ACCEPTED = "accepted", "已受理"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已办结"
    FOLLOWED_UP = "followed_up", "已回访"
    CLOSED = "closed", "已销号"
    RETURNED = "returned", "已退回"
    ESCALATED = "escalated", "已上报"
    REOPENED = "reopened", "重新办理"


S = Status
# Who dispatches, supervises and follows up: the community, the street, the district.
DISPATCHERS = frozenset({Role.COMMUNITY_SECRETARY, Role.STREET_STAFF, Role.DISTRICT_ADMIN})
# Who handles a demand that is with their unit.
HANDLERS = frozenset(
    {
        Role.GRID_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.STREET_STAFF,
        Role.DISTRICT_ADMIN,
        Role.PAIRED_UNIT_LIAISON,
    }
)


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    roles: frozenset[str]
    label: str
    needs_note: bool = False  # a reason is required (return, escalate, reopen)


MOVES: tuple[Move, ...] = (
    Move(S.RECEIVED, S.DISPATCHED, DISPATCHERS, "派单"),
    Move(S.RECEIVED, S.ACCEPTED, HANDLERS, "受理"),
    Move(S.RECEIVED, S.ESCALATED, HANDLERS, "上报", needs_note=True),
    Move(S.DISPATCHED, S.ACCEPTED, HANDLERS, "受理"),
    Move(S.DISPATCHED, S.RETURNED, HANDLERS, "退回", needs_note=True),
    Move(S.ACCEPTED, S.IN_PROGRESS, HANDLERS, "开始办理"),
    Move(S.ACCEPTED, S.RETURNED, HANDLERS, "退回", needs_note=True),
    Move(S.ACCEPTED, S.ESCALATED, HANDLERS, "上报", needs_note=True),
    Move(S.IN_PROGRESS, S.RESOLVED, HANDLERS, "办结"),
    Move(S.IN_PROGRESS, S.ESCALATED, HANDLERS, "上报", needs_note=True),
    Move(S.RESOLVED, S.FOLLOWED_UP, DISPATCHERS, "回访"),
    Move(S.FOLLOWED_UP, S.CLOSED, DISPATCHERS, "销号"),
    Move(S.FOLLOWED_UP, S.REOPENED, DISPATCHERS, "重新办理", needs_note=True),
    Move(S.RETURNED, S.DISPATCHED, DISPATCHERS, "重新派单"),
    Move(S.RETURNED, S.ESCALATED, DISPATCHERS, "上报", needs_note=True),
    Move(S.ESCALATED, S.DISPATCHED, DISPATCHERS, "派单"),
    # The liaison of a paired unit takes on what was escalated to the unit (结对单位协办).
    Move(S.ESCALATED, S.ACCEPTED, DISPATCHERS | {Role.PAIRED_UNIT_LIAISON}, "受理"),
    Move(S.REOPENED, S.IN_PROGRESS, HANDLERS, "开始办理"),
    Move(S.REOPENED, S.RESOLVED, HANDLERS, "办结"),
)
_BY_PAIR = {(m.source, m.target): m for m in MOVES}

OPEN_STATUSES = frozenset(set(Status.values) - {S.CLOSED})
# The first of these a demand reaches is its response (响应).
RESPONSE_STATUSES = frozenset({S.ACCEPTED, S.RETURNED, S.ESCALATED})
# Moves that pass the demand to another unit or person; they carry the target unit.
DISPATCHING = frozenset({S.DISPATCHED})


class MoveRefused(Exception):
    """The move is not possible now, or not for this person; ``reason`` says why (409)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def find_move(source: str, target: str) -> Move:
    """The declared move from ``source`` to ``target``, or MoveRefused saying why not."""
    if target not in Status.values:
        raise MoveRefused(_("没有“%(to)s”这个状态") % {"to": target})
    move = _BY_PAIR.get((source, target))
    if move is None:
        raise MoveRefused(
            _("诉求当前为“%(from)s”，不能改为“%(to)s”")
            % {"from": _(status_label(source)), "to": _(status_label(target))}
        )
    return move


def check_move(
    source: str,
    target: str,
    roles: tuple[str, ...] | set[str],
    *,
    operator: bool = False,
    note: str = "",
) -> Move:
    """The move if these roles may make it with this note; otherwise MoveRefused."""
    move = find_move(source, target)
    if not operator and not set(roles) & move.roles:
        raise MoveRefused(
            _("您的角色不能把诉求从“%(from)s”改为“%(to)s”")
            % {"from": _(status_label(source)), "to": _(status_label(target))}
        )
    if move.needs_note and not note.strip():
        raise MoveRefused(_("“%(label)s”须填写原因") % {"label": _(move.label)})
    return move


def moves_for(
    source: str, roles: tuple[str, ...] | set[str], *, operator: bool = False
) -> list[Move]:
    """The moves these roles may make from ``source``, in declaration order."""
    return [m for m in MOVES if m.source == source and (operator or set(roles) & m.roles)]
