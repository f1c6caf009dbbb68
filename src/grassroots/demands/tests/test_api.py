"""Demands through the API: create (201), read, move on (409 with the reason), 422 by field."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.demands.models import Demand, DemandEvent
from grassroots.kernel.permissions import Role

URL = "/api/v1/demands"
GOOD = {
    "title": "小区门口占道经营",
    "description": "早市摊贩占用人行道，行人只能走机动车道",
    "category": "环境卫生/占道经营",
    "channel": "grid_report",
    "grid_code": "420606001001001",
    "address": "清河口小区东门",
    "reporter_name": "王大妈",
    "reporter_phone": "13912345678",
}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_creating_a_demand_answers_201_with_its_code_status_and_deadlines(tree, api_as):
    response = post(api_as(Role.GRID_WORKER), URL, GOOD)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "code", "status", "response_due", "resolve_due"}
    demand = Demand.objects.get(pk=body["id"])
    assert body["code"] == demand.code and len(demand.code) == 12
    assert body["status"] == "received"
    due = datetime.datetime.fromisoformat(body["resolve_due"])
    assert abs(due - demand.resolve_due) < datetime.timedelta(milliseconds=1)
    assert demand.resolve_due - demand.received_at == datetime.timedelta(hours=72)  # env: 3 days
    assert demand.owner_unit == tree.grid_a1_1  # env is settled in the grid
    assert demand.masked_phone == "139****5678"
    assert AuditEvent.objects.filter(action=Action.DEMAND_CREATED).count() == 1


def test_the_phone_is_stored_encrypted_and_found_by_its_blind_index(tree, api_as):
    from django.db import connection

    from grassroots.kernel import crypto

    demand_id = post(api_as(Role.GRID_WORKER), URL, GOOD).json()["id"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM demands_demand WHERE id = %s", [demand_id])
        stored = cursor.fetchone()[0]
    assert "13912345678" not in stored
    assert (
        Demand.objects.get(reporter_phone_index=crypto.blind_index("13912345678")).pk == demand_id
    )


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", ""),
        ("channel", "telegram"),
        ("grid_code", "42060600100100x"),
        ("reporter_phone", "call me"),
        ("description", "a\x00b"),
        ("category", "没有的类别"),
        ("grid_code", "420606002001001"),  # a grid outside the grid worker's own
        ("grid_code", "420606001001"),  # a community, not a grid
    ],
)
def test_bad_input_is_422_naming_the_field(tree, api_as, field, value):
    response = post(api_as(Role.GRID_WORKER), URL, {**GOOD, field: value})
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert Demand.objects.count() == 0


def test_a_missing_field_is_422_naming_it(tree, api_as):
    body = {k: v for k, v in GOOD.items() if k != "title"}
    response = post(api_as(Role.GRID_WORKER), URL, body)
    assert response.status_code == 422 and response.json()["fields"] == ["title"]


def test_a_liaison_may_record_but_a_resident_has_no_api(tree, api_as):
    assert post(api_as(Role.PAIRED_UNIT_LIAISON), URL, GOOD).status_code == 201
    assert post(api_as(Role.RESIDENT), URL, GOOD).status_code == 403
    assert post(api_as(Role.PARTY_MEMBER), URL, GOOD).status_code == 403
    assert Demand.objects.count() == 1


def test_reading_a_demand_shows_its_history_and_the_phone_masked(tree, api_as):
    client = api_as(Role.GRID_WORKER)
    demand_id = post(client, URL, GOOD).json()["id"]
    body = client.get(f"{URL}/{demand_id}").json()
    assert body["reporter_phone_masked"] == "139****5678"
    assert "13912345678" not in str(body)
    assert [e["to_status"] for e in body["events"]] == ["received"]


def test_a_demand_outside_the_scope_is_404_like_one_that_does_not_exist(tree, api_as):
    from grassroots.demands.testing import make_demand

    other = make_demand(tree.grid_b1_1)
    client = api_as(Role.GRID_WORKER)
    assert client.get(f"{URL}/{other.pk}").status_code == 404
    assert client.get(f"{URL}/{other.pk + 1000}").status_code == 404
    moved = post(client, f"{URL}/{other.pk}/transitions", {"to": "accepted"})
    assert moved.status_code == 404


def test_a_transition_is_recorded_and_a_disallowed_one_is_409_with_the_reason(tree, api_as):
    client = api_as(Role.GRID_WORKER)
    demand_id = post(client, URL, GOOD).json()["id"]
    accepted = post(client, f"{URL}/{demand_id}/transitions", {"to": "accepted", "note": "马上去"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    refused = post(client, f"{URL}/{demand_id}/transitions", {"to": "closed"})
    assert refused.status_code == 409
    assert "不能改为" in refused.json()["detail"]
    events = DemandEvent.objects.filter(demand_id=demand_id, kind="transition")
    assert [(e.from_status, e.to_status, e.note) for e in events][1:] == [
        ("received", "accepted", "马上去")
    ]


def test_a_stale_version_is_409(tree, api_as):
    client = api_as(Role.GRID_WORKER)
    demand_id = post(client, URL, GOOD).json()["id"]
    post(client, f"{URL}/{demand_id}/transitions", {"to": "accepted", "version": 1})
    stale = post(client, f"{URL}/{demand_id}/transitions", {"to": "in_progress", "version": 1})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]


def test_a_follow_up_needs_the_satisfaction(tree, api_as):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_1)
    client = api_as(Role.COMMUNITY_SECRETARY)
    for to in ("accepted", "in_progress", "resolved"):
        assert post(client, f"{URL}/{demand.pk}/transitions", {"to": to}).status_code == 200
    missing = post(client, f"{URL}/{demand.pk}/transitions", {"to": "followed_up"})
    assert missing.status_code == 409 and "满意度" in missing.json()["detail"]
    done = post(
        client, f"{URL}/{demand.pk}/transitions", {"to": "followed_up", "satisfaction": "basically"}
    )
    assert done.json()["satisfaction"] == "basically"
