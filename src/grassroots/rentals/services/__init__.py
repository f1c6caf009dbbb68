"""Writes of the group-rental campaign: each a named action owning its transaction and history.

``open_campaign`` opens a campaign and a case for every room of its area that was a group rental
on the start date (or became one since); ``room_use_changed`` is the registry's listener, which
opens a case when a sweep or an edit sets a room to 群租房 while a campaign runs, and reopens a
rectified one (反弹); ``record_action`` records one of the five methods on a case, and with
已整改 changes the registry's room use through ``change_room_use`` so the two never disagree.
Each writes a ``CaseChange`` (who, when, from, to) and an audit record. A stale ``version``
means someone else changed the case first: ``StaleCase`` tells the caller, nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.org.models import OrgNode
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import ChangeKind as RegistryChangeKind
from grassroots.registry.models import ChangeSource, RegistryChange, Room
from grassroots.registry.services import RegistryError, change_room_use
from grassroots.rentals.choices import CaseStatus, ChangeKind, Method, Outcome
from grassroots.rentals.models import CaseAction, CaseChange, RentalCampaign, RentalCase

GROUP_RENTAL = RoomUse.GROUP_RENTAL


class RentalError(ValueError):
    """A campaign write that cannot be made; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleCase(RentalError):
    """Someone else changed this case after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该群租房的整治情况已被他人更新，请刷新后重试"))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_dates(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if starts_on > timezone.localdate():
        raise RentalError(_("开始日期不能晚于今天"), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise RentalError(_("结束日期不能早于开始日期"), "ends_on")


def rooms_found(
    area: OrgNode, starts_on: datetime.date, ends_on: datetime.date | None = None
) -> dict[int, datetime.date]:
    """Each room of ``area`` that was a group rental on ``starts_on`` or became one since (up
    to ``ends_on``), with the day it was found: the start date, or the day of its change."""
    rooms = Room.objects.filter(grid__path__startswith=area.path)
    found = dict.fromkeys(rooms.filter(use=GROUP_RENTAL).values_list("pk", flat=True))
    later = (
        RegistryChange.objects.filter(
            room__in=rooms, kind=RegistryChangeKind.ROOM_USE, effective_on__gt=starts_on
        )
        .order_by("effective_on", "pk")
        .values_list("room_id", "effective_on", "changes")
    )
    first_after: dict[int, str] = {}
    became: dict[int, datetime.date] = {}
    for room_id, on, changes in later:
        old, new = (changes.get("use") or ["", ""])[:2]
        first_after.setdefault(room_id, old)
        if new == GROUP_RENTAL and (ends_on is None or on <= ends_on):
            became.setdefault(room_id, on)
    # The use on the start date is the old side of the first change after it, if any.
    result = {pk: starts_on for pk, old in first_after.items() if old == GROUP_RENTAL}
    for pk in found:
        if pk not in first_after:
            result[pk] = starts_on
    for pk, on in became.items():
        result.setdefault(pk, on)
    return result


def _new_case(
    campaign: RentalCampaign, room_id: int, grid_id: int, on: datetime.date
) -> RentalCase:
    return RentalCase(campaign=campaign, room_id=room_id, grid_id=grid_id, opened_on=on)


def _opened_change(case: RentalCase, actor: Any, note: str) -> CaseChange:
    return CaseChange(
        case=case,
        campaign_id=case.campaign_id,
        grid_id=case.grid_id,
        kind=ChangeKind.OPENED,
        actor=_actor(actor),
        to_status=CaseStatus.OPEN,
        on=case.opened_on,
        note=note,
    )


@transaction.atomic
def open_campaign(
    *,
    area: OrgNode,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    actor: Any = None,
    request: Any = None,
) -> RentalCampaign:
    """Open a campaign over ``area`` and a case for each group-rental room found in it."""
    title = title.strip()
    if not title:
        raise RentalError(_("请填写整治行动名称"), "title")
    _check_dates(starts_on, ends_on)
    campaign = RentalCampaign.objects.create(
        node=area, title=title, starts_on=starts_on, ends_on=ends_on, created_by=_actor(actor)
    )
    found = rooms_found(area, starts_on, ends_on)
    grids = dict(Room.objects.filter(pk__in=list(found)).values_list("pk", "grid_id"))
    cases = RentalCase.objects.bulk_create(
        _new_case(campaign, pk, grids[pk], on) for pk, on in sorted(found.items())
    )
    CaseChange.objects.bulk_create(_opened_change(c, actor, _("行动开始时排查发现")) for c in cases)
    record(
        Action.RENTAL_CAMPAIGN_OPENED,
        actor=actor,
        request=request,
        target=title,
        node=area,
        campaign_id=campaign.pk,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat() if ends_on else None,
        cases=len(cases),
    )
    return campaign


def _campaigns_around(room: Room, on: datetime.date) -> list[RentalCampaign]:
    """The campaigns whose area holds ``room`` and that had started by ``on``."""
    grid = OrgNode.objects.get(pk=room.grid_id)
    ancestors = [grid.path[:i] for i in range(OrgNode.steplen, len(grid.path) + 1, OrgNode.steplen)]
    return list(
        RentalCampaign.objects.filter(node__path__in=ancestors, starts_on__lte=on).order_by("pk")
    )


def room_use_changed(
    *, room: Room, old_use: str, new_use: str, on: datetime.date, actor: Any = None, **_extra: Any
) -> None:
    """The registry's listener: a room set to 群租房 opens a case in every campaign running on
    ``on`` whose area holds it, and reopens a rectified case of any campaign (反弹).

    A change to anything else does nothing: that is also what the campaign's own 已整改 is."""
    if new_use != GROUP_RENTAL:
        return
    for campaign in _campaigns_around(room, on):
        case = RentalCase.objects.select_for_update().filter(campaign=campaign, room=room).first()
        if case is None:
            if campaign.ends_on is None or on <= campaign.ends_on:
                _open_case(campaign, room, on, actor)
        elif case.status == CaseStatus.RECTIFIED:
            _rebound(case, on, actor)


