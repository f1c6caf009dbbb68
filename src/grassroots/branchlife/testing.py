"""三会一课 rows for tests and the scope walk: a branch with members, a meeting anywhere."""

from __future__ import annotations

import datetime

from grassroots.accounts.models import Account
from grassroots.branchlife.models import Attendance, BranchMeeting, MeetingKind
from grassroots.branchlife.rules import BRANCH_KINDS
from grassroots.kernel.permissions import Role
from grassroots.members.models import Member
from grassroots.members.testing import make_member
from grassroots.org.models import OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Gender, Person
from grassroots.registry.testing import grid_in
from grassroots.testing.scopewalk import register_sample

SAMPLE_DAY = datetime.date(2026, 8, 12)


def branch_at(grid: OrgNode, tag: str = "") -> PartyOrganization:
    """The first party branch leading ``grid``; a new one when it has none."""
    found = (
        PartyOrganization.objects.filter(org_node=grid, kind__in=BRANCH_KINDS)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    return PartyOrganization.objects.add_root(
        {"org_node": grid, "kind": PartyOrgKind.GRID_BRANCH, "name": f"巡检党支部{tag}"}
    )


def add_members(branch: PartyOrganization, *names: str) -> list[Person]:
    """Party members of ``branch`` (people at the node it leads)."""
    return [
        Person.objects.create(
            org_node_id=branch.org_node_id,
            name=name,
            gender=Gender.MALE,
            is_party_member=True,
            party_branch=branch,
        )
        for name in names
    ]


def make_meeting(
    branch: PartyOrganization,
    kind: str = MeetingKind.GENERAL,
    held_on: datetime.date = SAMPLE_DAY,
    topic: str = "学习党的二十届四中全会精神",
    *,
    present: list[Person] | None = None,
    minutes: str = "会议记录",
) -> BranchMeeting:
    """A meeting made directly (no service: samples may break the rule on purpose)."""
    meeting = BranchMeeting.objects.create(
        branch=branch, kind=kind, held_on=held_on, topic=topic, minutes=minutes
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=p, present=True) for p in present or ()
    )
    return meeting


def _persona_branch(grid: OrgNode, tag: str) -> PartyOrganization:
    """The branch a meeting at ``grid`` belongs to in the walk's world.

    A party member sees only their own branch's meetings (``branchlife.scope``), and the walk
    expects each persona to see exactly its subtree's rows: so every sample meeting in the grid
    of a party-member persona is a meeting of that persona's branch.
    """
    branch = branch_at(grid, tag)
    persona = Account.objects.filter(org_node=grid, role_grants__role=Role.PARTY_MEMBER).first()
    if persona is None:
        return branch
    if persona.person_id is None:
        member = Member.objects.filter(grid=grid).order_by("pk").first() or make_member(grid, tag)
        persona.person_id = member.person_id
        persona.save(update_fields=["person"])
    person = Person.objects.get(pk=persona.person_id)
    if person.party_branch_id is None:
        person.party_branch = branch
        person.is_party_member = True
        person.save(update_fields=["party_branch", "is_party_member"])
        return branch
    return PartyOrganization.objects.get(pk=person.party_branch_id)


def _walk_meeting(node: OrgNode, tag: str) -> BranchMeeting:
    grid = grid_in(node, tag)
    branch = _persona_branch(grid, tag)
    return make_meeting(branch, topic=f"巡检会议{tag}")


register_sample(BranchMeeting, marker=lambda m: m.topic, make=_walk_meeting)
