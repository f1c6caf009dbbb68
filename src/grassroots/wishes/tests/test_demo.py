"""The demo district has wishes in every status in every community, and the demo ``member``
login sees wishes to claim and one of their own."""

import pytest

from grassroots.accounts.models import Account
from grassroots.members.models import Member, MemberKind
from grassroots.org.models import Level, OrgNode
from grassroots.people.models import Person
from grassroots.wishes.models import Wish, WishStatus
from grassroots.wishes.selectors import home_panel
from grassroots.wishes.services import place_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster():
    """Members for the demo's party members, as the roster seeder makes them, where no
    seeder has made any (order 145: after the accounts and the registry, before wishes)."""
    from grassroots.demo import hooks

    def fill(context):
        if Member.objects.exists():
            return
        people = Person.objects.filter(is_party_member=True, org_node__level=Level.GRID)
        Member.objects.bulk_create(
            Member(person=p, grid_id=p.org_node_id, kind=MemberKind.COMMUNITY) for p in people
        )

    hooks.demo_seeder(order=145, name="test.wishes_roster")(fill)
    yield
    hooks._SEEDERS.pop("test.wishes_roster", None)


def test_every_community_has_wishes_in_every_status_and_the_member_login_sees_theirs(roster):
    from grassroots.demo.services import seed_demo_district

    seed_demo_district(residents=10_000, seed=5)
    communities = OrgNode.objects.filter(level=Level.COMMUNITY)
    for community in communities:
        statuses = set(Wish.objects.filter(community=community).values_list("status", flat=True))
        assert statuses == set(WishStatus.values), community.name
    for wish in Wish.objects.filter(status__in=[WishStatus.FULFILLED, WishStatus.CONFIRMED]):
        assert wish.photos.count() == 1
    for wish in Wish.objects.all()[:50]:
        assert wish.changes.count() == wish.version
        assert wish.place == place_of(wish.household)

    member = Account.objects.get(username="member")
    visible = Wish.objects.visible_to(member)
    assert visible.filter(status=WishStatus.OPEN).count() >= 3
    own = visible.filter(claimed_by_member__person__account=member)
    assert own.filter(status=WishStatus.CLAIMED).exists()
    assert not visible.exclude(status=WishStatus.OPEN).exclude(pk__in=own).exists()
    panel = home_panel(member)
    assert panel["open_count"] >= 3 and panel["own_wishes"]

    liaison = Account.objects.get(username="liaison")
    assert Wish.objects.visible_to(liaison).filter(status=WishStatus.OPEN).exists()