def _open_case(campaign: RentalCampaign, room: Room, on: datetime.date, actor: Any) -> None:
    case = RentalCase.objects.create(
        campaign=campaign, room=room, grid_id=room.grid_id, opened_on=on
    )
    _opened_change(case, actor, _("房屋用途改为群租房")).save()
    record(
        Action.RENTAL_CASE_CHANGED,
        actor=actor,
        target=room.address,
        campaign_id=campaign.pk,
        case_id=case.pk,
        status=["", CaseStatus.OPEN],
        on=on.isoformat(),
    )


def _move(
    case: RentalCase,
    *,
    kind: str,
    to_status: str,
    on: datetime.date,
    actor: Any,
    version: int | None = None,
    request: Any = None,
    **fields: Any,
) -> None:
    """Move ``case`` to ``to_status`` if its version is still ``version``; history and audit."""
    expected = case.version if version is None else version
    updated = RentalCase.objects.filter(pk=case.pk, version=expected).update(
        status=to_status, version=F("version") + 1, **fields
    )
    if not updated:
        raise StaleCase
    CaseChange.objects.create(
        case=case,
        campaign_id=case.campaign_id,
        grid_id=case.grid_id,
        kind=kind,
        actor=_actor(actor),
        from_status=case.status,
        to_status=to_status,
        on=on,
        method=fields.get("method", ""),
    )
    record(
        Action.RENTAL_CASE_CHANGED,
        actor=actor,
        request=request,
        target=case.room.address,
        campaign_id=case.campaign_id,
        case_id=case.pk,
        status=[case.status, to_status],
        kind=kind,
        on=on.isoformat(),
    )
    case.refresh_from_db()


