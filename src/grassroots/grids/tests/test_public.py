"""The building's public page: no sign-in, a demand with the notice's grid and building, the
public page's limits, an address no one can guess, no resident named."""

from urllib.parse import quote

import pytest

from grassroots.demands.models import Category, Demand
from grassroots.grids.selectors import board_token
from grassroots.grids.services import agree_board_phone

from .conftest import MEMBER_PRIVATE_PHONE, RESIDENT_PHONE, SINCE, WORKER_PHONE

pytestmark = pytest.mark.django_db


def url_of(building):
    return f"/grids/b/?k={quote(board_token(building.pk))}"


def body(**extra):
    return {
        "title": "楼道灯坏了",
        "description": "三楼到五楼的楼道灯一直不亮",
        "category": Category.objects.get(code="env-vending").pk,
        "address": "1单元502",
        "reporter_name": "刘女士",
        "reporter_phone": "13700001234",
        **extra,
    }


def test_the_public_page_shows_who_serves_the_building_and_no_resident(
    client, tree, buildings, member, posts
):
    agree_board_phone(member, work_phone="13700009999", agreed_on=SINCE)
    building = buildings["rooms"]["b1"].building
    page = client.get(url_of(building)).content.decode()
    assert "清河小区1栋" in page and "清河口第一网格党支部" in page
    assert "周丽" in page and WORKER_PHONE in page
    assert "赵红梅" in page and "13700009999" in page
    assert "王小明" not in page and RESIDENT_PHONE not in page
    assert MEMBER_PRIVATE_PHONE not in page
    assert 'name="grid"' not in page  # fixed by the notice


def test_a_resident_sends_a_demand_for_that_building_without_signing_in(
    client, tree, buildings, posts
):
    building = buildings["rooms"]["b2"].building
    response = client.post(url_of(building), body(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert 'data-testid="tracking-code"' in response.content.decode()
    demand = Demand.objects.get()
    assert demand.grid_id == tree.grid_a1_1.pk and demand.building_id == building.pk
    assert demand.channel == "web" and demand.created_by is None
    assert demand.address == "清河小区2栋1单元502"


def test_the_building_page_shares_the_public_page_limit(client, tree, buildings, settings):
    settings.DEMANDS_PUBLIC_SUBMITS_PER_HOUR = 2
    url = url_of(buildings["rooms"]["b1"].building)
    statuses = [client.post(url, body(), REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.post(url, body(), REMOTE_ADDR="203.0.113.7")
    assert "提交过于频繁" in response.content.decode()
    assert response["Retry-After"] == "3600"
    # one limit per address: the demands' own public page refuses this address as well
    estate = buildings["rooms"]["b1"].building.estate_id
    other = client.post("/demands/public/", body(estate=estate), REMOTE_ADDR="203.0.113.7")
    assert other.status_code == 429
    assert Demand.objects.count() == 2
    assert client.post(url, body(), REMOTE_ADDR="203.0.113.8").status_code == 200


def test_bad_input_is_told_in_chinese_and_writes_nothing(client, tree, buildings):
    url = url_of(buildings["rooms"]["b1"].building)
    response = client.post(url, body(reporter_phone="", title=""))
    assert response.status_code == 400
    assert "必填" in response.content.decode()
    assert not Demand.objects.exists()


@pytest.mark.parametrize("mangle", ["next_id", "tampered", "empty", "garbage"])
def test_an_address_cannot_be_guessed_or_altered(client, tree, buildings, mangle):
    building = buildings["rooms"]["b1"].building
    token = board_token(building.pk)
    value, signature = token.split(":", 1)
    forged = {
        "next_id": f"{int(value) + 1}:{signature}",
        "tampered": f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "empty": "",
        "garbage": "../../etc/passwd",
    }[mangle]
    assert client.get(f"/grids/b/?k={quote(forged)}").status_code == 404
    assert client.post(f"/grids/b/?k={quote(forged)}", body()).status_code == 404
    assert not Demand.objects.exists()


def test_each_building_has_its_own_address(tree, buildings):
    b1, b2 = (buildings["rooms"][k].building for k in ("b1", "b2"))
    assert board_token(b1.pk) != board_token(b2.pk)
    assert board_token(b1.pk).split(":")[1] != board_token(b2.pk).split(":")[1]
