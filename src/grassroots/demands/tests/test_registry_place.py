"""A demand about a building or room of the registry names it, inside its grid and scope."""

import pytest
from django.urls import reverse

from grassroots.demands.models import Demand
from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room
from grassroots.testing.forms import once

URL = "/api/v1/demands"
BODY = {
    "title": "楼上漏水",
    "description": "卫生间顶板渗水，已持续一周",
    "category": "env-clutter",
    "channel": "door_visit",
    "grid_code": "420606001001001",
}


@pytest.fixture
def room(tree):
    return ensure_room(
        grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="2单元", number="301"
    )


@pytest.fixture
def room_elsewhere(tree):
    return ensure_room(
        grid=tree.grid_a1_2, estate="清河小区", building="5栋", unit="1单元", number="101"
    )


def _post(client, **extra):
    return client.post(URL, {**BODY, **extra}, content_type="application/json")


def test_a_demand_on_a_room_names_it_and_takes_its_address(api_as, room):
    response = _post(api_as(Role.GRID_WORKER), room_id=room.pk)
    assert response.status_code == 201, response.content
    demand = Demand.objects.get(pk=response.json()["id"])
    assert demand.room == room and demand.building_id == room.building_id
    assert demand.address == room.address == "清河小区3栋2单元301"


def test_a_room_of_another_grid_or_outside_scope_is_refused_by_field(api_as, room_elsewhere, tree):
    worker = api_as(Role.GRID_WORKER)  # grid a1-1's worker cannot see grid a1-2
    response = _post(worker, room_id=room_elsewhere.pk)
    assert response.status_code == 422 and "room_id" in response.content.decode()
    secretary = api_as(Role.COMMUNITY_SECRETARY)  # sees both grids, but it is not this grid
    response = _post(secretary, room_id=room_elsewhere.pk)
    assert response.status_code == 422 and "room_id" in response.content.decode()
    assert not Demand.objects.exists()


def test_the_recording_page_offers_the_buildings_and_then_their_rooms(as_role, room, tree):
    client = as_role(Role.GRID_WORKER)
    page = client.get(reverse("demands:create")).content.decode()
    assert "清河小区3栋" in page
    options = client.get(
        reverse("demands:building_rooms"), {"building": room.building_id}
    ).content.decode()
    assert f'value="{room.pk}">2单元301' in options
    assert client.get(reverse("demands:building_rooms"), {"building": "9" * 30}).status_code == 200
    response = client.post(
        reverse("demands:create"),
        {
            **once(),
            "title": "楼上漏水",
            "description": "卫生间顶板渗水",
            "category": _category_pk(),
            "channel": "door_visit",
            "priority": "normal",
            "grid": tree.grid_a1_1.pk,
            "building": room.building_id,
            "room": room.pk,
            "confirmed": "True",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    demand = Demand.objects.get(title="楼上漏水")
    assert demand.room == room
    detail = client.get(reverse("demands:detail", kwargs={"demand_id": demand.pk}))
    assert reverse("registry:room", kwargs={"room_id": room.pk}) in detail.content.decode()


def test_rooms_of_a_building_outside_scope_are_not_offered(as_role, room_elsewhere):
    client = as_role(Role.GRID_WORKER)
    options = client.get(
        reverse("demands:building_rooms"), {"building": room_elsewhere.building_id}
    ).content.decode()
    assert str(room_elsewhere.number) not in options


def _category_pk():
    from grassroots.demands.models import Category
    from grassroots.demands.testing import ensure_categories

    ensure_categories()
    return Category.objects.get(code="env-clutter").pk


def test_the_building_list_follows_the_chosen_grid_in_natural_order(
    as_role, room, room_elsewhere, tree
):
    for name in ("10栋", "2栋", "1栋"):
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building=name, unit="1单元", number="1")
    client = as_role(Role.COMMUNITY_SECRETARY)  # sees both grids of the community
    page = client.get(reverse("demands:create")).content.decode()
    assert "清河小区1栋" not in page  # no grid chosen yet: no building of every grid at once

    def buildings(grid):
        html = client.get(reverse("demands:grid_buildings"), {"grid": grid.pk}).content.decode()
        options = html.split("<select")[0]  # before the emptied room choices
        return [line.split(">")[1].split("<")[0] for line in options.split("<option")[2:]]

    first = buildings(tree.grid_a1_1)
    assert [b for b in first if b] == ["清河小区1栋", "清河小区2栋", "清河小区3栋", "清河小区10栋"]
    assert [b for b in buildings(tree.grid_a1_2) if b] == ["清河小区5栋"]
    html = client.get(reverse("demands:grid_buildings"), {"grid": tree.grid_a1_1.pk}).content
    assert b'id="id_room" hx-swap-oob' in html  # the rooms of the old building are cleared
    assert buildings(tree.grid_b1_1) == []  # another street's grid: nothing
    # After a refused submit the grid's buildings are offered again, in natural order.
    refused = client.post(reverse("demands:create"), once(grid=tree.grid_a1_1.pk)).content.decode()
    assert refused.index("清河小区2栋") < refused.index("清河小区10栋")
    assert "清河小区5栋" not in refused


def test_rooms_are_offered_in_natural_order(as_role, tree):
    for number in ("1001", "201", "301"):
        last = ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元", number=number
        )
    options = (
        as_role(Role.GRID_WORKER)
        .get(reverse("demands:building_rooms"), {"building": last.building_id})
        .content.decode()
    )
    assert options.index("1单元201") < options.index("1单元301") < options.index("1单元1001")
