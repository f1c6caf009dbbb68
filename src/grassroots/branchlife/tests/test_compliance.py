"""The rule of 三会一课 per quarter, and its roll-up up the party tree: a higher organisation
counts its branches, so its figures are the sums of its children's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.branchlife.models import MeetingKind
from grassroots.branchlife.rules import Missing, Quarter, judge
from grassroots.branchlife.selectors import compliance
from grassroots.branchlife.testing import make_meeting
from grassroots.kernel.permissions import Role
from grassroots.org.models import PartyOrganization, PartyOrgKind

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
AFTER_Q3 = datetime.date(2026, 10, 8)
G, C, P, L = MeetingKind.GENERAL, MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.LESSON


def full_quarter(quarter=Q3):
    return {(G, quarter.months[0]), (L, quarter.months[2])} | {
        (kind, month) for month in quarter.months for kind in (C, P)
    }


def hold_all(branch, quarter=Q3, skip=()):
    for kind, month in sorted(full_quarter(quarter)):
        if (kind, month) not in skip:
            make_meeting(branch, kind, datetime.date(quarter.year, month, 15), f"{kind}{month}")


# --- the rule -----------------------------------------------------------------------------------


def test_quarters_read_and_count_their_months():
    assert Quarter.parse("2026Q3") == Q3 == Quarter.parse(" 2026q3 ")
    assert Q3.months == (7, 8, 9)
    assert (Q3.start, Q3.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert Quarter.last_complete(datetime.date(2026, 12, 6)) == Q3
    assert Quarter.last_complete(datetime.date(2027, 2, 1)) == Quarter(2026, 4)
    with pytest.raises(ValueError, match="2026Q3"):
        Quarter.parse("2026Q5")


def test_a_branch_that_held_everything_keeps_the_rule():
    verdict = judge(Q3, full_quarter(), AFTER_Q3)
    assert verdict.compliant and not verdict.due


def test_each_missing_monthly_meeting_is_named_with_its_month():
    held = full_quarter() - {(C, 8), (P, 8), (P, 9)}
    verdict = judge(Q3, held, AFTER_Q3)
    assert not verdict.compliant
    assert verdict.missing == (Missing(C, 8), Missing(P, 8), Missing(P, 9))
    assert [m.label for m in verdict.missing] == [
        "支委会（8月）",
        "党小组会（8月）",
        "党小组会（9月）",
    ]


def test_a_quarter_without_a_general_meeting_or_a_lesson_misses_them():
    held = full_quarter() - {(G, 7), (L, 9)}
    assert judge(Q3, held, AFTER_Q3).missing == (Missing(G), Missing(L))


def test_in_a_quarter_still_running_what_can_still_be_held_is_due_not_missing():
    held = {(C, 7), (P, 7)}
    verdict = judge(Q3, held, datetime.date(2026, 8, 20))
    assert verdict.compliant
    assert Missing(G) in verdict.due and Missing(C, 8) in verdict.due
    late = judge(Q3, set(), datetime.date(2026, 8, 20))
    assert late.missing == (Missing(C, 7), Missing(P, 7))


# --- the roll-up --------------------------------------------------------------------------------


@pytest.fixture
def branches(tree):
    """Community A1's two grid branches, and a building branch under community A2."""
    a2 = PartyOrganization.objects.get(pk=tree.party["community_a2"].pk)
    building = PartyOrganization.objects.add_child(
        a2,
        {
            "org_node": tree.grid_a2_1,
            "kind": PartyOrgKind.BUILDING_BRANCH,
            "name": "前进社区1栋党支部",
        },
    )
    return {
        "a1_1": tree.party["grid_a1_1"],
        "a1_2": tree.party["grid_a1_2"],
        "a2": building,
        "b1": tree.party["grid_b1_1"],
    }


