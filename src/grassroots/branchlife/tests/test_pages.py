"""The pages as each role meets them: the compliance page with its quarter, a branch and its
meetings, and a party member's home page with their branch's meetings."""

import datetime

import pytest

from grassroots.branchlife.models import AbsenceReason, Attendance, MeetingKind
from grassroots.branchlife.testing import make_meeting
from grassroots.kernel.permissions import Role

from .conftest import last_month_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(personas, tree, people):
    """The party-member persona is 张建国 of 清河口第一网格党支部."""
    account = personas[Role.PARTY_MEMBER]
    account.person = tree.people["grid_a1_1"]
    account.save(update_fields=["person"])
    return account


def test_the_compliance_page_defaults_to_the_last_complete_quarter(as_role, tree):
    page = as_role(Role.STREET_STAFF).get("/branchlife/")
    assert page.status_code == 200
    body = page.content.decode()
    today = datetime.date.today()
    last = (today.month - 1) // 3 or 4
    year = today.year if today.month > 3 else today.year - 1
    assert f'value="{year}Q{last}" selected' in body
    assert "汉江街道大党工委" in body and "清河口社区党委" in body
    assert "王寨街道" not in body


def test_a_quarter_can_be_chosen_and_a_bad_one_is_told(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    make_meeting(tree.party["grid_a1_1"], MeetingKind.LESSON, datetime.date(2026, 5, 10), "党课")
    body = client.get("/branchlife/?quarter=2026Q2").content.decode()
    assert "2026年第2季度" in body
    assert (
        "支部党员大会（本季度）" in body
        and "党课（本季度）" not in body.split("清河口第一网格党支部")[1].split("</li>")[0]
    )
    bad = client.get("/branchlife/?quarter=2026Q9")
    assert bad.status_code == 400
    assert "季度应写作如2026Q3" in bad.content.decode()


def test_a_branch_page_lists_its_meetings_with_attendance(as_role, branch, people):
    meeting = make_meeting(branch, MeetingKind.GENERAL, last_month_day(), "民主评议党员")
    Attendance.objects.create(meeting=meeting, person=people["王红梅"], present=True)
    Attendance.objects.create(
        meeting=meeting, person=people["刘志强"], present=False, reason=AbsenceReason.DUTY
    )
    body = as_role(Role.COMMUNITY_SECRETARY).get(f"/branchlife/orgs/{branch.pk}/").content.decode()
    assert "民主评议党员" in body and "出席 1 人，缺席 1 人" in body
    assert "登记会议" in body


def test_a_member_sees_their_branch_meetings_to_come_and_their_attendance(
    client, member, branch, people
):
    today = datetime.date.today()
    held = make_meeting(branch, MeetingKind.COMMITTEE, today, "本月支委会")
    Attendance.objects.create(meeting=held, person=member.person, present=True)
    make_meeting(
        branch,
        MeetingKind.LESSON,
        today + datetime.timedelta(days=9),
        "党课：传承红色基因",
        minutes="",
    )
    client.force_login(member)
    home = client.get("/").content.decode()
    assert 'data-testid="branchlife-panel"' in home
    assert "党课：传承红色基因" in home
    assert "应参加 1 次，出席 1 次" in home


def test_a_member_reaches_their_branch_and_no_other(client, member, branch, tree):
    other = make_meeting(tree.party["grid_a1_2"], MeetingKind.GENERAL, last_month_day(), "别的支部")
    own = make_meeting(branch, MeetingKind.GENERAL, last_month_day(), "本支部大会")
    client.force_login(member)
    assert client.get("/branchlife/")["Location"] == f"/branchlife/orgs/{branch.pk}/"
    assert client.get(f"/branchlife/meetings/{own.pk}/").status_code == 200
    assert client.get(f"/branchlife/meetings/{other.pk}/").status_code == 404
    assert client.get(f"/branchlife/orgs/{branch.pk}/new/").status_code == 404


def test_a_member_without_a_branch_is_told_so(client, personas):
    client.force_login(personas[Role.PARTY_MEMBER])
    page = client.get("/branchlife/")
    assert "尚未关联所在党支部" in page.content.decode()
    assert 'data-testid="branchlife-panel"' not in client.get("/").content.decode()


def test_staff_get_no_member_panel(as_role, branch):
    assert (
        'data-testid="branchlife-panel"'
        not in as_role(Role.COMMUNITY_SECRETARY).get("/").content.decode()
    )
