"""Linking a member to a household by hand, ending a link, setting the target, accepting a
suggestion: one current link per household, the history kept, every change audited."""

import datetime
import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from grassroots.audit.models import AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.members.models import HouseholdLink, LinkTarget
from grassroots.members.services.linking import (
    LINKED,
    TARGET_CHANGED,
    UNLINKED,
    HouseholdTaken,
    LinkError,
    accept_suggestion,
    link_household,
    set_link_target,
    unlink_household,
)
from grassroots.members.tests.link_world import empty_household, household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(personas):
    return personas[Role.COMMUNITY_SECRETARY]


def test_a_link_is_made_once_and_audited_with_who_and_to_whom(tree, secretary):
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101", head="王大爷")
    zhang = member(tree.grid_a1_1, "张党员")
    link = link_household(member=zhang, household=home, actor=secretary)
    assert link.ended_on is None and link.created_by == secretary
    assert link.grid_id == tree.grid_a1_1.pk
    event = AuditEvent.objects.get(action=LINKED)
    assert event.actor == secretary
    assert event.detail["member"] == [None, zhang.pk]
    assert event.detail["household_id"] == home.pk
    assert "张党员" in event.target and "清河小区1栋1单元101" in event.target


def test_a_household_linked_to_another_member_is_refused_with_their_name(tree, secretary):
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101")
    zhang, li = member(tree.grid_a1_1, "张党员"), member(tree.grid_a1_1, "李党员")
    link_household(member=zhang, household=home, actor=secretary)
    with pytest.raises(HouseholdTaken, match="该户已是党员张党员的联系户"):
        link_household(member=li, household=home, actor=secretary)
    with pytest.raises(LinkError, match="已是这名党员的联系户"):
        link_household(member=zhang, household=home, actor=secretary)
    assert HouseholdLink.objects.filter(household=home).count() == 1


