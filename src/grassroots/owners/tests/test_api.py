"""The owners' API: scope (grid, committee member's own estate), paper entry, the online link."""

import pytest
from django.test import Client

from grassroots.kernel.permissions import Role
from grassroots.owners import services
from grassroots.owners.selectors import heads_of
from grassroots.registry.services import ensure_room
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_vote(tree):
    """A vote of another estate in the same grid."""
    ensure_room(grid=tree.grid_a1_1, estate="锦绣小区", building="1栋", unit="", number="9")
    from grassroots.registry.models import Estate

    estate = Estate.objects.get(name="锦绣小区")
    return services.open_vote(estate=estate, title="锦绣小区续聘物业", kind="ordinary")


def test_staff_of_the_grid_see_the_vote_and_its_tally(as_role, vote):
    client = as_role(Role.GRID_WORKER)
    listed = client.get("/api/v1/owners/votes").json()["items"]
    assert [v["title"] for v in listed] == ["更换物业服务企业"]
    detail = client.get(f"/api/v1/owners/votes/{vote.pk}").json()
    assert detail["tally"]["owners"] == 4 and detail["tally"]["area_total"] == 644.75
    assert detail["buildings"] == ["1号楼", "2号楼"]


def test_a_vote_outside_the_callers_grid_is_a_404(client, tree, vote):
    outsider = make_account(tree.grid_a1_2, Role.GRID_WORKER, username="gw_a12")
    client.force_login(outsider)
    assert client.get(f"/api/v1/owners/votes/{vote.pk}").status_code == 404
    assert client.get(f"/api/v1/owners/votes/{vote.pk}/tally").status_code == 404
    assert client.get("/api/v1/owners/votes").json()["items"] == []


def test_staff_enter_a_paper_ballot(as_role, vote):
    client = as_role(Role.GRID_WORKER)
    body = {"building": "1号楼", "unit": "1单元", "number": "103", "opinion": "agree"}
    response = client.post(
        f"/api/v1/owners/votes/{vote.pk}/ballots", body, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["agree_area"] == 220.5
    body["number"] = "999"
    response = client.post(
        f"/api/v1/owners/votes/{vote.pk}/ballots", body, content_type="application/json"
    )
    assert response.status_code == 422


def test_the_online_link_needs_no_account_and_votes_once(vote):
    head = next(h for h in heads_of(vote) if "王芳" in h.names)
    token = services.links_for(vote, [head.room_id])[head.room_id]
    anonymous = Client()
    own = anonymous.get("/api/v1/public/owners/online", {"t": token}).json()
    assert own["rooms"] == ["翠湖小区1号楼1单元102", "翠湖小区1号楼1单元103"]
    assert own["area"] == 220.5 and own["used"] is False
    url = f"/api/v1/public/owners/online?t={token}"
    first = anonymous.post(url, {"opinion": "against"}, content_type="application/json")
    assert first.status_code == 201 and first.json()["opinion"] == "against"
    again = anonymous.post(url, {"opinion": "agree"}, content_type="application/json")
    assert again.status_code == 409
    assert anonymous.get("/api/v1/public/owners/online", {"t": token + "x"}).status_code == 404


def test_a_closed_vote_refuses_the_online_ballot(vote):
    head = heads_of(vote)[0]
    token = services.links_for(vote, [head.room_id])[head.room_id]
    services.close_vote(vote)
    response = Client().post(
        f"/api/v1/public/owners/online?t={token}",
        {"opinion": "agree"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "截止" in response.json()["detail"]


def test_a_secretary_records_a_company_and_a_committee_with_a_members_account(
    as_role, tree, estate
):
    client = as_role(Role.COMMUNITY_SECRETARY)
    company = client.post(
        "/api/v1/owners/companies",
        {"estate_id": estate.pk, "name": "汉江物业", "contract_starts": "2026-01-01"},
        content_type="application/json",
    )
    assert company.status_code == 201 and company.json()["estate"] == "翠湖小区"
    seat = make_account(tree.grid_a1_1, Role.OWNERS_COMMITTEE, username="yw_zhou")
    body = {
        "estate_id": estate.pk,
        "name": "翠湖小区业委会",
        "elected_on": "2025-06-01",
        "term_ends": "2030-05-31",
        "members": [{"name": "周敏", "post": "chair", "username": "yw_zhou"}, {"name": "陈刚"}],
    }
    response = client.post("/api/v1/owners/committees", body, content_type="application/json")
    assert response.status_code == 201
    assert [m["name"] for m in response.json()["members"]] == ["周敏", "陈刚"]
    from grassroots.owners.models import CommitteeMember

    assert CommitteeMember.objects.get(name="周敏").account == seat
    body["members"] = [{"name": "某", "username": "nobody"}]
    response = client.post("/api/v1/owners/committees", body, content_type="application/json")
    assert response.status_code == 422


def test_an_estate_outside_the_callers_scope_cannot_get_a_company(client, tree, estate):
    outsider = make_account(tree.community_a2, Role.COMMUNITY_SECRETARY, username="sq_a2")
    client.force_login(outsider)
    response = client.post(
        "/api/v1/owners/companies",
        {"estate_id": estate.pk, "name": "X", "contract_starts": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "辖区" in response.json()["detail"]
