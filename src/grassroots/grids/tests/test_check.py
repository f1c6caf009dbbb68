"""The check: grids without a chief, a worker or a party branch, by page and by command."""

import json

import pytest

from grassroots.cli import main
from grassroots.grids.models import PostRole
from grassroots.grids.services import appoint_post
from grassroots.kernel.permissions import Role
from grassroots.org.models import PartyOrganization, PartyOrgKind

from .conftest import SINCE

pytestmark = pytest.mark.django_db


def complete(grid):
    appoint_post(grid=grid, role=PostRole.CHIEF, name=f"{grid.name}长", since=SINCE)
    appoint_post(grid=grid, role=PostRole.WORKER, name=f"{grid.name}员", since=SINCE)


def test_check_json_lists_each_grid_and_what_it_lacks_and_exits_1(tree, posts, capsys):
    status = main(["grids", "check", "--json"])
    gaps = {g["code"]: g["gaps"] for g in json.loads(capsys.readouterr().out)}
    assert status == 1
    assert tree.grid_a1_1.code not in gaps  # chief, worker and branch
    assert gaps[tree.grid_a1_2.code] == ["chief", "worker"]
    assert gaps[tree.grid_a2_1.code] == ["chief", "worker", "branch"]  # no party branch there
    assert gaps[tree.grid_b1_1.code] == ["chief", "worker"]


def test_check_of_a_unit_looks_only_below_it_and_says_it_in_chinese(tree, posts, capsys):
    status = main(["grids", "check", "--unit", tree.community_a1.code])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{tree.grid_a1_2.code} 清河口第二网格: 无网格长、无网格员" in out
    assert "前进第一网格" not in out
    assert "网格2个，缺配1个" in out


def test_check_exits_0_when_every_grid_is_complete(tree, capsys):
    complete(tree.grid_a1_1)
    complete(tree.grid_a1_2)
    assert main(["grids", "check", "--unit", tree.community_a1.code]) == 0
    assert "缺配0个" in capsys.readouterr().out


def test_a_building_branch_counts_as_the_grid_party_branch(tree, capsys):
    complete(tree.grid_a2_1)
    community = PartyOrganization.objects.get(pk=tree.party["community_a2"].pk)
    PartyOrganization.objects.add_child(
        community,
        {"org_node": tree.grid_a2_1, "kind": PartyOrgKind.BUILDING_BRANCH, "name": "前进8栋党支部"},
    )
    assert main(["grids", "check", "--unit", tree.community_a2.code]) == 0


def test_check_with_an_unknown_unit_says_so(tree, capsys):
    assert main(["grids", "check", "--unit", "999"]) == 1
    assert "999" in capsys.readouterr().err


def test_the_check_page_lists_the_grids_with_gaps_in_scope(as_role, tree, posts):
    page = as_role(Role.STREET_STAFF).get("/grids/check/").content.decode()
    assert 'data-grid="420606001001002"' in page and 'data-grid="420606001002001"' in page
    assert 'data-grid="420606001001001"' not in page  # complete
    assert "420606002001001" not in page  # the other street
    assert "无党支部" in page


def test_the_check_page_says_when_nothing_is_missing(as_role, tree):
    complete(tree.grid_a1_1)
    response = as_role(Role.GRID_WORKER).get("/grids/check/")
    assert 'data-testid="no-gaps"' in response.content.decode()
