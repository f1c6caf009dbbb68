"""The demo seeder: every grid served, two grids without a chief, central households on some
buildings, and published phones only for members on the roster."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.grids.demo_seeds import seed_grids
from grassroots.grids.models import BuildingBranch, GridPost, MemberBoardPhone, PostRole
from grassroots.grids.selectors import gaps
from grassroots.members.testing import make_member
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Person
from grassroots.registry.services import ensure_room

pytestmark = pytest.mark.django_db


def _context(tree, seed=1):
    return DemoContext(
        seed=seed,
        residents=0,
        district_code=tree.district.code,
        district=OrgNode.objects.get(pk=tree.district.pk),
        rng=random.Random(seed),
    )


def _grids_with_staff(tree):
    """Like the people seeder: a full-time grid worker in each grid, a few members; rooms."""
    grids = list(OrgNode.objects.filter(level=Level.GRID).order_by("code"))
    for n, grid in enumerate(grids):
        Person.objects.create(org_node=grid, name=f"网格员{n}", gender="F", post="专职网格员")
        for k in range(3):
            Person.objects.create(
                org_node=grid, name=f"党员{n}-{k}", gender="M", is_party_member=True
            )
        for b in range(4):
            ensure_room(grid=grid, estate=f"小区{n}", building=f"{b}栋", unit="", number="101")
        PartyOrganization.objects.add_child(
            PartyOrganization.objects.get(pk=tree.party["community_a1"].pk),
            {"org_node": grid, "kind": PartyOrgKind.CENTRAL_HOUSEHOLD, "name": f"中心户{n}"},
        )
    return grids


def test_the_demo_serves_every_grid_and_leaves_a_gap_for_the_check(tree):
    grids = _grids_with_staff(tree)
    make_member(tree.grid_a1_1, "d1", name="演示党员")
    seed_grids(_context(tree))
    first = grids[0]
    roles = set(GridPost.objects.filter(grid=first).values_list("role", flat=True))
    assert roles == set(PostRole.values)  # the demo member's grid has every kind of post
    assert GridPost.objects.filter(role=PostRole.WORKER).count() == len(grids)
    assert all(p.work_phone for p in GridPost.objects.filter(role=PostRole.WORKER))
    without_chief = [line.grid for line in gaps(None) if "chief" in line.gaps]
    assert without_chief == [grids[1]]  # the fixture tree has four grids: only one at 1 or 5
    assert BuildingBranch.objects.exists()
    assert all(
        b.party_org.kind == PartyOrgKind.CENTRAL_HOUSEHOLD
        and b.party_org.org_node_id == b.building.grid_id
        for b in BuildingBranch.objects.select_related("party_org", "building")
    )
    assert MemberBoardPhone.objects.count() <= 1


def test_the_demo_needs_no_member_roster(tree):
    _grids_with_staff(tree)
    seed_grids(_context(tree))
    assert GridPost.objects.exists() and not MemberBoardPhone.objects.exists()


def test_the_demo_is_the_same_for_the_same_seed(tree):
    _grids_with_staff(tree)
    seed_grids(_context(tree, seed=7))
    first = list(GridPost.objects.order_by("pk").values_list("grid_id", "role", "name", "since"))
    GridPost.objects.all().delete()
    BuildingBranch.objects.all().delete()
    seed_grids(_context(tree, seed=7))
    again = list(GridPost.objects.order_by("pk").values_list("grid_id", "role", "name", "since"))
    assert first == again
