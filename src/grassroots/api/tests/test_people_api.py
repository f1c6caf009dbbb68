"""People through the API: masked personal data only, within the scope."""

import pytest
from django.db import connection

from grassroots.kernel.permissions import Role
from grassroots.people.models import Gender, Person

PEOPLE = "/api/v1/people"


@pytest.fixture
def admin_api(personas, bearer):
    return bearer(personas[Role.DISTRICT_ADMIN])


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def _stored(person, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_people_come_with_masked_phone_and_id_number(tree, admin_api):
    person = tree.people["grid_a1_1"]
    listed = admin_api.get(PEOPLE).json()["items"][0]
    detail = admin_api.get(f"{PEOPLE}/{person.pk}").json()
    for body in (listed, detail):
        assert body["name"] == "张建国"
        assert body["phone_masked"] == "138****1111"
        assert body["id_number_masked"] == "110***********002X"
        assert body["org_node_code"] == "420606001001001"
        assert body["party_branch_name"] == "清河口第一网格党支部"


def test_neither_the_plain_nor_the_encrypted_personal_data_ever_leaves(tree, admin_api):
    person = tree.people["grid_a1_1"]
    secrets = [
        "13800001111",
        "11010519491231002X",
        _stored(person, "phone"),
        _stored(person, "id_number"),
        _stored(person, "phone_index"),
        _stored(person, "id_number_index"),
    ]
    assert all(secrets)
    for url in (PEOPLE, f"{PEOPLE}/{person.pk}"):
        text = admin_api.get(url).content.decode()
        for secret in secrets:
            assert secret not in text, (url, secret)
        assert "_index" not in text


def test_the_people_list_is_the_callers_subtree(tree, personas, bearer):
    assert names(bearer(personas[Role.STREET_STAFF]).get(PEOPLE)) == ["张建国"]
    assert names(bearer(personas[Role.DISTRICT_ADMIN]).get(PEOPLE)) == ["张建国", "李秀英"]


def test_a_person_outside_the_scope_is_404(tree, personas, bearer):
    api = bearer(personas[Role.GRID_WORKER])
    assert api.get(f"{PEOPLE}/{tree.people['grid_b1_1'].pk}").status_code == 404
    assert api.get(f"{PEOPLE}/{tree.people['grid_a1_1'].pk}").status_code == 200


def test_people_filter_by_name_whole_id_number_party_membership_and_node(tree, admin_api):
    Person.objects.create(org_node=tree.grid_a1_2, name="王小明", gender=Gender.MALE)
    assert names(admin_api.get(PEOPLE, {"q": "秀"})) == ["李秀英"]
    assert names(admin_api.get(PEOPLE, {"q": "420606198003150026"})) == ["李秀英"]
    assert names(admin_api.get(PEOPLE, {"q": "4206061980"})) == []  # no partial ID search
    assert names(admin_api.get(PEOPLE, {"party_member": "false"})) == ["王小明"]
    assert names(admin_api.get(PEOPLE, {"party_member": "true"})) == ["张建国", "李秀英"]
    assert names(admin_api.get(PEOPLE, {"node": tree.community_a1.pk})) == ["张建国", "王小明"]


def test_a_node_filter_outside_the_scope_gives_nothing(tree, personas, bearer):
    api = bearer(personas[Role.STREET_STAFF])
    assert names(api.get(PEOPLE, {"node": tree.street_b.pk})) == []


def test_a_party_organisation_above_the_callers_scope_is_not_named(tree, personas, bearer):
    person = tree.people["grid_a1_1"]
    person.party_branch = tree.party["street_a"]
    person.save(update_fields=["party_branch"])
    grid_view = bearer(personas[Role.GRID_WORKER]).get(f"{PEOPLE}/{person.pk}").json()
    street_view = bearer(personas[Role.STREET_STAFF]).get(f"{PEOPLE}/{person.pk}").json()
    assert (grid_view["party_branch_id"], grid_view["party_branch_name"]) == (None, None)
    assert street_view["party_branch_name"] == "汉江街道大党工委"


def test_roles_without_the_people_permission_get_403_whatever_the_id(tree, personas, bearer):
    api = bearer(personas[Role.PAIRED_UNIT_LIAISON])
    inside = api.get(f"{PEOPLE}/{tree.people['grid_a1_1'].pk}")
    outside = api.get(f"{PEOPLE}/{tree.people['grid_b1_1'].pk}")
    assert inside.status_code == outside.status_code == api.get(PEOPLE).status_code == 403
    assert inside.json() == outside.json()


def test_listing_people_takes_a_fixed_number_of_queries(
    tree, admin_api, django_assert_max_num_queries
):
    for n in range(20):
        Person.objects.create(
            org_node=tree.grid_a1_2,
            name=f"居民{n}",
            gender=Gender.FEMALE,
            party_branch=tree.party["grid_a1_2"],
        )
    with django_assert_max_num_queries(8):
        assert len(admin_api.get(PEOPLE).json()["items"]) == 22
