"""The demo seeder: an estate showing every counting rule, a closed vote and an open one."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.kernel.permissions import Role
from grassroots.owners.demo_seeds import seed_owners
from grassroots.owners.models import Ballot, Committee, Owner, PropertyCompany, Vote
from grassroots.owners.selectors import tally

pytestmark = pytest.mark.django_db


def test_the_demo_estate_has_owners_bodies_and_two_votes(tree, client):
    context = DemoContext(
        seed=1,
        residents=0,
        district_code=tree.district.code,
        district=tree.district,
        rng=random.Random(1),
        nodes={"grid": [tree.grid_a1_1]},
    )
    seed_owners(context)
    assert Owner.objects.filter(kind="developer").count() == 1
    buyer = Owner.objects.filter(kind="person").order_by("-pk")
    assert any(o.ownerships.count() == 3 for o in buyer)
    assert PropertyCompany.objects.count() == 1 and Committee.objects.count() == 1
    closed, running = Vote.objects.order_by("pk")
    assert closed.closed_at is not None and closed.passed is not None
    assert running.closed_at is None
    figures = tally(running)
    assert figures.rooms == 72
    # 8 unsold rooms are one head, a buyer's 3 rooms one more: 72 - 7 - 2 heads.
    assert figures.owners == 63
    assert Ballot.objects.filter(vote=running, channel="online").exists()
    assert Ballot.objects.filter(vote=running, channel="paper").exists()
    # The committee member signs in and sees the estate's votes.
    from grassroots.accounts.models import Account

    member = Account.objects.get(username="committee")
    assert (
        member.role_codes == [Role.OWNERS_COMMITTEE] or Role.OWNERS_COMMITTEE in member.role_codes
    )
    client.force_login(member)
    page = client.get("/owners/").content.decode()
    assert "续聘汉江物业服务有限公司" in page
