"""Person pages: the list and detail show masked data; revealing it is audited and restricted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.people.models import Gender, Person


def test_the_list_shows_people_in_scope_with_masked_numbers(as_role, tree):
    page = as_role(Role.STREET_STAFF).get("/people/").content.decode()
    assert "张建国" in page and "李秀英" not in page
    assert "138****1111" in page and "110***********002X" in page
    assert "13800001111" not in page and "11010519491231002X" not in page


def test_the_list_searches_by_name_and_by_a_whole_id_number(as_role, tree):
    client = as_role(Role.DISTRICT_ADMIN)
    people = client.get("/people/", {"q": "秀英"}).context["page"].object_list
    assert [p.name for p in people] == ["李秀英"]
    people = client.get("/people/", {"q": "11010519491231002x"}).context["page"].object_list
    assert [p.name for p in people] == ["张建国"]


def test_the_list_filters_party_members(as_role, tree):
    Person.objects.create(org_node=tree.grid_a1_2, name="群众甲", gender=Gender.MALE)
    client = as_role(Role.COMMUNITY_SECRETARY)
    everyone = {p.name for p in client.get("/people/").context["page"].object_list}
    members = {p.name for p in client.get("/people/", {"party": "1"}).context["page"].object_list}
    assert everyone == {"张建国", "群众甲"} and members == {"张建国"}


def test_the_list_is_paginated_and_asks_the_same_queries_on_every_page(as_role, tree):
    Person.objects.bulk_create(
        Person(org_node=tree.grid_a1_2, name=f"居民{n:02d}", gender=Gender.FEMALE)
        for n in range(45)
    )
    client = as_role(Role.COMMUNITY_SECRETARY)
    first = client.get("/people/")
    assert first.context["page"].paginator.num_pages == 3
    with CaptureQueriesContext(connection) as one:
        client.get("/people/", {"page": 2})
    Person.objects.bulk_create(
        Person(org_node=tree.grid_a1_2, name=f"新居民{n:02d}", gender=Gender.MALE)
        for n in range(30)
    )
    with CaptureQueriesContext(connection) as two:
        client.get("/people/", {"page": 2})
    assert len(two) == len(one)
    assert client.get("/people/", {"page": "abc"}).status_code == 200


def test_filtering_by_a_node_outside_the_scope_is_not_found(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert client.get("/people/", {"node": tree.community_b1.pk}).status_code == 404
    assert client.get("/people/", {"node": "x"}).status_code == 404
    assert client.get("/people/", {"branch": tree.party["grid_b1_1"].pk}).status_code == 404


def test_the_detail_page_masks_the_id_number_and_phone(as_role, tree):
    person = tree.people["grid_a1_1"]
    page = as_role(Role.GRID_WORKER).get(f"/people/{person.pk}/").content.decode()
    assert "110***********002X" in page and "138****1111" in page
    assert "11010519491231002X" not in page and "13800001111" not in page


def test_a_secretary_reveals_personal_data_and_it_is_audited(as_role, tree, personas):
    person = tree.people["grid_a1_1"]
    client = as_role(Role.COMMUNITY_SECRETARY)
    detail = client.get(f"/people/{person.pk}/").content.decode()
    assert "显示完整信息" in detail
    response = client.post(f"/people/{person.pk}/reveal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "11010519491231002X" in page and "13800001111" in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA_VIEWED)
    assert event.actor == personas[Role.COMMUNITY_SECRETARY]
    assert event.detail["person_id"] == person.pk
    assert event.address == "127.0.0.1"


def test_the_reveal_answers_htmx_with_the_personal_data_block_only(as_role, tree):
    person = tree.people["grid_a1_1"]
    response = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/people/{person.pk}/reveal/", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and "11010519491231002X" in page


def test_a_grid_worker_has_no_reveal_button_and_the_post_is_not_found(as_role, tree):
    person = tree.people["grid_a1_1"]
    client = as_role(Role.GRID_WORKER)
    assert "显示完整信息" not in client.get(f"/people/{person.pk}/").content.decode()
    assert client.post(f"/people/{person.pk}/reveal/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.PERSONAL_DATA_VIEWED).exists()


def test_revealing_needs_a_post(as_role, tree):
    person = tree.people["grid_a1_1"]
    response = as_role(Role.COMMUNITY_SECRETARY).get(f"/people/{person.pk}/reveal/")
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action=Action.PERSONAL_DATA_VIEWED).exists()


@pytest.mark.parametrize(
    ("path", "on_get"),
    [("/people/{pk}/", 404), ("/people/{pk}/reveal/", 405), ("/people/{pk}/edit/", 404)],
)
def test_a_person_outside_the_scope_is_not_found(as_role, tree, path, on_get):
    outsider = tree.people["grid_b1_1"]
    client = as_role(Role.COMMUNITY_SECRETARY)
    # A POST-only page refuses a GET before looking at the id, so every id is answered alike.
    assert client.get(path.format(pk=outsider.pk)).status_code == on_get
    assert client.post(path.format(pk=outsider.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON])
def test_roles_without_people_access_find_no_people_pages(as_role, tree, role):
    client = as_role(role)
    person = tree.people["grid_a1_1"]
    for path in ("/people/", f"/people/{person.pk}/", "/people/new/"):
        assert client.get(path).status_code == 404, path
