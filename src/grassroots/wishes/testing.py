"""Micro-wishes for tests, and their samples for the scope walk.

In the walk's world each persona must see exactly its subtree's rows, while a member sees the
open wishes of their whole community and a liaison those of the communities its units pair
with (``wishes.scope``). So a sample wish is open only in a grid where a party-member persona
lives (the member's own grid is all of its community the member's subtree holds), and its
community is paired with a unit whose liaisons are the liaison accounts at or above it; in any
other grid the wish is claimed by such a unit, which the liaison above sees as its own claim
and the members of the community do not see at all.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from grassroots.accounts.models import Account
from grassroots.kernel.permissions import Role
from grassroots.members.models import Member
from grassroots.org.models import OrgNode
from grassroots.pairing.models import Pairing
from grassroots.pairing.testing import PNG, pair
from grassroots.registry.models import Household
from grassroots.registry.testing import make_resident
from grassroots.testing.personas import make_account
from grassroots.testing.scopewalk import register_sample
from grassroots.wishes.models import (
    Wish,
    WishCategory,
    WishChange,
    WishPhoto,
    WishStatus,
)
from grassroots.wishes.services import place_of, recipient_of


def make_wish(
    household: Household,
    text: str = "想要一台电饭煲",
    *,
    value: Decimal = Decimal("150.00"),
    category: str = WishCategory.DAILY,
) -> Wish:
    """An open wish for a household, posted by nobody in particular."""
    grid = household.grid
    wish = Wish.objects.create(
        household=household,
        grid=grid,
        community=OrgNode.objects.get_parent(grid) or grid,
        text=text,
        value=value,
        category=category,
        recipient=recipient_of(household),
        place=place_of(household),
    )
    WishChange.objects.create(wish=wish, actor_name="系统", to_status=WishStatus.OPEN)
    return wish


def wish_in(node: OrgNode, tag: str, text: str = "") -> Wish:
    """An open wish of a new household in a grid at or below ``node``."""
    return make_wish(make_resident(node, tag).household, text or f"微心愿{tag}")


def member_account(member: Member, username: str = "") -> Account:
    """A party-member account for a roster member, at their grid."""
    return make_account(
        member.grid,
        Role.PARTY_MEMBER,
        username=username or f"member_{member.pk}",
        person=member.person,
    )


def photo(name: str = "完成.png") -> ContentFile:
    return ContentFile(PNG, name=name)


# --- the scope walk ------------------------------------------------------------------------


def _paired_with_liaisons_above(community: OrgNode, tag: str) -> Pairing:
    """A unit paired with ``community`` since long ago, whose liaisons are the liaison
    accounts sitting at the community or above it."""
    pairing = pair(
        f"WISH{tag}", f"巡检心愿单位{tag}", community, started_on=datetime.date(2020, 1, 1)
    )
    path = community.path
    above = [path[:n] for n in range(OrgNode.steplen, len(path) + 1, OrgNode.steplen)]
    liaisons = Account.objects.filter(
        org_node__path__in=above, role_grants__role=Role.PAIRED_UNIT_LIAISON
    )
    pairing.unit.liaisons.add(*liaisons)
    return pairing


def _walk_wish(node: OrgNode, tag: str) -> Wish:
    wish = wish_in(node, tag, f"巡检微心愿{tag}")
    pairing = _paired_with_liaisons_above(wish.community, tag)
    members_live_here = Account.objects.filter(
        org_node_id=wish.grid_id, role_grants__role=Role.PARTY_MEMBER
    ).exists()
    if not members_live_here:
        Wish.objects.filter(pk=wish.pk).update(
            status=WishStatus.CLAIMED, claimed_by_unit=pairing.unit, version=2
        )
        wish.refresh_from_db()
    return wish


def _walk_photo(node: OrgNode, tag: str) -> WishPhoto:
    wish = _walk_wish(node, tag)
    item = WishPhoto(wish=wish, content_type="image/png")
    item.image.save(f"walk-{tag}.png", ContentFile(PNG), save=False)
    item.save()
    return item


def _walk_change(node: OrgNode, tag: str) -> WishChange:
    return _walk_wish(node, tag).changes.order_by("pk").first()  # type: ignore[return-value]


register_sample(Wish, marker=lambda w: w.text, make=_walk_wish)
register_sample(WishPhoto, marker=lambda p: None, make=_walk_photo)
register_sample(WishChange, marker=lambda c: None, make=_walk_change)
