"""一联十 by hand and by suggestion: link a member to a household, end a link, set how many.

A household has one current link at most: the database holds it (the partial unique index
``members_one_current_link``), so when two secretaries give the same household to two members
at once, one insert wins and the other is refused with who has it now. Ending a link sets its
``ended_on`` and keeps the row: the links of a household, current and ended, are its history
(who linked it, from when, to when). Every change writes an audit record naming the member
and the household, from and to; the target's change names the old and new number.

The audit codes below are this module's own: the audit log stores any code, and its list of
named actions can take them up without a change here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.members.models import DEFAULT_LINK_TARGET, HouseholdLink, LinkTarget, Member
from grassroots.members.services.kept import keep_last_contacts, keep_links_held
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Household, Resident

LINKED = "member_household_linked"  # 分配联系户
UNLINKED = "member_household_unlinked"  # 解除联系户
SUGGESTION_ACCEPTED = "member_link_suggestion_accepted"  # 接受一联十建议
TARGET_CHANGED = "member_link_target_changed"  # 修改每名党员联系户数
MAX_TARGET = 50
_CHUNK = 500  # ids per IN (...) list
_MAX_ID = 2**63 - 1


class LinkError(ValueError):
    """A link that cannot be made or ended; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class HouseholdTaken(LinkError):
    """The household is linked to a member already (perhaps a moment ago, by someone else)."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            _("该户已是党员%(name)s的联系户（可能刚被他人分配），一户只能由一名党员联系")
            % {"name": holder},
            "household",
        )


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _today() -> datetime.date:
    return timezone.localdate()


def _community_id(grid_id: int) -> int | None:
    grid = OrgNode.objects.get(pk=grid_id)
    parent = OrgNode.objects.get_parent(grid)
    return parent.pk if parent is not None else None


def _holder(household_id: int) -> str:
    link = (
        HouseholdLink.objects.filter(household_id=household_id, ended_on__isnull=True)
        .select_related("member__person")
        .first()
    )
    return link.member.person.name if link is not None else ""


def _check_household(member: Member, household: Household) -> None:
    if household.ended_on is not None:
        raise LinkError(_("该户已注销，不能再联系"), "household")
    if not Resident.objects.filter(household_id=household.pk).exists():
        raise LinkError(_("该户当前无人居住，不必联系"), "household")
    if _community_id(household.grid_id) != _community_id(member.grid_id):
        raise LinkError(_("该户不在党员居住的社区"), "household")
    current = (
        HouseholdLink.objects.filter(household_id=household.pk, ended_on__isnull=True)
        .select_related("member__person")
        .first()
    )
    if current is not None and current.member_id == member.pk:
        raise LinkError(_("该户已是这名党员的联系户"), "household")
    if current is not None:
        raise HouseholdTaken(current.member.person.name)


@transaction.atomic
def link_household(
    *,
    member: Member,
    household: Household,
    actor: Any,
    on: datetime.date | None = None,
    request: Any = None,
) -> HouseholdLink:
    """Link ``member`` to ``household`` from ``on`` (today): 分配联系户.

    A household linked to another member is refused with that member's name; so is the loser
    of two secretaries giving the same household at once. A member may be given more than the
    target by hand: the page shows who is above it.
    """
    _check_household(member, household)
    try:
        with transaction.atomic():
            link = HouseholdLink.objects.create(
                member=member,
                household=household,
                grid_id=household.grid_id,
                linked_on=on or _today(),
                created_by=_account(actor),
            )
    except IntegrityError:
        raise HouseholdTaken(_holder(household.pk)) from None
    keep_last_contacts([household.pk])
    keep_links_held([member.pk])
    record(
        LINKED,
        actor=_account(actor),
        request=request,
        node=household.grid,
        target=f"{member.person.name} → {household.room.address}"[:200],
        link_id=link.pk,
        member_id=member.pk,
        household_id=household.pk,
        member=[None, member.pk],
        on=link.linked_on.isoformat(),
    )
    return link


@transaction.atomic
def unlink_household(
    *,
    link: HouseholdLink,
    actor: Any,
    on: datetime.date | None = None,
    request: Any = None,
) -> HouseholdLink:
    """End ``link`` on ``on`` (today): 解除联系户. The row stays, with its dates.

    A link someone else has ended meanwhile is refused, and nothing changes."""
    on = on or _today()
    if on < link.linked_on:
        raise LinkError(_("解除日期不能早于联系起始日期"))
    ended = HouseholdLink.objects.filter(pk=link.pk, ended_on__isnull=True).update(ended_on=on)
    if not ended:
        raise LinkError(_("该联系户已被他人解除，请刷新后查看"))
    link.ended_on = on
    keep_links_held([link.member_id])
    record(
        UNLINKED,
        actor=_account(actor),
        request=request,
        node=link.grid,
        target=f"{link.member.person.name} → {link.household.room.address}"[:200],
        link_id=link.pk,
        member_id=link.member_id,
        household_id=link.household_id,
        member=[link.member_id, None],
        on=on.isoformat(),
    )
    return link


@transaction.atomic
def set_link_target(
    *,
    community: OrgNode,
    households: int,
    actor: Any,
    expected: int | None = None,
    request: Any = None,
) -> LinkTarget:
    """Set how many households each member of ``community`` keeps in touch with.

    ``expected`` is the number the user saw: when someone else has changed it since, the
    change is refused and the user told the new number, rather than overwriting it unseen."""
    if community.level != Level.COMMUNITY:
        raise LinkError(_("只能为社区设置联系户数"))
    if not 1 <= households <= MAX_TARGET:
        raise LinkError(_("每名党员联系户数应在1到%(max)s之间") % {"max": MAX_TARGET}, "households")
    target, _created = LinkTarget.objects.select_for_update().get_or_create(
        community=community, defaults={"households": DEFAULT_LINK_TARGET}
    )
    old = target.households
    if expected is not None and old != expected:
        raise LinkError(_("联系户数已被他人改为%(n)s，请确认后重试") % {"n": old}, "households")
    if old == households and not _created:
        return target
    target.households = households
    target.save(update_fields=["households"])
    record(
        TARGET_CHANGED,
        actor=_account(actor),
        request=request,
        node=community,
        target=community.name,
        households=[old, households],
    )
    return target


@dataclass(frozen=True)
class Skipped:
    """A proposed link that was not made, and why."""

    member_id: int
    household_id: int
    member_name: str
    address: str
    reason: str


@dataclass
class Accepted:
    """What accepting a suggestion did."""

    created: list[tuple[int, int]] = field(default_factory=list)  # (member, household)
    skipped: list[Skipped] = field(default_factory=list)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _households(ids: Iterable[int], grid_ids: set[int]) -> dict[int, tuple[int, str, bool]]:
    """Each household of ``ids`` in those grids that is open: (grid, address, occupied)."""
    found = {}
    for chunk in _chunks(ids):
        rows = Household.objects.filter(
            pk__in=chunk, grid_id__in=grid_ids, ended_on__isnull=True
        ).values_list("pk", "grid_id", "room__address")
        living = set(
            Resident.objects.filter(household_id__in=chunk).values_list("household_id", flat=True)
        )
        for pk, grid_id, address in rows:
            found[pk] = (grid_id, address, pk in living)
    return found


def _holders(household_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """The member each household is linked to now: (member id, name)."""
    found = {}
    for chunk in _chunks(household_ids):
        rows = HouseholdLink.objects.filter(
            household_id__in=chunk, ended_on__isnull=True
        ).values_list("household_id", "member_id", "member__person__name")
        found.update({h: (m, name) for h, m, name in rows})
    return found


@dataclass(frozen=True)
class _Ready:
    member_id: int
    household_id: int
    grid_id: int
    member_name: str
    address: str


def _plan(
    pairs: Sequence[tuple[int, int]], grid_ids: set[int], target: int
) -> tuple[list[_Ready], list[Skipped]]:
    """Which pairs can be made now and which not, with why."""
    members = {
        pk: (name, grid_id)
        for pk, name, grid_id in Member.objects.filter(
            pk__in={m for m, _h in pairs}, grid_id__in=grid_ids
        ).values_list("pk", "person__name", "grid_id")
    }
    households = _households([h for _m, h in pairs], grid_ids)
    holders = _holders(households)
    counts: dict[int, int] = {}
    for member_id in HouseholdLink.objects.filter(
        member_id__in=list(members), ended_on__isnull=True
    ).values_list("member_id", flat=True):
        counts[member_id] = counts.get(member_id, 0) + 1
    ready, skipped = [], []
    for member_id, household_id in pairs:
        name = members.get(member_id, ("", 0))[0]
        grid_id, address, living = households.get(household_id, (0, "", False))
        if member_id not in members:
            reason = _("党员已不在本社区名册上")
        elif not grid_id or not living:
            reason = _("该户已无人居住或已注销")
        elif household_id in holders:
            reason = _("该户已是党员%(name)s的联系户") % {"name": holders[household_id][1]}
        elif counts.get(member_id, 0) >= target:
            reason = _("该党员的联系户已达到%(n)s户") % {"n": target}
        else:
            ready.append(_Ready(member_id, household_id, grid_id, name, address))
            holders[household_id] = (member_id, name)
            counts[member_id] = counts.get(member_id, 0) + 1
            continue
        skipped.append(Skipped(member_id, household_id, name, address, reason))
    return ready, skipped


@transaction.atomic
def accept_suggestion(
    *,
    community: OrgNode,
    pairs: Sequence[tuple[int, int]],
    actor: Any,
    on: datetime.date | None = None,
    request: Any = None,
) -> Accepted:
    """Make the proposed links (member id, household id) of ``community`` in one transaction.

    Not all or nothing: a pair that can no longer be made (the household was given to someone
    meanwhile, nobody lives there any more, the member reached the target by hand, the member
    left the roster) is skipped with its reason and the others still go in, so one click is
    never wasted on one stale line. Two secretaries accepting at once: each household goes to
    one member, and the other is told which of theirs were skipped.
    """
    on = on or _today()
    grid_ids = set(
        OrgNode.objects.filter(path__startswith=community.path, level=Level.GRID).values_list(
            "pk", flat=True
        )
    )
    target = (
        LinkTarget.objects.filter(community=community).values_list("households", flat=True).first()
    )
    target = DEFAULT_LINK_TARGET if target is None else target
    pairs = [p for p in dict.fromkeys(pairs) if 0 < min(p) and max(p) <= _MAX_ID]
    ready, skipped = _plan(pairs, grid_ids, target)
    HouseholdLink.objects.bulk_create(
        (
            HouseholdLink(
                member_id=r.member_id,
                household_id=r.household_id,
                grid_id=r.grid_id,
                linked_on=on,
                created_by=_account(actor),
            )
            for r in ready
        ),
        batch_size=_CHUNK,
        ignore_conflicts=True,  # taken by someone else meanwhile: told below
    )
    keep_last_contacts(r.household_id for r in ready)
    keep_links_held(r.member_id for r in ready)
    holders = _holders(r.household_id for r in ready)
    result = Accepted(skipped=skipped)
    for r in ready:
        holder = holders.get(r.household_id)
        if holder is not None and holder[0] == r.member_id:
            result.created.append((r.member_id, r.household_id))
            continue
        reason = _("刚被他人分配给党员%(name)s") % {"name": holder[1] if holder else ""}
        result.skipped.append(
            Skipped(r.member_id, r.household_id, r.member_name, r.address, reason)
        )
    record(
        SUGGESTION_ACCEPTED,
        actor=_account(actor),
        request=request,
        node=community,
        target=community.name,
        created=len(result.created),
        skipped=len(result.skipped),
        links=[list(pair) for pair in result.created],
        on=on.isoformat(),
    )
    return result
