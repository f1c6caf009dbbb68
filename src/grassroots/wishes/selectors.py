"""Reads of micro-wishes, each starting from ``visible_to``: the lists per status, one wish with
its photos and history, the households a wish can be posted for, and the home-page panel."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404, within
from grassroots.org.models import OrgNode
from grassroots.pairing.models import PairedUnit
from grassroots.registry.models import Household
from grassroots.registry.plugin import VIEW_REGISTRY
from grassroots.wishes import scope
from grassroots.wishes.models import Wish, WishChange, WishPhoto, WishStatus
from grassroots.wishes.plugin import CLAIM_WISHES, MANAGE_WISHES
from grassroots.wishes.services import claimable_units, is_claimer, member_may_claim, member_of

PANEL_SIZE = 3
HOUSEHOLD_MATCHES = 20


def wishes_for(user: Any) -> QuerySet[Wish]:
    return Wish.objects.visible_to(user).select_related(
        "community", "claimed_by_member__person", "claimed_by_unit"
    )


def wish_list(user: Any, status: str) -> QuerySet[Wish]:
    """The wishes in one status (待认领 / 已认领 / 待确认 / 已完成 / 已取消), newest first."""
    return wishes_for(user).filter(status=status)


def status_counts(user: Any) -> dict[str, int]:
    rows = Wish.objects.visible_to(user).values("status").annotate(n=Count("pk")).order_by()
    counts = {status: 0 for status in WishStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def wish_for(user: Any, wish_id: int) -> Wish:
    """One wish the user may see; any other id is a 404."""
    return get_visible_or_404(Wish, user, pk=wish_id)


def photo_for(user: Any, wish_photo_id: int) -> WishPhoto:
    return get_visible_or_404(WishPhoto, user, pk=wish_photo_id)


@dataclass(frozen=True)
class WishPage:
    """One wish and what the user may do with it."""

    wish: Wish
    photos: list[WishPhoto]
    changes: list[WishChange]
    room: str  # the full address, for those who may see the registry; else ""
    may_claim_as_member: bool
    units: list[PairedUnit]  # the user's units that may claim it
    may_fulfil: bool
    may_manage: bool


def wish_page(user: Any, wish: Wish) -> WishPage:
    open_ = wish.status == WishStatus.OPEN
    claimer = has_permission(user, CLAIM_WISHES)
    member = member_of(user) if claimer and open_ else None
    return WishPage(
        wish=wish,
        photos=list(WishPhoto.objects.visible_to(user).filter(wish=wish)),
        changes=list(WishChange.objects.visible_to(user).filter(wish=wish)),
        room=wish.household.room.address if has_permission(user, VIEW_REGISTRY) else "",
        may_claim_as_member=member_may_claim(member, wish),
        units=claimable_units(user, wish) if claimer and open_ else [],
        may_fulfil=claimer and wish.status == WishStatus.CLAIMED and is_claimer(user, wish),
        may_manage=has_permission(user, MANAGE_WISHES),
    )


def households_matching(user: Any, query: str) -> list[Household]:
    """Current households in the user's scope whose address holds every word of ``query``
    (小区、楼栋、房号)."""
    terms = query.split()
    if not terms:
        return []
    rows = Household.objects.visible_to(user).filter(ended_on__isnull=True)
    for term in terms:  # "清河小区 3栋": every word somewhere in the address
        rows = rows.filter(room__address__contains=term)
    rows = rows.select_related("room", "grid").order_by("room__address", "pk")
    return list(rows[:HOUSEHOLD_MATCHES])


def household_for(user: Any, household_id: int) -> Household:
    return get_visible_or_404(Household, user, pk=household_id)


def home_panel(user: Any) -> dict[str, Any] | None:
    """The home page's micro-wish panel of a member or a liaison: the open wishes they may
    claim (how many, the first few) and their own claims still under way; None when neither."""
    visible = wishes_for(user)
    open_wishes = visible.filter(scope.claimable_condition(user))
    own = visible.filter(scope.own_condition(user)).filter(
        Q(status=WishStatus.CLAIMED) | Q(status=WishStatus.FULFILLED)
    )
    count = open_wishes.count()
    mine = list(own[:PANEL_SIZE])
    if not count and not mine:
        return None
    return {
        "open_count": count,
        "open_wishes": list(open_wishes[:PANEL_SIZE]),
        "own_wishes": mine,
    }


def community_summary(unit_code: str = "") -> list[dict[str, Any]] | None:
    """Per community, the wishes by status and the value of those not cancelled, for the
    ``grassroots wishes summary`` command (an operator's view: every row, or one unit's);
    None when no unit has ``unit_code``."""
    rows = Wish.objects.all()
    if unit_code:
        unit = OrgNode.objects.filter(code=unit_code).first()
        if unit is None:
            return None
        rows = within(rows, unit.path)
    counts = {status: Count("pk", filter=Q(status=status)) for status in WishStatus.values}
    value = Sum("value", filter=~Q(status=WishStatus.CANCELLED), default=Decimal("0"))
    grouped = (
        rows.values("community__code", "community__name")
        .annotate(**counts, value=value)
        .order_by("community__code")
    )
    return [
        {
            "community": row.pop("community__code"),
            "community_name": row.pop("community__name"),
            **{status: row[status] for status in WishStatus.values},
            "value": f"{row['value']:.2f}",
        }
        for row in grouped
    ]
