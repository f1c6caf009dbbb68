"""The demo district's party members: a roster, about ten households each, contacts, and a few
demands heard on those contacts; the demo login ``member`` sees all of it on the phone page."""

import datetime

import pytest
from django.db.models import Count
from django.test import Client

from grassroots.accounts.models import Account
from grassroots.demands.models import Channel, Demand, DemandTally
from grassroots.demands.services import tally
from grassroots.demo.services import seed_demo_district
from grassroots.members.models import Contact, HouseholdLink, Member, MemberKind
from grassroots.people.models import Person
from grassroots.registry.models import Resident

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Member.objects.values_list("person__name", "grid__code", "kind", "work_unit")),
        sorted(
            HouseholdLink.objects.values_list("member__person__name", "household__room__address")
        ),
        sorted(Contact.objects.values_list("member__person__name", "kind", "at", "note")),
        sorted(
            Demand.objects.filter(channel=Channel.MEMBER_CONTACT).values_list(
                "code", "title", "status", "received_at"
            )
        ),
    )


def test_the_demo_puts_every_party_member_on_the_roster_with_households_and_contacts(db):
    seed_demo_district(residents=6_000, seed=5)
    members = Member.objects.all()
    assert members.count() == Person.objects.filter(is_party_member=True).count()
    kinds = dict(members.values_list("kind").annotate(n=Count("id")))
    assert set(kinds) == set(MemberKind.values)
    assert kinds[MemberKind.COMMUNITY] > kinds[MemberKind.IN_SERVICE] > kinds[MemberKind.MOBILE]
    assert not members.filter(kind=MemberKind.IN_SERVICE, work_unit="").exists()
    assert all(m.grid.level == "grid" for m in members.select_related("grid")[:200])
    links = HouseholdLink.objects.all()
    per_member = links.values("member").annotate(n=Count("id")).values_list("n", flat=True)
    assert max(per_member) == 10 and sorted(per_member)[len(per_member) // 2] == 10
    assert not links.filter(member__kind=MemberKind.MOBILE).exists()
    assert all(
        link.grid_id == link.household.grid_id == link.member.grid_id
        for link in links.select_related("household", "member")[:300]
    )
    occupied = set(Resident.objects.exclude(household=None).values_list("household", flat=True))
    assert set(links.values_list("household", flat=True)) <= occupied
    contacts = Contact.objects.all()
    assert contacts.count() > links.count()
    today = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    assert contacts.filter(at__lt=today - datetime.timedelta(days=90)).exists()
    heard = Demand.objects.filter(channel=Channel.MEMBER_CONTACT)
    assert heard.exists()
    assert heard.count() == contacts.exclude(demand=None).count()
    for demand in heard.select_related("member_contact__household__room")[:50]:
        contact = demand.member_contact
        assert demand.room_id == contact.household.room_id and demand.grid_id == contact.grid_id
        assert demand.received_at > contact.at
        assert demand.events.first().to_status == "received"
    assert len(set(heard.values_list("status", flat=True))) >= 2
    kept = sorted(DemandTally.objects.values_list("grid__code", "month", *tally.COUNTERS))
    tally.recount()
    assert sorted(DemandTally.objects.values_list("grid__code", "month", *tally.COUNTERS)) == kept


def test_the_demo_member_login_sees_households_tags_contacts_and_a_demand(db):
    seed_demo_district(residents=6_000, seed=5)
    client = Client()
    client.force_login(Account.objects.get(username="member"))
    home = client.get("/").content.decode()
    assert 'data-testid="member-panel"' in home
    page = client.get("/members/mine/").content.decode()
    assert page.count('data-testid="household"') == 10
    assert "独居老人" in page
    assert "****" in page  # masked phones
    assert 'data-testid="quiet"' in page and "尚未联系" in page
    assert 'data-testid="contact-demand"' in page and "党员联系" in page
    member = Member.objects.get(person__account__username="member")
    assert member.kind == MemberKind.COMMUNITY
    assert member.contacts.exclude(demand=None).exists()


def test_the_same_seed_gives_the_same_members_links_and_contacts(db):
    from grassroots.testing.personas import wipe_district

    seed_demo_district(residents=3_000, seed=11)
    first = _snapshot()
    wipe_district()  # every module's rows, in the order their references allow
    seed_demo_district(residents=3_000, seed=11)
    assert _snapshot() == first
