"""Scope: a grid, a building, a post or a member of another community is a 404."""

import pytest

from grassroots.grids.models import PostRole
from grassroots.grids.services import appoint_post
from grassroots.kernel.permissions import Role
from grassroots.members.testing import make_member
from grassroots.testing.forms import once

from .conftest import SINCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(tree, buildings):
    """A post, a building and a member in 前进社区 (community A2)."""
    return {
        "post": appoint_post(
            grid=tree.grid_a2_1, role=PostRole.CHIEF, name="别处网格长", since=SINCE
        ),
        "building": buildings["rooms"]["other"].building,
        "member": make_member(tree.grid_a2_1, "x1", name="别处党员"),
    }


def test_another_communitys_grid_building_post_and_member_are_404(as_role, tree, elsewhere):
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert client.get(f"/grids/{tree.grid_a2_1.pk}/").status_code == 404
    assert client.get(f"/grids/{tree.community_a2.pk}/boards.docx").status_code == 404
    assert client.get(f"/grids/buildings/{elsewhere['building'].pk}/board.docx").status_code == 404
    assert client.get(f"/grids/?unit={tree.community_a2.pk}").status_code == 404
    post = elsewhere["post"]
    response = client.post(f"/grids/posts/{post.pk}/end/", {"until": "2026-06-30", "version": 1})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.until is None
    response = client.post(
        f"/grids/members/{elsewhere['member'].pk}/phone/",
        {"work_phone": "13700001111", "agreed_on": "2026-03-01"},
    )
    assert response.status_code == 404
    response = client.post(
        f"/grids/{tree.grid_a2_1.pk}/posts/", once({"role": "chief", "name": "x"})
    )
    assert response.status_code == 404


def test_the_list_and_check_show_nothing_of_another_community(as_role, tree, elsewhere):
    client = as_role(Role.COMMUNITY_SECRETARY)
    for url in ("/grids/", "/grids/check/"):
        page = client.get(url).content.decode()
        assert "前进第一网格" not in page and "别处网格长" not in page


def test_a_street_sees_its_communities_but_not_the_other_street(as_role, tree, elsewhere):
    client = as_role(Role.STREET_STAFF)
    assert client.get(f"/grids/{tree.grid_a2_1.pk}/").status_code == 200
    assert client.get(f"/grids/{tree.grid_b1_1.pk}/").status_code == 404


def test_residents_and_members_have_no_roster_pages(as_role, tree, elsewhere):
    for role in (Role.RESIDENT, Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON):
        client = as_role(role)
        assert client.get("/grids/").status_code in (302, 404)
        assert client.get(f"/grids/{tree.grid_a1_1.pk}/").status_code == 404


def test_the_page_of_a_unit_above_grids_lists_its_grids(as_role, tree):
    page = as_role(Role.STREET_STAFF).get(f"/grids/{tree.community_a2.pk}/").content.decode()
    assert "前进第一网格" in page and "清河口第一网格" not in page
