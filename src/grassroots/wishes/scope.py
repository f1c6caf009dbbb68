"""The scope of the people who claim micro-wishes: open wishes where they may claim, and their own.

A party member's account sits on the grid they live in, a liaison's usually on a community its
unit pairs with, but neither is staff of that place: a member may claim any open wish of their
own community (the community of their roster row's grid), a liaison any open wish of a
community one of its units pairs with now. Once claimed, a wish is seen by its claimer (the
member, or every liaison of the unit) and by the community's staff, not by the other members
or units. An account holding any staff role keeps its subtree, like everyone else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from grassroots.kernel.permissions import STAFF, Role
from grassroots.members.models import Member
from grassroots.org.models import OrgNode
from grassroots.pairing.models import PairedUnit, Pairing
from grassroots.wishes.models import Wish, WishStatus


def claimer_roles(user: Any) -> set[str]:
    """The claiming roles (party member, liaison) that decide the account's scope: none for an
    account holding a staff role, whose scope is its subtree."""
    roles = set(getattr(user, "role_codes", ()) or ())
    if roles & set(STAFF):
        return set()
    return roles & {Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON}


def member_communities(user: Any) -> QuerySet[OrgNode]:
    """The community of the account's own membership (none without one)."""
    member = Member.objects.filter(person__account=user.pk).select_related("grid").first()
    if member is None:
        return OrgNode.objects.none()
    return OrgNode.objects.filter(path=member.grid.path[: -OrgNode.steplen])


def liaison_units(user: Any) -> QuerySet:
    """The ids of the paired units the account is a liaison of."""
    return PairedUnit.liaisons.through.objects.filter(account_id=user.pk).values("pairedunit_id")


def paired_communities(user: Any) -> QuerySet:
    """The ids of the communities the account's units pair with today."""
    today = timezone.localdate()
    return (
        Pairing.objects.active_on(today)
        .filter(unit_id__in=liaison_units(user))
        .values("community_id")
    )


def claimable_condition(user: Any) -> Q:
    """Open wishes the account may claim: in its member's community, or in a community its
    units pair with."""
    roles = set(getattr(user, "role_codes", ()) or ())
    condition = Q(pk__in=[])
    if Role.PARTY_MEMBER in roles:
        condition |= Q(community__in=member_communities(user))
    if Role.PAIRED_UNIT_LIAISON in roles:
        condition |= Q(community_id__in=paired_communities(user))
    return condition & Q(status=WishStatus.OPEN)


def own_condition(user: Any) -> Q:
    """Wishes the account's membership or units claimed."""
    condition = Q(pk__in=[])
    roles = set(getattr(user, "role_codes", ()) or ())
    if Role.PARTY_MEMBER in roles:
        condition |= Q(claimed_by_member__person__account=user.pk)
    if Role.PAIRED_UNIT_LIAISON in roles:
        condition |= Q(claimed_by_unit_id__in=liaison_units(user))
    return condition


def open_or_own(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the wish models: a claimer sees the open wishes it may claim
    and its own claims, in whichever community; anyone else its subtree's rows."""
    if not claimer_roles(user):
        return subtree_rows
    condition = claimable_condition(user) | own_condition(user)
    if all_rows.model is Wish:
        return all_rows.filter(condition)
    return all_rows.filter(wish__in=Wish.objects.filter(condition).values("pk"))
