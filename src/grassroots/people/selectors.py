"""Reads of person records, each starting from ``Person.objects.visible_to(user)``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grassroots.kernel import crypto
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.models import Person


def people_for(
    user: Any,
    *,
    query: str = "",
    party_members_only: bool = False,
    node: OrgNode | None = None,
    branch: PartyOrganization | None = None,
) -> QuerySet[Person]:
    """People the user may see, optionally narrowed.

    ``query`` matches part of a name, or a whole ID number or phone through its blind index
    (the encrypted columns themselves cannot be searched).
    """
    people = Person.objects.visible_to(user).select_related("org_node", "party_branch")
    query = query.strip()
    if query:
        digest = crypto.blind_index(query)
        people = people.filter(
            Q(name__icontains=query) | Q(id_number_index=digest) | Q(phone_index=digest)
        )
    if party_members_only:
        people = people.filter(is_party_member=True)
    if node is not None:
        people = people.filter(org_node__path__within=node.path)
    if branch is not None:
        people = people.filter(party_branch=branch)
    return people.order_by("org_node__path", "name", "pk")


def people_at(user: Any, node: OrgNode) -> QuerySet[Person]:
    """People attached to this very node (not below it)."""
    return (
        Person.objects.visible_to(user)
        .filter(org_node=node)
        .select_related("party_branch")
        .order_by("name", "pk")
    )


def members_of(user: Any, party_org: PartyOrganization) -> QuerySet[Person]:
    """Visible members of one party organisation."""
    return (
        Person.objects.visible_to(user)
        .filter(party_branch=party_org)
        .select_related("org_node")
        .order_by("name", "pk")
    )


SHOWN_ON_TREE = 30  # people listed on a tree page; the rest are a link away


def people_at_node_section(user: Any, node: OrgNode) -> dict[str, Any]:
    """The people attached to an org node, for its page (本单位人员)."""
    people = people_at(user, node)
    return {"people": people[:SHOWN_ON_TREE], "people_total": people.count()}


def party_members_section(user: Any, party_org: PartyOrganization) -> dict[str, Any]:
    """The members of a party organisation, for its page (党员)."""
    members = members_of(user, party_org)
    return {"members": members[:SHOWN_ON_TREE], "members_total": members.count()}


def person_with_id_number(id_number: str) -> Person | None:
    """Whoever holds this ID number, in or out of the caller's scope (for uniqueness only).

    Callers must not show the result to a user who cannot see it.
    """
    digest = crypto.blind_index(id_number)
    return Person.objects.filter(id_number_index=digest).select_related("org_node").first()


def unit_for(user: Any, pk: int) -> OrgNode | None:
    """A unit of the user's scope by id; None when it is not there or not theirs."""
    return OrgNode.objects.visible_to(user).filter(pk=pk).first()


def units_for(user: Any) -> QuerySet[OrgNode]:
    """The units a person the user records may belong to."""
    return OrgNode.objects.visible_to(user)


def branches_for(user: Any) -> QuerySet[PartyOrganization]:
    """The party organisations a person the user records may be a member of."""
    return PartyOrganization.objects.visible_to(user)


def people_holding(id_index: str) -> list[Person]:
    """The people whose ID number has this blind index, across the whole platform: for the
    operator's access-request export (``people export-personal``) only, which is audited."""
    return list(Person.objects.filter(id_number_index=id_index).select_related("org_node"))
