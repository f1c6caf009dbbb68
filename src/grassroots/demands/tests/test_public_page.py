"""The public demand page: a resident finds their place by estate and building, as they name it,
never by the grids the staff work in, and may attach a photo the staff then see.

清河小区 lies in grids A1-1 (1栋, 2栋) and A1-2 (10栋); 春园小区 in grid B1-1.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.demands.models import Category, Demand, DemandPhoto
from grassroots.demands.testing import PNG_BYTES, ensure_categories
from grassroots.kernel.permissions import Role
from grassroots.registry.models import Building, Estate
from grassroots.registry.services import ensure_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(tree):
    ensure_categories()
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building=b, unit="", number="101")
        for b in ("2栋", "1栋")
    ]
    rooms.append(
        ensure_room(grid=tree.grid_a1_2, estate="清河小区", building="10栋", unit="", number="1")
    )
    rooms.append(
        ensure_room(grid=tree.grid_b1_1, estate="春园小区", building="5栋", unit="", number="1")
    )
    estate = Estate.objects.filter(name="清河小区").order_by("pk").first()
    return estate, {b.name: b for b in Building.objects.select_related("grid")}


def _body(estate, building=None, **extra):
    return {
        "title": "路灯不亮",
        "description": "小区东门外路灯坏了一周",
        "category": Category.objects.get(code="env-clutter").pk,
        "estate": estate.pk,
        "building": building.pk if building else "",
        "address": "2单元301",
        "reporter_phone": "13788889999",
        **extra,
    }


def test_the_place_is_chosen_by_estate_within_its_community_not_by_grid(client, places, tree):
    page = client.get("/demands/public/").content.decode()
    select = page[
        page.index('name="estate"') : page.index("</select>", page.index('name="estate"'))
    ]
    assert '<optgroup label="清河口社区">' in select and '<optgroup label="春园社区">' in select
    # One estate across two grids is one choice; no grid is named anywhere on the page.
    assert select.count(">清河小区</option>") == 1
    assert "网格" not in page
    # Names of estates and buildings only: no room of the registry.
    assert "101" not in page


def test_the_buildings_of_an_estate_come_in_natural_order(client, places):
    estate, _ = places
    options = client.get(f"/demands/public/buildings/?estate={estate.pk}").content.decode()
    assert re.findall(r">([^<]+)</option>", options) == ["整个小区或不确定", "1栋", "2栋", "10栋"]
    assert client.get("/demands/public/buildings/?estate=abc").status_code == 200


def test_the_demand_goes_to_the_grid_of_the_building_chosen(client, places, tree):
    estate, buildings = places
    response = client.post("/demands/public/", _body(estate, buildings["10栋"]))
    assert (
        response.status_code == 200 and 'data-testid="tracking-code"' in response.content.decode()
    )
    demand = Demand.objects.get()
    assert demand.grid_id == tree.grid_a1_2.pk and demand.building_id == buildings["10栋"].pk
    assert demand.address == "清河小区10栋2单元301" and demand.channel == "web"


def test_an_estate_wide_matter_goes_to_the_estates_grid(client, places, tree):
    estate, _ = places
    client.post("/demands/public/", _body(estate, address=""))
    demand = Demand.objects.get()
    assert demand.grid_id == tree.grid_a1_1.pk and demand.building_id is None
    assert demand.address == "清河小区"


def test_a_building_of_another_estate_is_refused(client, places):
    estate, buildings = places
    response = client.post("/demands/public/", _body(estate, buildings["5栋"]))
    assert response.status_code == 400 and not Demand.objects.exists()


def test_a_photo_is_kept_with_the_demand_for_the_staff(client, places, as_role):
    estate, buildings = places
    photo = SimpleUploadedFile("路灯.png", PNG_BYTES, content_type="image/png")
    client.post("/demands/public/", {**_body(estate, buildings["1栋"]), "photo": photo})
    demand = Demand.objects.get()
    stored = DemandPhoto.objects.get(demand=demand)
    assert stored.uploaded_by is None and stored.content_type == "image/png"
    staff = as_role(Role.GRID_WORKER)
    assert f"/demands/photos/{stored.pk}/" in staff.get(f"/demands/{demand.pk}/").content.decode()
    assert staff.get(f"/demands/photos/{stored.pk}/").status_code == 200


def test_a_file_that_is_no_photo_or_too_large_is_refused_and_nothing_recorded(
    client, places, settings
):
    estate, buildings = places
    fake = SimpleUploadedFile("a.jpg", b"MZ not a photo at all", content_type="image/jpeg")
    response = client.post("/demands/public/", {**_body(estate), "photo": fake})
    assert response.status_code == 400
    assert "只能上传 JPEG、PNG 或 WebP 格式的照片" in response.content.decode()
    big = SimpleUploadedFile("b.png", PNG_BYTES + b"\0" * (8 * 1024 * 1024), "image/png")
    response = client.post("/demands/public/", {**_body(estate), "photo": big})
    assert "照片不能超过 8 MB" in response.content.decode()
    assert not Demand.objects.exists()


def test_without_javascript_the_estate_is_sent_once_to_list_its_buildings(client, places):
    estate, _ = places
    response = client.post("/demands/public/", {"estate": estate.pk, "title": "路灯", "pick": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "10栋" in page and 'value="路灯"' in page
    assert "必填" not in page and not Demand.objects.exists()
