"""Who sees which meetings: staff their subtree's branches, a member their own branch."""

import pytest

from grassroots.branchlife.models import BranchMeeting, MeetingKind
from grassroots.branchlife.testing import make_meeting
from grassroots.kernel.permissions import Role

from .conftest import last_month_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(tree):
    day = last_month_day()
    return {
        key: make_meeting(tree.party[key], MeetingKind.GENERAL, day, f"{key}大会")
        for key in ("grid_a1_1", "grid_a1_2", "grid_b1_1")
    }


def _seen(account):
    return set(BranchMeeting.objects.visible_to(account).values_list("topic", flat=True))


def test_staff_see_the_meetings_of_the_branches_in_their_subtree(meetings, personas):
    assert _seen(personas[Role.DISTRICT_ADMIN]) == {
        "grid_a1_1大会",
        "grid_a1_2大会",
        "grid_b1_1大会",
    }
    assert _seen(personas[Role.COMMUNITY_SECRETARY]) == {"grid_a1_1大会", "grid_a1_2大会"}
    assert _seen(personas[Role.GRID_WORKER]) == {"grid_a1_1大会"}
    assert _seen(personas[Role.RESIDENT]) == {"grid_a1_1大会"}


def test_a_member_sees_only_their_own_branch(meetings, personas, tree):
    member = personas[Role.PARTY_MEMBER]
    assert _seen(member) == set()  # no person behind the account: no branch
    member.person = tree.people["grid_b1_1"]  # lives in A1-1, belongs to B1-1's branch
    member.save(update_fields=["person"])
    assert _seen(member) == {"grid_b1_1大会"}


def test_a_member_who_also_holds_an_office_keeps_their_subtree(meetings, personas, tree):
    from grassroots.accounts.models import RoleGrant

    member = personas[Role.PARTY_MEMBER]
    RoleGrant.objects.create(account=member, role=Role.GRID_WORKER)
    member.refresh_from_db()
    assert _seen(member) == {"grid_a1_1大会"}
