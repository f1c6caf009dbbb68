"""Party-member rows for tests and the scope walk: a member, a link, a contact anywhere."""

from __future__ import annotations

import datetime

from django.utils import timezone

from grassroots.members.models import (
    Contact,
    ContactKind,
    HouseholdLink,
    LinkTarget,
    Member,
    MemberKind,
)
from grassroots.members.services.kept import keep_last_contacts, keep_links_held
from grassroots.org.models import OrgNode
from grassroots.people.models import Person
from grassroots.registry.testing import SAMPLE_DAY, grid_in, make_resident
from grassroots.testing.scopewalk import register_sample


def make_member(
    node: OrgNode,
    tag: str,
    *,
    kind: str = MemberKind.COMMUNITY,
    work_unit: str = "",
    name: str = "",
) -> Member:
    """A party member living in a grid at or below ``node`` (a person, no resident)."""
    grid = grid_in(node, tag)
    person = Person.objects.create(
        org_node=grid,
        name=name or f"巡检党员{tag}",
        gender="M",
        is_party_member=True,
        party_joined_on=datetime.date(2001, 7, 1),
    )
    return Member.objects.create(person=person, grid=grid, kind=kind, work_unit=work_unit)


def make_link(node: OrgNode, tag: str, member: Member | None = None) -> HouseholdLink:
    """A member linked to a fresh household in a grid at or below ``node``."""
    member = member or make_member(node, tag)
    household = make_resident(node, f"{tag}户").household
    link = HouseholdLink.objects.create(
        member=member, household=household, grid_id=household.grid_id, linked_on=SAMPLE_DAY
    )
    keep_last_contacts([household.pk])
    keep_links_held([member.pk])
    return link


def make_contact(node: OrgNode, tag: str) -> Contact:
    link = make_link(node, tag)
    contact = Contact.objects.create(
        member=link.member,
        household=link.household,
        grid_id=link.grid_id,
        kind=ContactKind.VISIT,
        note=f"巡检联系记录{tag}",
        at=timezone.now(),
    )
    keep_last_contacts([link.household_id])
    return contact


def _walk_member(node: OrgNode, tag: str) -> Member:
    """In the walk's world the party-member persona of a grid is every sample member made
    there: a member sees only their own rows (``members.scope``), and the walk expects each
    persona to see exactly its subtree's rows."""
    from grassroots.accounts.models import Account
    from grassroots.kernel.permissions import Role

    grid = grid_in(node, tag)
    persona = Account.objects.filter(org_node=grid, role_grants__role=Role.PARTY_MEMBER).first()
    if persona is None:
        return make_member(node, tag)
    if persona.person_id is not None:
        found = Member.objects.filter(person_id=persona.person_id).first()
        if found is not None:
            return found
    member = make_member(grid, tag)
    persona.person_id = member.person_id
    persona.save(update_fields=["person"])
    return member


def _walk_link(node: OrgNode, tag: str) -> HouseholdLink:
    return make_link(node, tag, member=_walk_member(node, tag))


def _walk_contact(node: OrgNode, tag: str) -> Contact:
    link = _walk_link(node, tag)
    contact = Contact.objects.create(
        member=link.member,
        household=link.household,
        grid_id=link.grid_id,
        kind=ContactKind.VISIT,
        note=f"巡检联系记录{tag}",
        at=timezone.now(),
    )
    keep_last_contacts([link.household_id])
    return contact


register_sample(Member, marker=lambda m: m.person.name, make=_walk_member)
register_sample(HouseholdLink, marker=lambda lk: lk.member.person.name, make=_walk_link)
register_sample(Contact, marker=lambda c: c.note, make=_walk_contact)


def _target(node: OrgNode, tag: str) -> LinkTarget:
    community = OrgNode.objects.get_parent(grid_in(node, tag))
    target, _ = LinkTarget.objects.get_or_create(community=community)
    return target


register_sample(LinkTarget, marker=lambda t: None, make=_target)