def test_a_street_counts_its_communities_branches_and_sums_them(branches, tree):
    hold_all(branches["a1_1"])
    hold_all(branches["a1_2"], skip={(L, 9)})
    hold_all(branches["a2"])
    street = PartyOrganization.objects.get(pk=tree.party["street_a"].pk)
    result = compliance(None, Q3, street, today=AFTER_Q3)
    rows = {row.org.name: row for row in result.rows}
    assert (rows["清河口社区党委"].branches, rows["清河口社区党委"].compliant) == (2, 1)
    assert (rows["前进社区大党总支"].branches, rows["前进社区大党总支"].compliant) == (1, 1)
    assert result.total.branches == sum(r.branches for r in result.rows) == 3
    assert result.total.compliant == sum(r.compliant for r in result.rows) == 2
    # 2 of 3 branches, not the average of 50% and 100%.
    assert str(result.total.rate) == "66.7"
    (failing,) = result.failing
    assert failing.branch.name == "清河口第二网格党支部"
    assert failing.verdict.missing == (Missing(L),)


def test_a_community_lists_its_branches_as_its_rows(branches, tree):
    hold_all(branches["a1_1"], skip={(P, 8)})
    community = PartyOrganization.objects.get(pk=tree.party["community_a1"].pk)
    result = compliance(None, Q3, community, today=AFTER_Q3)
    assert [r.org.name for r in result.rows] == ["清河口第一网格党支部", "清河口第二网格党支部"]
    assert [r.standing.verdict.missing for r in result.rows] == [
        (Missing(P, 8),),
        tuple(judge(Q3, set(), AFTER_Q3).missing),
    ]
    assert result.total.compliant == 0


def test_party_groups_and_committees_are_not_counted_as_branches(branches):
    result = compliance(None, Q3, today=AFTER_Q3)
    kinds = {s.branch.kind for s in result.standings}
    assert kinds == {PartyOrgKind.GRID_BRANCH, PartyOrgKind.BUILDING_BRANCH}
    assert result.total.branches == 4


def test_a_meeting_planned_for_later_does_not_count_yet(branches):
    hold_all(branches["a1_1"], skip={(L, 9)})
    make_meeting(branches["a1_1"], L, datetime.date(2026, 9, 28), "党课", minutes="")
    early = compliance(None, Q3, branches["a1_1"], today=datetime.date(2026, 9, 20))
    assert Missing(L) in early.standings[0].verdict.due
    later = compliance(None, Q3, branches["a1_1"], today=AFTER_Q3)
    assert later.standings[0].verdict.compliant


def test_staff_see_only_the_branches_of_their_subtree(branches, personas):
    street = compliance(personas[Role.STREET_STAFF], Q3, today=AFTER_Q3)
    assert street.org.name == "汉江街道大党工委"
    assert {s.branch.name for s in street.standings} == {
        "清河口第一网格党支部",
        "清河口第二网格党支部",
        "前进社区1栋党支部",
    }
    district = compliance(personas[Role.DISTRICT_ADMIN], Q3, today=AFTER_Q3)
    assert district.total.branches == 4
    assert {r.org.name for r in district.rows} == {"汉江街道大党工委", "王寨街道大党工委"}


def test_the_check_reads_a_fixed_number_of_queries_however_many_branches(tree, personas):
    community = PartyOrganization.objects.get(pk=tree.party["community_a1"].pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            compliance(personas[Role.COMMUNITY_SECRETARY], Q3, community, today=AFTER_Q3)
        return len(captured)

    queries()  # the account's scope is looked up once, then kept on it
    small = queries()
    parent = PartyOrganization.objects.get(pk=community.pk)
    for n in range(12):
        branch = PartyOrganization.objects.add_child(
            parent,
            {
                "org_node": tree.grid_a1_2,
                "kind": PartyOrgKind.BUILDING_BRANCH,
                "name": f"清河口{n}栋",
            },
        )
        parent = PartyOrganization.objects.get(pk=community.pk)
        hold_all(branch)
    assert queries() == small <= 6
