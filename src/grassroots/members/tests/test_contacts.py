"""Recording a contact in two taps, a note after, and what was heard turned into a demand."""

import pytest
from django.urls import reverse

from grassroots.audit.models import AuditEvent
from grassroots.demands.models import Category, Channel, Demand
from grassroots.kernel.permissions import Role
from grassroots.members.models import Contact, ContactKind
from grassroots.members.services.contacts import (
    ContactError,
    HeardDemand,
    raise_demand_from_contact,
)
from grassroots.testing.forms import once

from .test_mine import build_world, contact, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return build_world(tree)


@pytest.fixture
def category(db):
    return Category.objects.create(code="t-heat", name="供暖不热")


def tap(client, a_link, kind="visit"):
    return client.post(f"/members/mine/households/{a_link.pk}/contact/", once({"kind": kind}))


def test_one_tap_records_a_visit_and_opens_the_household_with_it(client, world):
    client = signed_in(client, world["account"])
    a_link = world["links"]["fresh"]
    response = tap(client, a_link)
    made = Contact.objects.get(household=a_link.household)
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/members/mine/households/{a_link.pk}/?new={made.pk}#contact-{made.pk}"
    )
    assert made.kind == ContactKind.VISIT and made.member == world["member"]
    assert made.recorded_by == world["account"] and made.note == ""
    assert AuditEvent.objects.filter(
        action="member_contact_recorded", username="wanghongmei"
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "已记录走访" in page and "情况记录（可稍后补充）" in page and "今天联系过" in page
    home = client.get("/").content.decode()
    assert home.count('data-testid="quiet"') == 1  # the fresh household is no longer quiet


@pytest.mark.parametrize("kind", ["call", "message"])
def test_a_call_or_a_message_is_one_tap_too(client, world, kind):
    client = signed_in(client, world["account"])
    tap(client, world["links"]["fresh"], kind)
    assert Contact.objects.filter(kind=kind, household=world["links"]["fresh"].household).exists()


def test_an_unknown_contact_kind_is_refused_and_nothing_is_written(client, world):
    client = signed_in(client, world["account"])
    before = Contact.objects.count()
    response = tap(client, world["links"]["fresh"], "fax")
    assert Contact.objects.count() == before
    assert "请选择联系方式" in client.get(response["Location"]).content.decode()


def test_a_member_cannot_record_a_contact_with_another_members_household(client, world):
    client = signed_in(client, world["account"])
    before = Contact.objects.count()
    assert tap(client, world["theirs"]).status_code == 404
    assert Contact.objects.count() == before


def test_recording_needs_a_post(client, world):
    client = signed_in(client, world["account"])
    url = f"/members/mine/households/{world['links']['fresh'].pk}/contact/"
    assert client.get(url).status_code == 405


def test_the_note_is_added_after_the_tap(client, world):
    client = signed_in(client, world["account"])
    tap(client, world["links"]["fresh"])
    made = Contact.objects.get(household=world["links"]["fresh"].household)
    url = f"/members/mine/contacts/{made.pk}/note/"
    response = client.post(url, {"note": "老人反映楼道灯坏了"})
    made.refresh_from_db()
    assert made.note == "老人反映楼道灯坏了"
    assert "已保存情况记录" in client.get(response["Location"]).content.decode()
    event = AuditEvent.objects.get(action="member_contact_noted")
    assert event.detail["note"] == ["", "老人反映楼道灯坏了"]


def test_a_note_changed_meanwhile_is_not_overwritten(world):
    from grassroots.members.services.contacts import add_contact_note

    made = contact(world["links"]["alone"], 1, note="第一次")
    stale = Contact.objects.get(pk=made.pk)
    Contact.objects.filter(pk=made.pk).update(note="别处改过")
    with pytest.raises(ContactError, match="已被更新"):
        add_contact_note(contact=stale, note="我的记录", actor=world["account"])
    assert Contact.objects.get(pk=made.pk).note == "别处改过"


def test_a_too_long_note_is_refused(client, world):
    client = signed_in(client, world["account"])
    made = contact(world["links"]["alone"], 1)
    response = client.post(f"/members/mine/contacts/{made.pk}/note/", {"note": "长" * 501})
    assert "情况记录不能超过500个字" in client.get(response["Location"]).content.decode()
    made.refresh_from_db()
    assert made.note == ""


def test_what_was_heard_becomes_a_demand_of_the_household_in_the_workflow(client, world, category):
    client = signed_in(client, world["account"])
    heard = contact(world["links"]["alone"], 1, note="暖气不热")
    url = f"/members/mine/contacts/{heard.pk}/demand/"
    form = client.get(url).content.decode()
    assert "暖气不热" in form  # the note is the description's start
    response = client.post(
        url,
        {"title": "独居老人家暖气不热", "description": "屋里只有十四度", "category": category.pk},
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert demand.channel == Channel.MEMBER_CONTACT and demand.get_channel_display() == "党员联系"
    a_household = world["links"]["alone"].household
    assert demand.grid_id == a_household.grid_id and demand.room_id == a_household.room_id
    assert demand.address == a_household.room.address
    assert demand.reporter_name == "刘桂兰" and demand.created_by == world["account"]
    assert demand.status == "received"
    assert demand.events.get().actor_name == "党员王红梅"
    heard.refresh_from_db()
    assert heard.demand == demand
    assert AuditEvent.objects.filter(action="demand_created").exists()
    assert AuditEvent.objects.filter(action="member_contact_raised").exists()
    page = client.get(response["Location"]).content.decode()
    assert f"已转为诉求，查询码 {demand.code}" in page
    assert demand.code in page and "党员联系" in page and "已接收" in page


def test_a_contact_becomes_one_demand_only(client, world, category):
    client = signed_in(client, world["account"])
    heard = contact(world["links"]["alone"], 1)
    fields = {"title": "暖气不热", "description": "屋里冷", "category": category.pk}
    url = f"/members/mine/contacts/{heard.pk}/demand/"
    client.post(url, fields)
    again = client.post(url, fields)
    assert again.status_code == 302 and Demand.objects.count() == 1
    heard.refresh_from_db()
    with pytest.raises(ContactError):
        raise_demand_from_contact(
            contact=heard,
            heard=HeardDemand(title="再报", description="再报", category=category),
            actor=world["account"],
        )
    assert Demand.objects.count() == 1


def test_a_demand_without_a_title_is_refused_next_to_the_field(client, world, category):
    client = signed_in(client, world["account"])
    heard = contact(world["links"]["alone"], 1)
    response = client.post(
        f"/members/mine/contacts/{heard.pk}/demand/",
        {"title": "", "description": "屋里冷", "category": category.pk},
    )
    assert response.status_code == 400
    assert "必填" in response.content.decode()
    assert not Demand.objects.exists()


def test_an_inactive_category_is_refused_and_nothing_is_written(world, category):
    heard = contact(world["links"]["alone"], 1)
    Category.objects.filter(pk=category.pk).update(active=False)
    category.refresh_from_db()
    with pytest.raises(ContactError) as raised:
        raise_demand_from_contact(
            contact=heard,
            heard=HeardDemand(title="暖气", description="冷", category=category),
            actor=world["account"],
        )
    assert raised.value.field == "category"
    assert not Demand.objects.exists()
    heard.refresh_from_db()
    assert heard.demand is None


def test_another_members_contact_cannot_be_noted_or_raised(client, world, category):
    theirs = contact(world["theirs"], 1)
    client = signed_in(client, world["account"])
    assert client.get(f"/members/mine/contacts/{theirs.pk}/demand/").status_code == 404
    assert (
        client.post(f"/members/mine/contacts/{theirs.pk}/note/", {"note": "x"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.note == ""


def test_the_member_follows_the_demand_only_through_their_contact(client, world, category):
    heard = contact(world["links"]["alone"], 1)
    demand = raise_demand_from_contact(
        contact=heard,
        heard=HeardDemand(title="暖气不热", description="冷", category=category),
        actor=world["account"],
    )
    member = signed_in(client, world["account"])
    detail = reverse("demands:detail", kwargs={"demand_id": demand.pk})
    assert member.get(detail).status_code == 404  # the demands pages are for staff
    assert demand.code in member.get("/members/mine/").content.decode()
    member.logout()


def test_the_grid_worker_sees_the_demand_with_its_channel(as_role, world, category):
    heard = contact(world["links"]["alone"], 1)
    demand = raise_demand_from_contact(
        contact=heard,
        heard=HeardDemand(title="暖气不热", description="冷", category=category),
        actor=world["account"],
    )
    page = (
        as_role(Role.GRID_WORKER)
        .get(reverse("demands:detail", kwargs={"demand_id": demand.pk}))
        .content.decode()
    )
    assert "暖气不热" in page and "党员联系" in page
