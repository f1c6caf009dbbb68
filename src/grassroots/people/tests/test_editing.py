"""Creating and editing people: ID number checks, one number one person, audit records."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel import crypto
from grassroots.kernel.permissions import Role
from grassroots.people.models import Gender, Person
from grassroots.people.services import (
    DuplicateIdNumberError,
    PersonFields,
    create_person,
    update_person,
)
from grassroots.people.tests.ids import make_id_number
from grassroots.testing.forms import once


def _form(tree, **changes):
    data = {
        "name": "赵小红",
        "id_number": make_id_number(birth="19850612", order="124"),
        "gender": "",
        "birth_date": "",
        "phone": "13912345678",
        "post": "网格员",
        "org_node": tree.grid_a1_2.pk,
        "party_joined_on": "",
        "party_branch": "",
        **once(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_secretary_registers_a_person_and_the_id_number_fills_birth_date_and_gender(
    as_role, tree, personas
):
    response = as_role(Role.COMMUNITY_SECRETARY).post("/people/new/", _form(tree))
    person = Person.objects.get(name="赵小红")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.birth_date == datetime.date(1985, 6, 12)
    assert person.gender == Gender.FEMALE
    assert person.id_number_index == crypto.blind_index(make_id_number(order="124"))
    event = AuditEvent.objects.get(action=Action.PERSON_CREATED)
    assert event.actor == personas[Role.COMMUNITY_SECRETARY]
    assert event.detail["person_id"] == person.pk
    assert "13912345678" not in str(event.detail)  # the log names fields, never values


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"birth_date": "1985-06-13"}, "birth_date", "出生日期与公民身份号码不符"),
        ({"gender": Gender.MALE}, "gender", "性别与公民身份号码不符"),
        ({"id_number": "420606198506121240"}, "id_number", "校验位不正确"),
        ({"id_number": make_id_number(birth="19850230")}, "id_number", "不是有效日期"),
        ({"id_number": make_id_number(region="999999")}, "id_number", "行政区划代码"),
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"org_node": "999999"}, "org_node", ""),
    ],
)
def test_a_wrong_entry_is_a_chinese_form_error(as_role, tree, changes, field, message):
    response = as_role(Role.COMMUNITY_SECRETARY).post("/people/new/", _form(tree, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Person.objects.filter(name="赵小红").exists()


def test_the_same_id_number_never_makes_a_second_person(as_role, tree):
    client = as_role(Role.DISTRICT_ADMIN)
    client.post("/people/new/", _form(tree))
    response = client.post("/people/new/", _form(tree, name="赵小红二"))
    assert response.status_code == 200
    assert "已登记" in " ".join(response.context["form"].errors["id_number"])
    assert Person.objects.filter(name__startswith="赵小红").count() == 1


def test_a_number_held_outside_the_scope_is_refused_without_saying_by_whom(as_role, tree):
    outsider_number = make_id_number(order="222")
    person = tree.people["grid_b1_1"]
    person.set_personal_data(id_number=outsider_number)
    person.save()
    response = as_role(Role.COMMUNITY_SECRETARY).post(
        "/people/new/", _form(tree, id_number=outsider_number)
    )
    page = response.content.decode()
    assert "已登记" in page and "李秀英" not in page and "春园" not in page


def test_the_service_refuses_a_duplicate_even_when_the_form_was_skipped(tree, personas):
    fields = PersonFields(
        name="甲", gender=Gender.MALE, org_node=tree.grid_a1_1, id_number="11010519491231002X"
    )
    with pytest.raises(DuplicateIdNumberError):
        create_person(data=fields, actor=personas[Role.DISTRICT_ADMIN])


def test_a_party_member_needs_a_branch_and_a_plausible_join_date(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post("/people/new/", _form(tree, is_party_member="on"))
    assert "party_branch" in response.context["form"].errors
    response = client.post(
        "/people/new/",
        _form(
            tree,
            is_party_member="on",
            party_branch=tree.party["grid_a1_2"].pk,
            party_joined_on="1990-01-01",
        ),
    )
    assert "年满18周岁" in " ".join(response.context["form"].errors["party_joined_on"])
    response = client.post(
        "/people/new/",
        _form(
            tree,
            is_party_member="on",
            party_branch=tree.party["grid_a1_2"].pk,
            party_joined_on="2010-07-01",
        ),
    )
    person = Person.objects.get(name="赵小红")
    assert person.party_branch == tree.party["grid_a1_2"]


def test_units_and_branches_offered_are_only_those_in_scope(as_role, tree):
    form = as_role(Role.COMMUNITY_SECRETARY).get("/people/new/").context["form"]
    nodes = set(form.fields["org_node"].queryset.values_list("name", flat=True))
    branches = set(form.fields["party_branch"].queryset.values_list("name", flat=True))
    assert "前进社区" not in nodes and "清河口第二网格" in nodes
    assert "春园第一网格党支部" not in branches and "清河口第二网格党支部" in branches
    response = as_role(Role.COMMUNITY_SECRETARY).post(
        "/people/new/", _form(tree, org_node=tree.community_b1.pk)
    )
    assert "org_node" in response.context["form"].errors


def test_the_edit_form_never_shows_the_stored_numbers_and_blank_keeps_them(as_role, tree, personas):
    person = tree.people["grid_a1_1"]
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert "11010519491231002X" not in page and "13800001111" not in page
    assert "110***********002X" in page
    response = client.post(
        f"/people/{person.pk}/edit/",
        {
            "name": "张建国",
            "id_number": "",
            "phone": "",
            "gender": "",
            "birth_date": "",
            "post": "楼栋长",
            "org_node": tree.grid_a1_1.pk,
            "is_party_member": "on",
            "party_branch": tree.party["grid_a1_1"].pk,
            "party_joined_on": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.post == "楼栋长"
    assert person.id_number == "11010519491231002X" and person.phone == "13800001111"
    assert person.gender == Gender.FEMALE  # taken from the stored number
    event = AuditEvent.objects.get(action=Action.PERSON_CHANGED)
    assert "post" in event.detail["fields"] and "id_number" not in event.detail["fields"]


def test_an_edit_contradicting_the_stored_id_number_is_refused(as_role, tree):
    person = tree.people["grid_a1_1"]
    response = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/people/{person.pk}/edit/",
        {"name": "张建国", "gender": Gender.MALE, "org_node": tree.grid_a1_1.pk},
    )
    assert "gender" in response.context["form"].errors


def test_saving_without_changes_writes_no_audit_record(tree, personas):
    person = tree.people["grid_a1_1"]
    fields = PersonFields(
        name=person.name,
        gender=person.gender,
        org_node=person.org_node,
        birth_date=person.birth_date,
        phone=person.phone,
        id_number=person.id_number,
        post=person.post,
        is_party_member=person.is_party_member,
        party_joined_on=person.party_joined_on,
        party_branch=person.party_branch,
    )
    update_person(person, data=fields, actor=personas[Role.DISTRICT_ADMIN])
    assert not AuditEvent.objects.filter(action=Action.PERSON_CHANGED).exists()


def test_a_grid_worker_cannot_create_or_edit(as_role, tree):
    client = as_role(Role.GRID_WORKER)
    assert client.get("/people/new/").status_code == 404
    assert client.post("/people/new/", _form(tree)).status_code == 404
    assert client.get(f"/people/{tree.people['grid_a1_1'].pk}/edit/").status_code == 404