def _rebound(case: RentalCase, on: datetime.date, actor: Any) -> None:
    _move(
        case,
        kind=ChangeKind.REBOUND,
        to_status=CaseStatus.OPEN,
        on=on,
        actor=actor,
        rebounds=F("rebounds") + 1,
        rectified_on=None,
        method="",
    )


@dataclass(frozen=True)
class ActionEntry:
    """One action as a form, the API or a file row gives it."""

    on: datetime.date
    method: str
    outcome: str
    new_use: str = ""
    notes: str = ""


def entry_problems(case: RentalCase, entry: ActionEntry) -> list[tuple[str, str]]:
    """What is wrong with recording ``entry`` on ``case``, as (field, reason) pairs."""
    problems: list[tuple[str, str]] = []
    if case.status != CaseStatus.OPEN:
        problems.append(("case", _("该房屋已整改，没有进行中的整治")))
    if entry.method not in Method.values:
        problems.append(("method", _("措施应为%(names)s之一") % {"names": method_names()}))
    if entry.outcome not in Outcome.values:
        problems.append(("outcome", _("结果应为进行中或已整改")))
    if entry.on > timezone.localdate():
        problems.append(("on", _("日期不能晚于今天")))
    elif entry.on < case.opened_on:
        problems.append(("on", _("日期不能早于发现日期%(day)s") % {"day": case.opened_on}))
    problems.extend(_use_problems(entry))
    return problems


def _use_problems(entry: ActionEntry) -> list[tuple[str, str]]:
    if entry.outcome == Outcome.RECTIFIED:
        if not entry.new_use:
            return [("new_use", _("结果为已整改时须填写整改后用途"))]
        if entry.new_use not in RoomUse.values or entry.new_use == GROUP_RENTAL:
            return [("new_use", _("整改后用途应为自住、出租、空置等，不能是群租房"))]
    elif entry.new_use:
        return [("new_use", _("只有结果为已整改时才填写整改后用途"))]
    return []


def method_names() -> str:
    return "、".join(str(label) for label in Method.labels)


@transaction.atomic
def record_action(
    case: RentalCase,
    entry: ActionEntry,
    *,
    actor: Any = None,
    version: int | None = None,
    source: str = ChangeSource.FORM,
    request: Any = None,
) -> CaseAction:
    """Record one action on ``case``; 已整改 changes the room's use and rectifies the case."""
    current = RentalCase.objects.select_for_update().select_related("room").get(pk=case.pk)
    if version is not None and current.version != version:
        raise StaleCase
    problems = entry_problems(current, entry)
    if problems:
        field, reason = problems[0]
        raise RentalError(reason, field)
    action = CaseAction.objects.create(
        case=current,
        grid_id=current.grid_id,
        on=entry.on,
        method=entry.method,
        outcome=entry.outcome,
        new_use=entry.new_use if entry.outcome == Outcome.RECTIFIED else "",
        notes=entry.notes,
        actor=_actor(actor),
    )
    record(
        Action.RENTAL_ACTION_RECORDED,
        actor=actor,
        request=request,
        target=current.room.address,
        case_id=current.pk,
        method=entry.method,
        result=entry.outcome,  # not ``outcome``: that is the audit record's own success/failure
        on=entry.on.isoformat(),
    )
    if entry.outcome == Outcome.RECTIFIED:
        try:
            change_room_use(
                current.room, use=entry.new_use, on=entry.on, actor=actor, source=source
            )
        except RegistryError as error:
            raise RentalError(str(error), "new_use") from None
        _move(
            current,
            kind=ChangeKind.RECTIFIED,
            to_status=CaseStatus.RECTIFIED,
            on=entry.on,
            actor=actor,
            version=current.version,
            request=request,
            rectified_on=entry.on,
            method=entry.method,
        )
    else:
        RentalCase.objects.filter(pk=current.pk).update(version=F("version") + 1)
    return action
