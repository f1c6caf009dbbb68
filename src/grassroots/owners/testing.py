"""Owners' rows for tests and the scope walk: an estate with owners, areas and a vote anywhere."""

from __future__ import annotations

import datetime

from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.kernel.permissions import Role
from grassroots.org.models import OrgNode
from grassroots.owners.choices import Channel, MatterKind, Opinion, OwnerKind
from grassroots.owners.models import (
    Ballot,
    Committee,
    CommitteeMember,
    Owner,
    Ownership,
    PropertyCompany,
    RoomArea,
    Vote,
    VoteLink,
)
from grassroots.owners.services.importing import owner_key
from grassroots.registry.models import Room
from grassroots.registry.services import ensure_room
from grassroots.registry.testing import grid_in
from grassroots.testing.scopewalk import register_sample


def seat_committee_accounts(estate_id: int, grid: OrgNode) -> None:
    """Seat every owners'-committee account at or above ``grid`` on the estate's committee.

    In the walk's world each persona must see exactly its subtree's rows, while a committee
    member sees only the estates that seat them (``owners.scope``): so every sample estate
    seats the committee accounts whose unit holds it."""
    accounts = [
        a
        for a in Account.objects.filter(role_grants__role=Role.OWNERS_COMMITTEE).select_related(
            "org_node"
        )
        if a.org_node is not None and grid.path.startswith(a.org_node.path)
    ]
    if not accounts:
        return
    committee = Committee.objects.filter(estate_id=estate_id).first()
    if committee is None:
        committee = Committee.objects.create(
            grid_id=grid.pk,
            estate_id=estate_id,
            name="巡检业委会",
            elected_on=datetime.date(2025, 6, 1),
            term_ends=datetime.date(2030, 5, 31),
        )
    for account in accounts:
        CommitteeMember.objects.get_or_create(
            committee=committee,
            account=account,
            defaults={
                "grid_id": grid.pk,
                "name": "巡检委员",
                "term_starts": committee.elected_on,
                "term_ends": committee.term_ends,
            },
        )


def make_room(
    node: OrgNode, tag: str, *, number: str = "101", area: int = 8925, owner: str = ""
) -> Room:
    """A room in an estate of a grid at or below ``node``, with its area and one owner."""
    room = ensure_room(
        grid=grid_in(node, tag),
        estate=f"巡检业主小区{tag}",
        building="1号楼",
        unit="1单元",
        number=number,
    )
    estate_id = room.building.estate_id
    seat_committee_accounts(estate_id, room.grid)
    RoomArea.objects.create(
        room=room, grid_id=room.grid_id, estate_id=estate_id, area_hundredths=area
    )
    name = owner or f"巡检业主{tag}{number}"
    holder = Owner.objects.create(
        grid_id=room.grid_id,
        estate_id=estate_id,
        kind=OwnerKind.PERSON,
        name=name,
        key=owner_key(OwnerKind.PERSON, "", f"{name}{number}"),
    )
    Ownership.objects.create(room=room, owner=holder, grid_id=room.grid_id, estate_id=estate_id)
    return room


def make_vote(node: OrgNode, tag: str) -> Vote:
    room = make_room(node, tag)
    now = timezone.now()
    return Vote.objects.create(
        grid_id=room.grid_id,
        estate_id=room.building.estate_id,
        title=f"巡检业主表决{tag}",
        kind=MatterKind.ORDINARY,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )


def make_ballot(node: OrgNode, tag: str) -> Ballot:
    vote = make_vote(node, tag)
    room = Room.objects.filter(building__estate_id=vote.estate_id).first()
    return Ballot.objects.create(
        vote=vote, grid_id=vote.grid_id, room=room, opinion=Opinion.AGREE, channel=Channel.PAPER
    )


def make_link(node: OrgNode, tag: str) -> VoteLink:
    vote = make_vote(node, tag)
    room = Room.objects.filter(building__estate_id=vote.estate_id).first()
    return VoteLink.objects.create(vote=vote, grid_id=vote.grid_id, room=room, nonce=tag[:32])


def make_company(node: OrgNode, tag: str) -> PropertyCompany:
    room = make_room(node, tag)
    return PropertyCompany.objects.create(
        grid_id=room.grid_id,
        estate_id=room.building.estate_id,
        name=f"巡检物业公司{tag}",
        contract_starts=datetime.date(2026, 1, 1),
    )


def make_committee(node: OrgNode, tag: str) -> Committee:
    room = make_room(node, tag)
    return Committee.objects.create(
        grid_id=room.grid_id,
        estate_id=room.building.estate_id,
        name=f"巡检业委会{tag}",
        elected_on=datetime.date(2025, 6, 1),
        term_ends=datetime.date(2030, 5, 31),
    )


def make_member(node: OrgNode, tag: str) -> CommitteeMember:
    committee = make_committee(node, tag)
    return CommitteeMember.objects.create(
        committee=committee,
        grid_id=committee.grid_id,
        name=f"巡检委员{tag}",
        term_starts=committee.elected_on,
        term_ends=committee.term_ends,
    )


def _area(node: OrgNode, tag: str) -> RoomArea:
    return RoomArea.objects.get(room=make_room(node, tag))


def _ownership(node: OrgNode, tag: str) -> Ownership:
    return Ownership.objects.get(room=make_room(node, tag))


register_sample(PropertyCompany, marker=lambda c: c.name, make=make_company)
register_sample(Committee, marker=lambda c: c.name, make=make_committee)
register_sample(CommitteeMember, marker=lambda m: m.name, make=make_member)
register_sample(Vote, marker=lambda v: v.title, make=make_vote)
register_sample(Owner, marker=lambda o: o.name, make=lambda n, t: _ownership(n, t).owner)
register_sample(Ownership, marker=lambda o: o.owner.name, make=_ownership)
# An area shows as its room's address, which is the registry's own marker.
register_sample(RoomArea, marker=lambda a: None, make=_area)
register_sample(Ballot, marker=lambda b: None, make=make_ballot)
register_sample(VoteLink, marker=lambda link: None, make=make_link)
