"""The visit API the phone page uses: once per key, fields named in errors, scope kept."""

import base64
import uuid

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.models import Resident
from grassroots.sweeps.models import Hazard, Visit

pytestmark = pytest.mark.django_db
URL = "/api/v1/sweeps/visits"
JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xe0" + b"0" * 200).decode()


def _entry(room, **extra):
    body = {
        "key": str(uuid.uuid4()),
        "room": room.pk,
        "visited_at": timezone.now().isoformat(),
        "room_use": "owner",
    }
    body.update(extra)
    return body


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_the_same_entry_sent_twice_makes_one_visit(as_role, campaign, rooms, resident):
    client = as_role(Role.GRID_WORKER)
    body = _entry(rooms[0], confirmed=[resident.pk], photo=JPEG)
    first, again = _post(client, body), _post(client, body)
    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["id"] == first.json()["id"]
    assert Visit.objects.count() == 1
    visit = Visit.objects.get()
    assert visit.present_ids == [resident.pk] and visit.photo.name.endswith(".jpg")


def test_a_visit_registers_new_residents_moves_out_and_opens_hazards(
    as_role, campaign, rooms, resident
):
    client = as_role(Role.GRID_WORKER)
    body = _entry(
        rooms[0],
        moved_out=[resident.pk],
        room_use="rented",
        new_residents=[
            {
                "name": "李租客",
                "id_number": "11010519491231002X",
                "relation": "租客",
                "population_type": "流动人口",
            }
        ],
        hazards=[{"kind": "ebike_charging", "note": "楼道充电", "photo": JPEG}],
    )
    response = _post(client, body)
    assert response.status_code == 201, response.json()
    new = Resident.objects.get(name="李租客")
    assert new.gender == "F" and new.household.room == rooms[0]
    resident.refresh_from_db()
    assert resident.household is None
    rooms[0].refresh_from_db()
    assert rooms[0].use == "rented"
    assert Hazard.objects.get().kind == "ebike_charging"
    assert response.json()["present"] == [new.pk]


def test_an_invalid_new_resident_is_a_422_naming_the_field(as_role, campaign, rooms):
    person = {"name": "张三", "gender": "男", "id_number": "420606199001011235"}
    response = _post(as_role(Role.GRID_WORKER), _entry(rooms[0], new_residents=[person]))
    assert response.status_code == 422
    assert response.json()["fields"] == ["new_residents.0.id_number"]
    assert Visit.objects.count() == 0


def test_a_room_outside_the_workers_grid_is_a_404(as_role, campaign, tree):
    from grassroots.registry.testing import make_room

    outside = make_room(tree.grid_a1_2, "901")
    response = _post(as_role(Role.GRID_WORKER), _entry(outside))
    assert response.status_code == 404


def test_a_resident_moved_out_meanwhile_is_a_409(as_role, campaign, rooms, resident):
    from grassroots.registry.services.moves import move_out

    move_out(resident, on=timezone.localdate())
    response = _post(as_role(Role.GRID_WORKER), _entry(rooms[0], confirmed=[resident.pk]))
    assert response.status_code == 409
    assert response.json()["fields"] == ["confirmed"]


def test_a_phone_with_a_token_records_without_a_session(client, campaign, rooms, worker):
    from grassroots.accounts.services.tokens import create_token

    token = create_token(worker, name="phone")[1]
    response = client.post(
        URL,
        _entry(rooms[1]),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert Visit.objects.get().worker == worker


def test_a_visit_outside_the_campaign_dates_is_a_422_on_its_time(as_role, campaign, rooms):
    long_ago = (timezone.now() - timezone.timedelta(days=400)).isoformat()
    response = _post(as_role(Role.GRID_WORKER), _entry(rooms[0], visited_at=long_ago))
    assert response.status_code == 422 and response.json()["fields"] == ["visited_at"]


def test_nobody_at_home_cannot_move_anyone_out(as_role, campaign, rooms, resident):
    response = _post(
        as_role(Role.GRID_WORKER), _entry(rooms[0], outcome="no_answer", moved_out=[resident.pk])
    )
    assert response.status_code == 422 and response.json()["fields"] == ["outcome"]
    resident.refresh_from_db()
    assert resident.household is not None


def test_a_key_reused_for_another_room_is_a_409(as_role, campaign, rooms):
    client = as_role(Role.GRID_WORKER)
    body = _entry(rooms[0])
    assert _post(client, body).status_code == 201
    again = _post(client, {**body, "room": rooms[1].pk})
    assert again.status_code == 409 and again.json()["fields"] == ["key"]
    assert Visit.objects.count() == 1


def test_an_unknown_hazard_kind_is_a_422_naming_it(as_role, campaign, rooms):
    response = _post(as_role(Role.GRID_WORKER), _entry(rooms[0], hazards=[{"kind": "fire"}]))
    assert response.status_code == 422
    assert response.json()["fields"] == ["hazards.0.kind"]


def test_roles_that_do_not_sweep_are_refused(as_role, campaign, rooms):
    response = _post(as_role(Role.PAIRED_UNIT_LIAISON), _entry(rooms[0]))
    assert response.status_code == 403
