"""Recording a meeting: attendance from the branch's members, minutes, the rules a secretary
is told about, and an edit someone else got to first."""

import datetime

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.branchlife.models import AbsenceReason, Attendance, BranchMeeting, MeetingKind
from grassroots.branchlife.services import (
    MeetingEntry,
    MeetingError,
    StaleMeeting,
    record_meeting,
    update_meeting,
)
from grassroots.branchlife.testing import add_members
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once

from .conftest import last_month_day

pytestmark = pytest.mark.django_db


def _general(people, **changes):
    attendance = {p.pk: "" for p in people.values()}
    attendance[people["刘志强"].pk] = AbsenceReason.SICK
    fields = {
        "kind": MeetingKind.GENERAL,
        "held_on": last_month_day(),
        "topic": "学习党的二十届四中全会精神",
        "place": "社区党群服务中心",
        "minutes": "书记传达全会精神，党员逐一发言。",
        "attendance": attendance,
    }
    return MeetingEntry(**{**fields, **changes})


def test_a_meeting_is_recorded_with_who_attended_and_why_others_did_not(branch, people, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    meeting = record_meeting(branch, _general(people), actor=secretary)
    rows = {a.person.name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert set(rows) == {"张建国", "王红梅", "刘志强", "陈立新"}
    assert not rows["刘志强"].present and rows["刘志强"].reason == AbsenceReason.SICK
    assert rows["王红梅"].present
    assert meeting.recorded_by == secretary
    event = AuditEvent.objects.get(action="branch_meeting_recorded")
    assert event.actor == secretary and event.detail["present"] == 3


def test_at_a_general_meeting_every_member_is_accounted_for(branch, people):
    attendance = {people["张建国"].pk: "", people["王红梅"].pk: ""}
    with pytest.raises(MeetingError, match="应到全体党员"):
        record_meeting(branch, _general(people, attendance=attendance))
    assert not BranchMeeting.objects.exists()


def test_a_committee_meeting_lists_only_those_due(branch, people):
    entry = _general(
        people,
        kind=MeetingKind.COMMITTEE,
        attendance={people["张建国"].pk: "", people["王红梅"].pk: AbsenceReason.DUTY},
    )
    meeting = record_meeting(branch, entry)
    assert meeting.attendance.count() == 2


def test_only_the_branch_members_can_be_ticked(branch, people, tree):
    (stranger,) = add_members(tree.party["grid_b1_1"], "外支部党员")
    attendance = {**_general(people).attendance, stranger.pk: ""}
    with pytest.raises(MeetingError, match="本支部党员"):
        record_meeting(branch, _general(people, attendance=attendance))


def test_a_planned_meeting_has_no_attendance_or_minutes_yet(branch, people):
    later = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(MeetingError, match="尚未召开"):
        record_meeting(branch, _general(people, held_on=later))
    planned = record_meeting(
        branch, _general(people, held_on=later, attendance={}, minutes="", kind=MeetingKind.LESSON)
    )
    assert planned.is_planned(datetime.date.today())


def test_only_a_branch_holds_meetings(tree, people):
    with pytest.raises(MeetingError, match="只有党支部"):
        record_meeting(tree.party["community_a1"], _general(people, attendance={}))


def test_an_edit_records_what_changed_from_what(branch, people, personas):
    meeting = record_meeting(branch, _general(people))
    entry = _general(people, topic="学习四中全会精神（补充）")
    attendance = dict(entry.attendance)
    attendance[people["刘志强"].pk] = ""
    entry = _general(people, topic="学习四中全会精神（补充）", attendance=attendance)
    updated = update_meeting(meeting, entry, version=1, actor=personas[Role.COMMUNITY_SECRETARY])
    assert updated.version == 2
    assert Attendance.objects.get(meeting=meeting, person=people["刘志强"]).present
    changes = AuditEvent.objects.get(action="branch_meeting_changed").detail["changes"]
    assert changes["topic"] == ["学习党的二十届四中全会精神", "学习四中全会精神（补充）"]
    assert changes["attendance"] == [{"present": 3, "absent": 1}, {"present": 4, "absent": 0}]


def test_the_second_of_two_concurrent_edits_is_told_and_writes_nothing(branch, people):
    meeting = record_meeting(branch, _general(people))
    update_meeting(meeting, _general(people, topic="第一位书记的修改"), version=1)
    with pytest.raises(StaleMeeting):
        update_meeting(meeting, _general(people, topic="第二位书记的修改"), version=1)
    assert BranchMeeting.objects.get(pk=meeting.pk).topic == "第一位书记的修改"


# --- the pages ------------------------------------------------------------------------------


def _post(people, **extra):
    data = {
        "kind": MeetingKind.GENERAL,
        "held_on": last_month_day().isoformat(),
        "topic": "民主评议党员",
        "place": "网格党员活动室",
        "minutes": "会议对全体党员进行民主评议。",
        "present": [people["张建国"].pk, people["王红梅"].pk, people["陈立新"].pk],
        f"reason_{people['刘志强'].pk}": AbsenceReason.PERSONAL,
    }
    data.update(extra)
    return data


def test_the_secretary_records_a_meeting_on_the_page(as_role, branch, people):
    client = as_role(Role.COMMUNITY_SECRETARY)
    form = client.get(f"/branchlife/orgs/{branch.pk}/new/")
    assert form.status_code == 200
    body = form.content.decode()
    assert all(name in body for name in people)
    response = client.post(f"/branchlife/orgs/{branch.pk}/new/", once(_post(people)))
    meeting = BranchMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/branchlife/meetings/{meeting.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "民主评议党员" in page and "事假" in page and "会议对全体党员进行民主评议。" in page


def test_a_missing_reason_is_shown_next_to_the_attendance_and_nothing_is_written(
    as_role, branch, people
):
    client = as_role(Role.COMMUNITY_SECRETARY)
    data = _post(people)
    del data[f"reason_{people['刘志强'].pk}"]
    response = client.post(f"/branchlife/orgs/{branch.pk}/new/", once(data))
    assert response.status_code == 400
    assert "未出席的党员请选择缺席原因" in response.content.decode()
    assert 'data-testid="attendance-error"' in response.content.decode()
    assert not BranchMeeting.objects.exists()


def test_a_form_without_a_topic_says_so_in_chinese(as_role, branch, people):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(f"/branchlife/orgs/{branch.pk}/new/", once(_post(people, topic="")))
    assert response.status_code == 400
    assert "必填" in response.content.decode()


def test_the_page_tells_the_slower_of_two_editors(as_role, branch, people):
    meeting = record_meeting(branch, _general(people))
    client = as_role(Role.COMMUNITY_SECRETARY)
    url = f"/branchlife/meetings/{meeting.pk}/edit/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    assert client.post(url, _post(people, topic="先保存的", version=1)).status_code == 302
    late = client.post(url, _post(people, topic="后保存的", version=1))
    assert late.status_code == 400
    assert "已被他人修改" in late.content.decode()
    assert BranchMeeting.objects.get(pk=meeting.pk).topic == "先保存的"


def test_a_grid_worker_sees_meetings_but_cannot_record_them(as_role, branch, people):
    meeting = record_meeting(branch, _general(people))
    client = as_role(Role.GRID_WORKER)
    assert client.get(f"/branchlife/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/branchlife/orgs/{branch.pk}/new/").status_code == 404
    assert client.get(f"/branchlife/meetings/{meeting.pk}/edit/").status_code == 404
