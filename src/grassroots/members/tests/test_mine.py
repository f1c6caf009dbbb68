"""A party member's own page on the phone: their households, who lives there, the quiet ones."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.members.models import Contact, ContactKind, HouseholdLink
from grassroots.members.testing import make_member
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db

FULL_PHONE = "13712345678"


def household(grid, number, *people, estate="清河小区"):
    """A household of ``people`` (name, phone, special groups), the first its head."""
    room = ensure_room(grid=grid, estate=estate, building="3栋", unit="1单元", number=number)
    for index, (name, phone, groups) in enumerate(people):
        data = ResidentData(
            name=name,
            gender="F",
            phone=phone,
            relation="head" if index == 0 else "spouse",
            special_groups=list(groups),
        )
        resident = register_resident(room=room, data=data, on=datetime.date(2025, 1, 1))
    return resident.household


def link(member, a_household):
    return HouseholdLink.objects.create(
        member=member,
        household=a_household,
        grid_id=a_household.grid_id,
        linked_on=datetime.date(2025, 3, 1),
    )


def contact(a_link, days_ago, kind=ContactKind.VISIT, note=""):
    return Contact.objects.create(
        member=a_link.member,
        household=a_link.household,
        grid_id=a_link.grid_id,
        kind=kind,
        note=note,
        at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def build_world(tree):
    """Member 王红梅 in grid A1-1 with three households (one contacted 100 days ago, one 5
    days ago, one never); another member 赵志强 in the same grid with one of their own."""
    member = make_member(tree.grid_a1_1, "m1", name="王红梅")
    account = make_account(
        tree.grid_a1_1, Role.PARTY_MEMBER, username="wanghongmei", person=member.person
    )
    alone = household(tree.grid_a1_1, "101", ("刘桂兰", FULL_PHONE, ["elderly_alone"]))
    family = household(
        tree.grid_a1_1, "102", ("陈志刚", "13800138000", []), ("周丽", "13900139000", [])
    )
    fresh = household(tree.grid_a1_1, "103", ("孙建华", "", []))
    links = {"alone": link(member, alone), "family": link(member, family)}
    links["fresh"] = link(member, fresh)
    contact(links["alone"], 100, note="老人说暖气不热")
    contact(links["family"], 5, kind=ContactKind.CALL)
    other = make_member(tree.grid_a1_1, "m2", name="赵志强")
    other_account = make_account(
        tree.grid_a1_1, Role.PARTY_MEMBER, username="zhaozhiqiang", person=other.person
    )
    theirs = link(other, household(tree.grid_a1_1, "201", ("吴秀珍", "13600136000", [])))
    return {
        "member": member,
        "account": account,
        "links": links,
        "other": other_account,
        "theirs": theirs,
    }


@pytest.fixture
def world(tree):
    return build_world(tree)


def signed_in(client, account):
    client.force_login(account)
    return client


def test_the_home_page_shows_a_member_their_households_with_masked_phones_and_tags(client, world):
    page = signed_in(client, world["account"]).get("/").content.decode()
    assert 'data-testid="member-panel"' in page
    assert "我的联系户（一联十）" in page
    for name in ("刘桂兰", "陈志刚", "周丽", "孙建华"):
        assert name in page
    assert "清河小区3栋1单元101" in page
    assert "137****5678" in page and FULL_PHONE not in page
    assert "独居老人" in page
    assert "吴秀珍" not in page  # another member's household
    assert page.count('data-testid="quiet"') == 2  # 100 days ago, and never contacted
    assert "尚未联系" in page


def test_households_longest_out_of_touch_come_first(client, world):
    page = signed_in(client, world["account"]).get("/members/mine/").content.decode()
    never, long_ago, recent = (page.index(n) for n in ("孙建华", "刘桂兰", "陈志刚"))
    assert never < long_ago < recent
    last = (timezone.localtime() - datetime.timedelta(days=5)).strftime("%Y-%m-%d")
    assert f"上次联系 {last}（5天前）" in page


def test_the_member_page_names_the_member_and_lists_recent_contacts(client, world):
    page = signed_in(client, world["account"]).get("/members/mine/").content.decode()
    assert "王红梅" in page and "社区党员" in page
    assert "老人说暖气不热" in page
    assert page.count('data-testid="household"') == 3


def test_a_household_page_shows_its_residents_and_contacts(client, world):
    url = f"/members/mine/households/{world['links']['alone'].pk}/"
    page = signed_in(client, world["account"]).get(url).content.decode()
    assert "刘桂兰" in page and "137****5678" in page and FULL_PHONE not in page
    assert "老人说暖气不热" in page
    assert "转为诉求" in page


def test_another_members_household_is_not_found(client, world):
    client = signed_in(client, world["account"])
    assert client.get(f"/members/mine/households/{world['theirs'].pk}/").status_code == 404
    assert client.get("/members/mine/households/999999/").status_code == 404


def test_a_household_no_longer_linked_is_not_found(client, world):
    ended = world["links"]["fresh"]
    HouseholdLink.objects.filter(pk=ended.pk).update(ended_on=datetime.date(2026, 1, 1))
    client = signed_in(client, world["account"])
    assert client.get(f"/members/mine/households/{ended.pk}/").status_code == 404
    assert "孙建华" not in client.get("/members/mine/").content.decode()


def test_staff_get_no_member_page_and_no_panel(as_role, world):
    client = as_role(Role.GRID_WORKER)
    assert client.get("/members/mine/").status_code == 404
    assert client.get(f"/members/mine/households/{world['links']['alone'].pk}/").status_code == 404
    assert 'data-testid="member-panel"' not in client.get("/").content.decode()


def test_a_party_member_not_on_the_roster_is_told_so_and_gets_no_panel(as_role, world):
    client = as_role(Role.PARTY_MEMBER)  # a persona account with no person behind it
    page = client.get("/members/mine/").content.decode()
    assert "您还不在社区的党员名册中" in page
    assert 'data-testid="member-panel"' not in client.get("/").content.decode()


def test_the_navigation_leads_a_member_to_their_households(client, world):
    page = signed_in(client, world["account"]).get("/").content.decode()
    assert 'href="/members/mine/"' in page


def test_the_member_page_reads_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client = signed_in(client, world["account"])
    for number in range(5):
        extra = household(world["member"].grid, f"30{number}", (f"邻居{number}", "", []))
        contact(link(world["member"], extra), number + 1)
    with django_assert_max_num_queries(16):
        assert client.get("/members/mine/").status_code == 200


def test_the_page_is_in_english_for_an_english_reader(client, world):
    client = signed_in(client, world["account"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/members/mine/").content.decode()
    assert "My households" in page and "Visit" in page
    assert "我的联系户" not in page
