"""Writes to the grid roster and the notice boards: each a named action owning its transaction,
its history and its audit record.

A post is appointed, then ended; an end made on a version someone else has already moved on is
refused with ``StaleEdit`` and nothing is overwritten. A building's party organisation must lead
the building's own grid (a 楼栋党支部, a 党员中心户, a 党小组 or the grid's branch). A member's
work phone goes on the notice only with the day the member agreed, and comes off when they
withdraw it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.grids.models import (
    BUILDING_KINDS,
    BuildingBranch,
    ChangeKind,
    GridPost,
    MemberBoardPhone,
    PostChange,
    PostRole,
)
from grassroots.kernel import phones
from grassroots.members.models import Member
from grassroots.org.models import Level, OrgNode, PartyOrganization
from grassroots.people.models import Person
from grassroots.registry.models import Building


class GridError(ValueError):
    """A roster or notice write that cannot be made; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEdit(GridError):
    """Someone else changed the post after it was loaded."""


def _clean_phone(phone: str, *, required: bool = False) -> str:
    phone = phones.normalise_phone(phone)
    if not phone:
        if required:
            raise GridError(_("请填写工作电话"), "work_phone")
        return ""
    if not phones.is_phone(phone):
        raise GridError(phones.MESSAGE, "work_phone")
    return phone


def _snapshot(post: GridPost) -> dict[str, Any]:
    """What a change records of a post: never the phone itself, only whether there is one."""
    return {
        "role": post.role,
        "name": post.name,
        "person": post.person_id,
        "has_work_phone": bool(post.work_phone),
        "since": post.since.isoformat(),
        "until": post.until.isoformat() if post.until else None,
    }


def _audit(
    what: str, *, actor: Any, request: HttpRequest | None, grid: OrgNode, **detail: Any
) -> None:
    record(
        Action.PERSON_CHANGED,
        actor=actor,
        request=request,
        target=f"grid:{grid.code}",
        node=grid,
        what=what,
        **detail,
    )


@transaction.atomic
def appoint_post(
    *,
    grid: OrgNode,
    role: str,
    since: datetime.date,
    person: Person | None = None,
    name: str = "",
    work_phone: str = "",
    actor: Any = None,
    request: HttpRequest | None = None,
) -> GridPost:
    """Someone starts serving ``grid`` as chief, worker, volunteer or notable."""
    if grid.level != Level.GRID:
        raise GridError(_("只能在网格中任职"), "grid")
    if role not in PostRole.values:
        raise GridError(_("请选择职责"), "role")
    name = (person.name if person is not None else name).strip()
    if not name:
        raise GridError(_("请选择人员或填写姓名"), "name")
    post = GridPost.objects.create(
        grid=grid,
        role=role,
        person=person,
        name=name[:50],
        work_phone=_clean_phone(work_phone),
        since=since,
    )
    PostChange.objects.create(
        post=post, grid=grid, kind=ChangeKind.APPOINTED, actor=actor, after=_snapshot(post)
    )
    _audit("grid_post_appointed", actor=actor, request=request, grid=grid, post=post.pk)
    return post


@transaction.atomic
def end_post(
    post: GridPost,
    *,
    version: int,
    until: datetime.date | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> GridPost:
    """The post's holder stops serving the grid on ``until`` (today unless told)."""
    until = until or timezone.localdate()
    if until < post.since:
        raise GridError(_("离任日期不能早于任职日期"), "until")
    before = _snapshot(post)
    moved = GridPost.objects.filter(pk=post.pk, version=version, until__isnull=True).update(
        until=until, version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise StaleEdit(_("该任职已被他人修改或已离任，请刷新后再试"))
    post = GridPost.objects.get(pk=post.pk)
    PostChange.objects.create(
        post=post,
        grid_id=post.grid_id,
        kind=ChangeKind.ENDED,
        actor=actor,
        before=before,
        after=_snapshot(post),
    )
    _audit("grid_post_ended", actor=actor, request=request, grid=post.grid, post=post.pk)
    return post


@transaction.atomic
def set_building_branch(
    building: Building,
    *,
    party_org: PartyOrganization | None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> BuildingBranch | None:
    """Name the party organisation that answers for ``building`` on its notice; None goes back
    to the grid's branch."""
    grid = OrgNode.objects.get(pk=building.grid_id)
    if party_org is None:
        BuildingBranch.objects.filter(building=building).delete()
        _audit("building_branch_cleared", actor=actor, request=request, grid=grid)
        return None
    if party_org.org_node_id != building.grid_id or party_org.kind not in BUILDING_KINDS:
        raise GridError(
            _("只能选择本网格的楼栋党支部、党员中心户、党小组或网格党支部"), "party_org"
        )
    link, _created = BuildingBranch.objects.update_or_create(
        building=building,
        defaults={"grid_id": building.grid_id, "party_org": party_org, "set_by": actor},
    )
    _audit(
        "building_branch_set",
        actor=actor,
        request=request,
        grid=grid,
        building=building.pk,
        party_org=party_org.pk,
    )
    return link


@transaction.atomic
def agree_board_phone(
    member: Member,
    *,
    work_phone: str,
    agreed_on: datetime.date,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> MemberBoardPhone:
    """The member agreed (on ``agreed_on``) to show this work phone on the notice boards."""
    phone = _clean_phone(work_phone, required=True)
    shown, _created = MemberBoardPhone.objects.update_or_create(
        member=member,
        defaults={
            "grid_id": member.grid_id,
            "work_phone": phone,
            "agreed_on": agreed_on,
            "recorded_by": actor,
        },
    )
    grid = OrgNode.objects.get(pk=member.grid_id)
    _audit("member_board_phone_agreed", actor=actor, request=request, grid=grid, member=member.pk)
    return shown


@transaction.atomic
def withdraw_board_phone(
    member: Member, *, actor: Any = None, request: HttpRequest | None = None
) -> None:
    """The member no longer shows a phone: the next notices print their name alone."""
    MemberBoardPhone.objects.filter(member=member).delete()
    grid = OrgNode.objects.get(pk=member.grid_id)
    _audit(
        "member_board_phone_withdrawn", actor=actor, request=request, grid=grid, member=member.pk
    )


def record_boards_download(
    *, actor: Any, request: HttpRequest | None, node: OrgNode, buildings: int
) -> None:
    """Notices carry unmasked work phones: each download is in the audit log."""
    record(
        Action.PERSONAL_DATA_EXPORTED,
        actor=actor,
        request=request,
        target=f"grid-boards:{node.code}",
        node=node,
        what="building_notice_boards",
        buildings=buildings,
    )
