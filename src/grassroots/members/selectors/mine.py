"""What a party member reads about their own 一联十 on the phone (我的联系户).

Everything starts from the member's own rows (``visible_to`` with the ``own_rows`` rule) and is
filtered once more to the signed-in account's membership, so an account that is both staff and
a member still sees only its own households here. The households' residents are read through
the member's links, never from the registry at large; phones are masked and never shown in full
on these pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from grassroots.kernel.scope import get_visible_or_404
from grassroots.members.models import Contact, HouseholdLink, Member
from grassroots.registry.choices import Relation
from grassroots.registry.models import Resident

QUIET_DAYS = 90  # a household not contacted for this long is marked (超过90天未联系)
RECENT_CONTACTS = 10  # contacts listed on one household's page


@dataclass(frozen=True)
class Neighbour:
    """A resident living in one of the member's households, as the member may see them."""

    name: str
    masked_phone: str
    tags: list[str]
    is_head: bool


@dataclass
class HouseholdCard:
    """One linked household on the member's page: who lives there and when it was last
    contacted."""

    link: HouseholdLink
    residents: list[Neighbour]
    last_contact: datetime.datetime | None
    quiet: bool
    contacts: list[Contact] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.link.household.room.address

    @property
    def tags(self) -> list[str]:
        """Every special-group tag of the household, once each (独居老人, 残疾人...)."""
        seen: list[str] = []
        for resident in self.residents:
            seen += [tag for tag in resident.tags if tag not in seen]
        return seen

    @property
    def days_since(self) -> int | None:
        if self.last_contact is None:
            return None
        return (timezone.localdate() - timezone.localtime(self.last_contact).date()).days


def my_member(user: Any) -> Member | None:
    """The signed-in account's own roster row, or None when the account is no member on it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.visible_to(user)
        .filter(person__account=user.pk)
        .select_related("person", "person__party_branch", "grid")
        .first()
    )


def _my_links(user: Any) -> QuerySet[HouseholdLink]:
    """The account's current links, with the households' rooms and the residents living there."""
    residents = Resident.objects.order_by("pk").only(
        "pk", "household_id", "name", "phone", "relation", "special_groups"
    )
    return (
        HouseholdLink.objects.visible_to(user)
        .filter(member__person__account=user.pk, ended_on__isnull=True)
        .select_related("household__room")
        .prefetch_related(Prefetch("household__residents", queryset=residents))
    )


def _neighbours(link: HouseholdLink) -> list[Neighbour]:
    people = sorted(
        link.household.residents.all(), key=lambda r: (r.relation != Relation.HEAD, r.pk)
    )
    return [
        Neighbour(
            name=r.name,
            masked_phone=r.masked_phone,
            tags=r.special_group_names,
            is_head=r.relation == Relation.HEAD,
        )
        for r in people
    ]


def _last_contacts(user: Any, household_ids: list[int]) -> dict[int, datetime.datetime]:
    rows = (
        Contact.objects.visible_to(user)
        .filter(member__person__account=user.pk, household_id__in=household_ids)
        .order_by()
        .values("household_id")
        .annotate(last=Max("at"))
    )
    return {row["household_id"]: row["last"] for row in rows}


def _card(
    link: HouseholdLink, last: datetime.datetime | None, now: datetime.datetime
) -> HouseholdCard:
    quiet = last is None or now - last > datetime.timedelta(days=QUIET_DAYS)
    return HouseholdCard(link=link, residents=_neighbours(link), last_contact=last, quiet=quiet)


def my_households(user: Any, *, now: datetime.datetime | None = None) -> list[HouseholdCard]:
    """The member's linked households: the ones longest out of touch first, then by address."""
    now = now or timezone.now()
    links = list(_my_links(user))
    last = _last_contacts(user, [link.household_id for link in links])
    cards = [_card(link, last.get(link.household_id), now) for link in links]
    never = now - datetime.timedelta(days=365 * 100)
    cards.sort(key=lambda c: (c.last_contact or never, c.address))
    return cards


def my_household(user: Any, link_id: int, *, now: datetime.datetime | None = None) -> HouseholdCard:
    """One of the member's current households with its latest contacts; 404 for any other."""
    link = get_visible_or_404(
        HouseholdLink,
        user,
        pk=link_id,
        member__person__account=user.pk,
        ended_on__isnull=True,
    )
    link = _my_links(user).get(pk=link.pk)
    contacts = list(
        Contact.objects.visible_to(user)
        .filter(member__person__account=user.pk, household_id=link.household_id)
        .select_related("demand")
        .order_by("-at", "-pk")[:RECENT_CONTACTS]
    )
    card = _card(link, contacts[0].at if contacts else None, now or timezone.now())
    card.contacts = contacts
    return card


def my_contact(user: Any, contact_id: int) -> Contact:
    """One of the member's own contacts (with its household's room and demand); 404 otherwise."""
    contact = get_visible_or_404(Contact, user, pk=contact_id, member__person__account=user.pk)
    return (
        Contact.objects.visible_to(user)
        .select_related("member__person", "household__room", "grid", "demand")
        .get(pk=contact.pk)
    )


def link_of_contact(user: Any, contact: Contact) -> HouseholdLink | None:
    """The member's current link to the contact's household, if it still stands."""
    return (
        HouseholdLink.objects.visible_to(user)
        .filter(
            member_id=contact.member_id, household_id=contact.household_id, ended_on__isnull=True
        )
        .first()
    )


def my_recent_contacts(user: Any, limit: int = 5) -> list[Contact]:
    """The member's latest contacts anywhere, with the demand each became, if any."""
    return list(
        Contact.objects.visible_to(user)
        .filter(member__person__account=user.pk)
        .select_related("household__room", "demand")
        .order_by("-at", "-pk")[:limit]
    )


def my_raised_contacts(user: Any, limit: int = 10) -> list[Contact]:
    """The member's contacts that became demands, latest first: how the member follows what
    happened to them (code and status), since the demands pages are for staff."""
    return list(
        Contact.objects.visible_to(user)
        .filter(member__person__account=user.pk, demand__isnull=False)
        .select_related("household__room", "demand")
        .order_by("-at", "-pk")[:limit]
    )


def panel(user: Any) -> dict[str, Any] | None:
    """The home page's panel for a party member: their households, the quiet ones marked.
    None for an account that is not on the roster."""
    member = my_member(user)
    if member is None:
        return None
    cards = my_households(user)
    return {
        "member": member,
        "cards": cards,
        "quiet": sum(1 for card in cards if card.quiet),
        "quiet_days": QUIET_DAYS,
    }
