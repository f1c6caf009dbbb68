import pytest

from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import Room
from grassroots.rentals.models import RentalCase

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def case_id(campaign, a_room):
    return RentalCase.objects.get(campaign=campaign, room=a_room).pk


def post(client, pk, **body):
    return client.post(f"/api/v1/rentals/cases/{pk}/actions", body, content_type="application/json")


def test_a_grid_worker_lists_the_campaign_and_only_the_cases_of_their_grid(
    as_role, campaign, rooms
):
    client = as_role(Role.GRID_WORKER)
    campaigns = client.get("/api/v1/rentals/campaigns").json()
    assert [c["title"] for c in campaigns["items"]] == ["汉江街道群租房整治"]
    cases = client.get(f"/api/v1/rentals/campaigns/{campaign.pk}/cases").json()
    assert {c["room"] for c in cases["items"]} == {rooms["a1_101"].pk, rooms["a1_102"].pk}
    first = cases["items"][0]
    assert (first["address"], first["grid"], first["status"]) == (
        "清河小区3栋1单元101",
        "420606001001001",
        "open",
    )
    assert campaigns["items"][0]["area"] == "汉江街道"


def test_a_case_outside_the_callers_grid_is_a_404(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    outside = case_id(campaign, rooms["a2_301"])
    assert client.get(f"/api/v1/rentals/cases/{outside}").status_code == 404
    response = post(
        client, outside, on=days_ago(1).isoformat(), method="phone", outcome="in_progress"
    )
    assert response.status_code == 404


def test_recording_rectified_through_the_api_changes_the_room_and_shows_the_action(
    as_role, campaign, rooms
):
    client = as_role(Role.GRID_WORKER)
    pk = case_id(campaign, rooms["a1_101"])
    response = post(
        client,
        pk,
        on=days_ago(1).isoformat(),
        method="interview",
        outcome="rectified",
        new_use="vacant",
        notes="房东已拆除隔断",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["method"]) == ("rectified", "interview")
    assert data["actions"][0]["notes"] == "房东已拆除隔断"
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.VACANT
    again = post(client, pk, on=days_ago(1).isoformat(), method="phone", outcome="in_progress")
    assert again.status_code == 409


def test_a_bad_action_is_a_422_naming_the_field(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    pk = case_id(campaign, rooms["a1_101"])
    missing_use = post(client, pk, on=days_ago(1).isoformat(), method="phone", outcome="rectified")
    assert missing_use.status_code == 422 and missing_use.json()["fields"] == ["new_use"]
    bad_method = post(client, pk, on=days_ago(1).isoformat(), method="shout", outcome="rectified")
    assert bad_method.status_code == 422 and "method" in bad_method.json()["fields"][0]


def test_a_stale_version_is_a_409_in_chinese(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    pk = case_id(campaign, rooms["a1_101"])
    body = {"on": days_ago(1).isoformat(), "method": "phone", "outcome": "in_progress"}
    assert post(client, pk, version=1, **body).status_code == 201
    stale = post(client, pk, version=1, **body)
    assert stale.status_code == 409
    assert "已被他人更新" in stale.json()["detail"]


def test_roles_without_the_permission_are_refused(as_role, campaign, rooms):
    client = as_role(Role.RESIDENT)
    assert client.get("/api/v1/rentals/campaigns").status_code == 403
