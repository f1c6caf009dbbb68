"""The registry over the API: masked, within scope, keyset pages, 404 outside."""

import pytest

from grassroots.accounts.services.tokens import create_token
from grassroots.kernel.permissions import Role
from grassroots.registry.testing import make_resident

pytestmark = pytest.mark.django_db
WANG = "420606199001011239"


@pytest.fixture
def api(client, personas):
    def call(role, path, **params):
        token = create_token(personas[role], name="test")[1]
        return client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return call


def test_a_search_by_id_number_returns_the_resident_masked(api, tree):
    make_resident(tree.grid_a1_1, "901", id_number=WANG, phone="13800001234")
    body = api(Role.GRID_WORKER, "/registry/residents", q=WANG).json()
    assert [r["name"] for r in body["items"]] == ["巡检居民901"]
    item = body["items"][0]
    assert item["id_number_masked"] == "420***********1239"
    assert item["phone_masked"] == "138****1234"
    assert WANG not in str(body) and "13800001234" not in str(body)


def test_residents_outside_scope_are_neither_listed_nor_readable(api, tree):
    other = make_resident(tree.grid_a1_2, "902")
    body = api(Role.GRID_WORKER, "/registry/residents").json()
    assert other.name not in str(body)
    assert api(Role.GRID_WORKER, f"/registry/residents/{other.pk}").status_code == 404
    room = other.household.room_id
    assert api(Role.GRID_WORKER, f"/registry/rooms/{room}").status_code == 404


def test_pages_follow_next_after(api, tree):
    for n in range(55):
        make_resident(tree.grid_a1_1, f"{n:03d}")
    first = api(Role.GRID_WORKER, "/registry/residents").json()
    second = api(Role.GRID_WORKER, "/registry/residents", after=first["next_after"]).json()
    names = [r["name"] for r in first["items"] + second["items"]]
    assert len(names) == len(set(names)) == 55 and second["next_after"] is None


def test_a_resident_detail_lists_the_addresses(api, tree):
    resident = make_resident(tree.grid_a1_1, "903")
    body = api(Role.GRID_WORKER, f"/registry/residents/{resident.pk}").json()
    assert body["stays"][0]["address"] == "巡检小区9031栋1单元903室"


def test_a_party_member_may_not_use_the_registry_api(api, tree):
    response = api(Role.PAIRED_UNIT_LIAISON, "/registry/residents")
    assert response.status_code == 403
