"""A signed-in resident reports a demand for their own household and follows their own demands;
nothing of anyone else's comes with it.

王小明 lives in 清河小区3栋1单元101 (grid A1-1); his account's person carries his ID number,
which is how the registry's resident behind the account is found.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grassroots.demands.models import Demand, DemandPhoto
from grassroots.demands.testing import PNG_BYTES, ensure_categories, make_demand
from grassroots.kernel.permissions import Role
from grassroots.people.models import Gender, Person
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.testing.forms import once
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db

ID_NUMBER = "420606199001011239"


@pytest.fixture
def room(tree):
    return ensure_room(
        grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元", number="101"
    )


@pytest.fixture
def wang(tree, room):
    """The resident's account, its person, and the registry's record of him at home."""
    ensure_categories()
    register_resident(
        room=room,
        data=ResidentData(name="王小明", gender="M", id_number=ID_NUMBER, phone="13912345678"),
        on=timezone.localdate() - datetime.timedelta(days=100),
    )
    person = Person(org_node=tree.grid_a1_1, name="王小明", gender=Gender.MALE)
    person.set_personal_data(id_number=ID_NUMBER)
    person.save()
    return make_account(tree.grid_a1_1, Role.RESIDENT, username="wang", person=person)


def _form(**extra):
    from grassroots.demands.models import Category

    return {
        "title": "楼道灯坏了",
        "description": "三楼楼道的声控灯一周不亮",
        "category": Category.objects.get(code="env-clutter").pk,
        "where": "home",
        "reporter_phone": "13912345678",
        **once(),
        **extra,
    }


def test_the_resident_reports_for_his_home_with_the_place_filled_in(client, wang, room):
    client.force_login(wang)
    page = client.get("/demands/own/new/").content.decode()
    assert "我家：清河小区3栋1单元101" in page and "13912345678" in page
    response = client.post("/demands/own/new/", _form())
    demand = Demand.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/demands/own/{demand.pk}/"
    assert (demand.grid_id, demand.room_id, demand.building_id) == (
        room.grid_id,
        room.pk,
        room.building_id,
    )
    assert demand.channel == "web" and demand.created_by == wang
    assert demand.reporter_name == "王小明" and demand.address == room.address
    listing = client.get("/demands/own/").content.decode()
    assert "楼道灯坏了" in listing and "已接收" in listing and demand.code in listing
    detail = client.get(f"/demands/own/{demand.pk}/").content.decode()
    assert "已接收" in detail and demand.code in detail


def test_a_matter_of_the_building_is_recorded_on_the_building(client, wang, room):
    client.force_login(wang)
    client.post("/demands/own/new/", _form(where="building"))
    demand = Demand.objects.get()
    assert demand.room_id is None and demand.building_id == room.building_id


def test_a_photo_goes_with_the_demand_and_the_staff_see_it(client, wang, as_role):
    client.force_login(wang)
    photo = SimpleUploadedFile("楼道.png", PNG_BYTES, content_type="image/png")
    client.post("/demands/own/new/", {**_form(), "photo": photo})
    demand = Demand.objects.get()
    stored = DemandPhoto.objects.get(demand=demand)
    assert stored.content_type == "image/png" and stored.uploaded_by == wang
    assert (
        f"/demands/own/photos/{stored.pk}/"
        in client.get(f"/demands/own/{demand.pk}/").content.decode()
    )
    assert client.get(f"/demands/own/photos/{stored.pk}/").status_code == 200
    staff = as_role(Role.COMMUNITY_SECRETARY)
    assert f"/demands/photos/{stored.pk}/" in staff.get(f"/demands/{demand.pk}/").content.decode()


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_recorded(client, wang):
    client.force_login(wang)
    fake = SimpleUploadedFile("证件.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post("/demands/own/new/", {**_form(), "photo": fake})
    assert response.status_code == 400
    assert "只能上传 JPEG、PNG 或 WebP 格式的照片" in response.content.decode()
    assert not Demand.objects.exists()


def test_the_resident_sees_his_own_demands_and_no_one_elses(client, wang, tree, personas):
    theirs = make_demand(tree.grid_a1_1, title="别人反映的噪音", actor=personas[Role.GRID_WORKER])
    client.force_login(wang)
    client.post("/demands/own/new/", _form())
    mine = Demand.objects.get(created_by=wang)
    assert list(Demand.objects.visible_to(wang)) == [mine]
    assert "别人反映的噪音" not in client.get("/demands/own/").content.decode()
    assert client.get(f"/demands/own/{theirs.pk}/").status_code == 404
    # The staff pages stay the staff's, his own demand included.
    assert client.get(f"/demands/{mine.pk}/").status_code == 404
    assert client.get("/demands/").status_code == 404


def test_staff_of_the_grid_see_the_residents_demand_as_any(wang, personas, client):
    client.force_login(wang)
    client.post("/demands/own/new/", _form())
    mine = Demand.objects.get()
    assert mine in Demand.objects.visible_to(personas[Role.GRID_WORKER])


def test_an_account_without_a_registered_home_is_told_whom_to_ask(client, tree):
    ensure_categories()
    account = make_account(tree.grid_a1_1, Role.RESIDENT, username="newcomer")
    client.force_login(account)
    page = client.get("/demands/own/new/").content.decode()
    assert "还没有关联到人口房屋库中的住户信息" in page and 'href="/demands/public/"' in page
    assert client.post("/demands/own/new/", _form()).status_code == 200
    assert not Demand.objects.exists()


def test_the_residents_navigation_leads_to_his_demands(client, wang):
    client.force_login(wang)
    assert 'href="/demands/own/"' in client.get("/").content.decode()