def test_the_database_itself_holds_one_current_link_per_household(tree):
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101")
    zhang, li = member(tree.grid_a1_1, "张党员"), member(tree.grid_a1_1, "李党员")
    day = datetime.date(2026, 10, 1)
    HouseholdLink.objects.create(member=zhang, household=home, grid=tree.grid_a1_1, linked_on=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdLink.objects.create(member=li, household=home, grid=tree.grid_a1_1, linked_on=day)


def test_an_empty_household_or_one_of_another_community_is_refused(tree, secretary):
    zhang = member(tree.grid_a1_1, "张党员")
    nobody = empty_household(tree.grid_a1_1, "清河小区", "1栋", "102")
    with pytest.raises(LinkError, match="无人居住"):
        link_household(member=zhang, household=nobody, actor=secretary)
    elsewhere = household(tree.grid_a2_1, "前进小区", "1栋", "101")
    with pytest.raises(LinkError, match="不在党员居住的社区"):
        link_household(member=zhang, household=elsewhere, actor=secretary)
    # Another grid of the same community is fine.
    next_grid = household(tree.grid_a1_2, "河口小区", "2栋", "101")
    assert link_household(member=zhang, household=next_grid, actor=secretary).pk
    assert HouseholdLink.objects.count() == 1


def test_ending_a_link_keeps_it_as_history_and_frees_the_household(tree, secretary):
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101")
    zhang, li = member(tree.grid_a1_1, "张党员"), member(tree.grid_a1_1, "李党员")
    first = link_household(
        member=zhang, household=home, actor=secretary, on=datetime.date(2026, 9, 10)
    )
    unlink_household(link=first, actor=secretary, on=datetime.date(2026, 11, 1))
    second = link_household(member=li, household=home, actor=secretary)
    history = list(
        HouseholdLink.objects.filter(household=home)
        .order_by("linked_on")
        .values_list("member__person__name", "linked_on", "ended_on")
    )
    assert history == [
        ("张党员", datetime.date(2026, 9, 10), datetime.date(2026, 11, 1)),
        ("李党员", second.linked_on, None),
    ]
    event = AuditEvent.objects.get(action=UNLINKED)
    assert event.actor == secretary and event.detail["member"] == [zhang.pk, None]
    with pytest.raises(LinkError, match="已被他人解除"):
        unlink_household(link=first, actor=secretary)


def test_the_target_is_set_with_from_and_to_and_a_stale_form_is_told(tree, secretary):
    set_link_target(community=tree.community_a1, households=8, actor=secretary, expected=10)
    assert LinkTarget.objects.get(community=tree.community_a1).households == 8
    event = AuditEvent.objects.get(action=TARGET_CHANGED)
    assert event.detail["households"] == [10, 8] and event.actor == secretary
    with pytest.raises(LinkError, match="已被他人改为8"):
        set_link_target(community=tree.community_a1, households=12, actor=secretary, expected=10)
    for wrong in (0, 51):
        with pytest.raises(LinkError, match="1到50之间"):
            set_link_target(community=tree.community_a1, households=wrong, actor=secretary)
    with pytest.raises(LinkError, match="只能为社区设置"):
        set_link_target(community=tree.grid_a1_1, households=5, actor=secretary)
    assert LinkTarget.objects.get(community=tree.community_a1).households == 8


def test_accepting_makes_the_links_it_can_and_names_those_taken_meanwhile(tree, secretary):
    homes = [household(tree.grid_a1_1, "清河小区", "1栋", f"10{i}") for i in range(1, 4)]
    zhang, li = member(tree.grid_a1_1, "张党员"), member(tree.grid_a1_1, "李党员")
    link_household(member=li, household=homes[1], actor=secretary)  # taken after it was shown
    result = accept_suggestion(
        community=tree.community_a1,
        pairs=[(zhang.pk, h.pk) for h in homes],
        actor=secretary,
    )
    assert sorted(result.created) == sorted([(zhang.pk, homes[0].pk), (zhang.pk, homes[2].pk)])
    [skipped] = result.skipped
    assert skipped.household_id == homes[1].pk and "李党员" in skipped.reason
    assert skipped.member_name == "张党员" and skipped.address.endswith("102")
    assert HouseholdLink.objects.filter(member=zhang, ended_on__isnull=True).count() == 2


def test_accepting_respects_the_target_and_ignores_other_communities(tree, secretary):
    set_link_target(community=tree.community_a1, households=1, actor=secretary)
    homes = [household(tree.grid_a1_1, "清河小区", "1栋", f"10{i}") for i in range(1, 3)]
    outside = household(tree.grid_a2_1, "前进小区", "1栋", "101")
    zhang = member(tree.grid_a1_1, "张党员")
    result = accept_suggestion(
        community=tree.community_a1,
        pairs=[(zhang.pk, homes[0].pk), (zhang.pk, homes[1].pk), (zhang.pk, outside.pk)],
        actor=secretary,
    )
    assert result.created == [(zhang.pk, homes[0].pk)]
    reasons = [s.reason for s in result.skipped]
    assert any("已达到1户" in r for r in reasons) and any("无人居住或已注销" in r for r in reasons)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except LinkError as exc:
            outcomes[index] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return outcomes


@pytest.mark.usefixtures("real_transactions")
def test_two_secretaries_giving_one_household_at_once_one_wins_the_other_is_told():
    from grassroots.testing.personas import build_tree, make_account

    tree = build_tree()
    first = make_account(tree.community_a1, Role.COMMUNITY_SECRETARY, username="sec1")
    second = make_account(tree.street_a, Role.STREET_STAFF, username="street1")
    home = household(tree.grid_a1_1, "清河小区", "1栋", "101")
    zhang, li = member(tree.grid_a1_1, "张党员"), member(tree.grid_a1_1, "李党员")
    outcomes = _race(
        [
            lambda: link_household(member=zhang, household=home, actor=first),
            lambda: link_household(member=li, household=home, actor=second),
        ]
    )
    assert None not in outcomes, outcomes
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    [told] = [o for o in outcomes if o != "ok"]
    winner = HouseholdLink.objects.get(household=home).member.person.name
    assert f"该户已是党员{winner}的联系户" in told
