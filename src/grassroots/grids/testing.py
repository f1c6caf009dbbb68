"""Grid-roster rows for tests and the scope walk: a post, a building's party organisation and a
member's published phone anywhere."""

from __future__ import annotations

from grassroots.grids.models import BuildingBranch, GridPost, MemberBoardPhone, PostChange, PostRole
from grassroots.grids.services import agree_board_phone, appoint_post
from grassroots.members.models import Member
from grassroots.org.models import OrgNode, PartyOrganization, PartyOrgKind
from grassroots.registry.testing import SAMPLE_DAY, grid_in, make_room
from grassroots.testing.scopewalk import register_sample, samples


def make_post(node: OrgNode, tag: str, role: str = PostRole.WORKER) -> GridPost:
    """A post in a grid at or below ``node``, held by a name (no person record)."""
    return appoint_post(
        grid=grid_in(node, tag),
        role=role,
        name=f"巡检网格员{tag}",
        work_phone="13700000000",
        since=SAMPLE_DAY,
    )


def make_building_branch(node: OrgNode, tag: str) -> BuildingBranch:
    """A building of a grid at or below ``node`` answered for by a 党员中心户 of that grid."""
    building = make_room(node, tag).building
    grid = OrgNode.objects.get(pk=building.grid_id)
    org = PartyOrganization.objects.add_root(
        {"org_node": grid, "kind": PartyOrgKind.CENTRAL_HOUSEHOLD, "name": f"巡检中心户{tag}"}
    )
    return BuildingBranch.objects.create(building=building, grid=grid, party_org=org)


def make_board_phone(node: OrgNode, tag: str) -> MemberBoardPhone:
    """A member's published phone; the member is made as the members module makes its walk
    samples (in the walk's world, a grid's member is its party-member persona)."""
    member = samples()[Member].make(node, tag)
    return agree_board_phone(member, work_phone="13600000000", agreed_on=SAMPLE_DAY)


register_sample(GridPost, marker=lambda p: p.name, make=make_post)
register_sample(PostChange, marker=lambda c: None, make=lambda n, t: make_post(n, t).changes.get())
register_sample(BuildingBranch, marker=lambda b: None, make=make_building_branch)
register_sample(MemberBoardPhone, marker=lambda m: None, make=make_board_phone)
