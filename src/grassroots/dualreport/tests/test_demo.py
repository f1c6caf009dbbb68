"""The demo seeder: needs lists, unit reports, members serving, and the demo member's post."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.dualreport.demo_seeds import DEMO_TODAY, seed_dualreport
from grassroots.dualreport.models import (
    MemberReport,
    RecordStatus,
    ReportStatus,
    ServicePost,
    ServiceRecord,
    UnitReport,
)
from grassroots.dualreport.quarters import Quarter
from grassroots.dualreport.selectors import feedback, home_panel
from grassroots.kernel.permissions import Role
from grassroots.members.models import MemberKind
from grassroots.members.testing import make_member
from grassroots.org.models import Level
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


def _context(tree, seed=1):
    communities = [tree.community_a1, tree.community_a2, tree.community_b1]
    return DemoContext(
        seed=seed,
        residents=0,
        district_code=tree.district.code,
        district=tree.district,
        rng=random.Random(seed),
        nodes={Level.COMMUNITY: communities},
    )


@pytest.fixture
def roster(tree):
    """Twenty members in community A1 (every other one in service), none in B1; the demo
    ``member`` login is a community member (社区党员) of grid A1-1."""
    make_account(tree.community_a1, Role.COMMUNITY_SECRETARY, username="demo_sj")
    members = [
        make_member(
            tree.grid_a1_1 if n % 2 else tree.grid_a1_2,
            f"{n:03d}",
            kind=MemberKind.IN_SERVICE if n % 2 == 0 else MemberKind.COMMUNITY,
            work_unit="区税务局" if n % 4 == 0 else ("区人民医院" if n % 2 == 0 else ""),
        )
        for n in range(20)
    ]
    demo = members[1]
    account = make_account(demo.grid, Role.PARTY_MEMBER, username="member", person=demo.person)
    return members, account


def test_every_community_gets_a_needs_list_and_unit_reports(tree, roster):
    seed_dualreport(_context(tree))
    for community in (tree.community_a1, tree.community_a2, tree.community_b1):
        categories = set(
            ServicePost.objects.filter(community=community).values_list("category", flat=True)
        )
        assert len(categories) == 7
        assert UnitReport.objects.filter(community=community).count() in (2, 3)


def test_in_service_members_report_and_serve_and_a_community_without_members_gets_none(
    tree, roster
):
    seed_dualreport(_context(tree))
    reports = MemberReport.objects.all()
    kinds = {r.member.kind for r in reports}
    assert MemberKind.IN_SERVICE in kinds
    in_service = sum(1 for m in roster[0] if m.kind == MemberKind.IN_SERVICE)
    assert reports.filter(member__kind=MemberKind.IN_SERVICE).count() == in_service
    assert not reports.filter(community=tree.community_b1).exists()
    assert reports.filter(status=ReportStatus.CONFIRMED).count() >= in_service // 2
    records = ServiceRecord.objects.all()
    assert records.filter(status=RecordStatus.CONFIRMED).exists()
    assert records.filter(status=RecordStatus.PENDING).exists()
    for post in ServicePost.objects.all():
        taken = post.reports.filter(status__in=("submitted", "confirmed")).count()
        assert taken <= post.places


def test_the_demo_member_has_a_post_and_confirmed_hours_this_quarter(tree, roster):
    seed_dualreport(_context(tree))
    _, account = roster
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a: DEMO_TODAY)
        panel = home_panel(account)
    assert panel["report"].status == ReportStatus.CONFIRMED
    assert panel["quarter_hours"] > 0 and panel["pending"] >= 1


def test_the_demo_quarter_has_feedback_and_the_same_seed_gives_the_same_data(tree, roster):
    seed_dualreport(_context(tree))
    result = feedback(_operator(), Quarter(2026, 3))
    assert result.members and result.hours > 0
    first = sorted(ServiceRecord.objects.values_list("served_on", "hours", "work"))
    ServiceRecord.objects.all().delete()
    MemberReport.objects.all().delete()
    ServicePost.objects.all().delete()
    UnitReport.objects.all().delete()
    seed_dualreport(_context(tree))
    assert sorted(ServiceRecord.objects.values_list("served_on", "hours", "work")) == first


def _operator():
    from grassroots.accounts.models import Account

    return Account(username="operator", is_superuser=True, is_active=True)
