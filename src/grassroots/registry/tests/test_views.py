"""Registry pages: what each role sees, masked data, the audited reveal, edits and moves."""

import datetime

import pytest
from django.urls import reverse

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.registry.models import Resident, Room
from grassroots.registry.testing import make_resident
from grassroots.registry.validation import ResidentData
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db
WANG = "420606199001011239"


@pytest.fixture
def wang(tree):
    return make_resident(tree.grid_a1_1, "901", id_number=WANG, phone="13800001234")


def test_a_grid_worker_lists_residents_of_the_own_grid_only(as_role, tree, wang):
    make_resident(tree.grid_a1_2, "902")
    page = as_role(Role.GRID_WORKER).get(reverse("registry:residents")).content.decode()
    assert wang.name in page and "巡检居民902" not in page


def test_the_list_shows_personal_data_masked(as_role, wang):
    page = as_role(Role.COMMUNITY_SECRETARY).get(reverse("registry:residents")).content.decode()
    assert "420***********1239" in page and "138****1234" in page
    assert WANG not in page and "13800001234" not in page


def test_a_resident_of_a_sibling_grid_is_a_404(as_role, tree):
    other = make_resident(tree.grid_a1_2, "903")
    response = as_role(Role.GRID_WORKER).get(
        reverse("registry:resident", kwargs={"resident_id": other.pk})
    )
    assert response.status_code == 404


def test_residents_and_party_members_do_not_see_the_registry(as_role, wang):
    for role in (Role.RESIDENT, Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON):
        assert as_role(role).get(reverse("registry:residents")).status_code == 404


def test_revealing_personal_data_shows_it_once_and_audits_it(as_role, wang):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(reverse("registry:resident_reveal", kwargs={"resident_id": wang.pk}))
    assert WANG in response.content.decode() and response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA_VIEWED)
    assert event.detail["resident_id"] == wang.pk


def test_a_grid_worker_cannot_reveal_personal_data(as_role, wang):
    response = as_role(Role.GRID_WORKER).post(
        reverse("registry:resident_reveal", kwargs={"resident_id": wang.pk})
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.PERSONAL_DATA_VIEWED).exists()


def test_search_finds_by_number_phone_initials_name_and_address(as_role, wang):
    client = as_role(Role.GRID_WORKER)
    for query in (WANG, "13800001234", "xjjm", "巡检居民", "巡检小区901"):
        page = client.get(reverse("registry:residents"), {"q": query}).content.decode()
        assert "巡检居民901" in page, query
    page = client.get(reverse("registry:residents"), {"q": "13900000000"}).content.decode()
    assert "巡检居民901" not in page


def test_the_list_pages_by_keyset_without_repeating_anyone(as_role, tree):
    for n in range(60):
        make_resident(tree.grid_a1_1, f"{n:03d}")
    client = as_role(Role.GRID_WORKER)
    first = client.get(reverse("registry:residents"))
    after = first.context["page"].next_after
    second = client.get(reverse("registry:residents"), {"after": after})
    names = [r.name for r in first.context["page"].rows + second.context["page"].rows]
    assert len(names) == 60 == len(set(names))
    assert second.context["page"].next_after is None


def test_an_edit_saves_and_a_stale_edit_is_refused(as_role, wang):
    client = as_role(Role.GRID_WORKER)
    url = reverse("registry:resident_edit", kwargs={"resident_id": wang.pk})
    form = {
        "name": wang.name,
        "id_type": "居民身份证",
        "id_number": WANG,
        "gender": "男",
        "population_type": "户籍人口",
        "notes": "独居",
        "version": wang.version,
    }
    assert client.post(url, form).status_code == 302
    assert Resident.objects.get(pk=wang.pk).notes == "独居"
    stale = client.post(url, form | {"notes": "晚到的修改"})
    assert "已被他人修改" in stale.content.decode()
    assert Resident.objects.get(pk=wang.pk).notes == "独居"


def test_an_edit_contradicting_the_id_number_is_refused_with_the_reason(as_role, wang):
    url = reverse("registry:resident_edit", kwargs={"resident_id": wang.pk})
    response = as_role(Role.GRID_WORKER).post(
        url,
        {
            "name": wang.name,
            "id_type": "居民身份证",
            "id_number": WANG,
            "gender": "女",
            "population_type": "户籍人口",
            "version": wang.version,
        },
    )
    assert "性别与证件号码不符" in response.content.decode()


def test_registering_a_resident_on_the_page(as_role, tree):
    response = as_role(Role.GRID_WORKER).post(
        reverse("registry:resident_create"),
        once(
            {
                "grid": tree.grid_a1_1.pk,
                "estate": "清河小区",
                "building": "3栋",
                "unit": "1单元",
                "number": "301",
                "moved_in_on": "2026-10-01",
                "name": "赵四",
                "id_type": "居民身份证",
                "id_number": WANG,
                "population_type": "流动人口",
            }
        ),
    )
    assert response.status_code == 302
    resident = Resident.objects.get(name="赵四")
    assert resident.household.room.address == "清河小区3栋1单元301"
    assert resident.birth_date == datetime.date(1990, 1, 1)


def test_moving_out_on_the_page_keeps_the_old_address_in_the_history(as_role, wang):
    client = as_role(Role.GRID_WORKER)
    url = reverse("registry:resident_move", kwargs={"resident_id": wang.pk})
    assert client.post(url, {"action": "out", "moved_out_on": "2026-11-01"}).status_code == 302
    page = client.get(reverse("registry:resident", kwargs={"resident_id": wang.pk}))
    text = page.content.decode()
    assert "2026-11-01" in text and "巡检小区901" in text and "已迁出" in text


def test_a_room_use_change_on_the_page_is_history(as_role, wang):
    room = wang.household.room
    client = as_role(Role.GRID_WORKER)
    url = reverse("registry:room", kwargs={"room_id": room.pk})
    client.post(url, {"use": "group_rental", "effective_on": "2026-11-02", "version": room.version})
    assert Room.objects.get(pk=room.pk).use == "group_rental"
    assert "群租房" in client.get(url).content.decode()


def test_the_list_page_asks_the_same_few_queries_for_any_number_of_residents(
    as_role, tree, django_assert_max_num_queries
):
    client = as_role(Role.STREET_STAFF)
    for n in range(30):
        make_resident(tree.grid_a1_1, f"{n:03d}", phone="13800001234")
    # the page's ids, then the rows of those ids with their grid and room (selectors._page)
    with django_assert_max_num_queries(9):
        client.get(reverse("registry:residents"))


def test_other_documents_show_their_own_type(as_role, tree):
    from grassroots.registry.services import register_resident

    room = make_resident(tree.grid_a1_1, "904").household.room
    data = ResidentData(name="JOHN SMITH", gender="M", id_type="passport", id_number="E12345678")
    john = register_resident(room=room, data=data)
    page = (
        as_role(Role.GRID_WORKER)
        .get(reverse("registry:resident", kwargs={"resident_id": john.pk}))
        .content.decode()
    )
    assert "护照" in page and "E12**5678" in page


def test_the_pages_speak_english_when_asked(as_role, wang, settings):
    client = as_role(Role.GRID_WORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("registry:resident", kwargs={"resident_id": wang.pk}))
    text = page.content.decode()
    assert "Addresses" in text and "Registered" in text and "居住记录" not in text
