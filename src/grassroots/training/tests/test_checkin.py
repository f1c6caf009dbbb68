"""Checking in by QR code: a fresh code works once, an old photo of it does not."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.training.models import Attendance, AttendanceStatus, CheckInMethod
from grassroots.training.services.checkin import (
    CheckInRefused,
    check_in,
    make_code,
    mark_attendance,
)
from grassroots.training.testing import make_session

pytestmark = pytest.mark.django_db


def at(session, minutes):
    start = datetime.datetime.combine(session.date, session.start)
    return timezone.make_aware(start) + datetime.timedelta(minutes=minutes)


@pytest.fixture
def lecture(reading_class):
    return reading_class.sessions.get(kind="lecture", date=datetime.date(2020, 9, 21))


def code_made_at(session, moment, monkeypatch, classroom=None):
    monkeypatch.setattr("time.time", lambda: moment.timestamp())
    code = make_code(session, classroom)
    monkeypatch.undo()
    return code


def test_a_fresh_code_checks_the_participant_in_on_time(lecture, participants, monkeypatch):
    code = code_made_at(lecture, at(lecture, -10), monkeypatch)
    result = check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, -5))
    assert not result.already
    attendance = Attendance.objects.get()
    assert attendance.status == AttendanceStatus.PRESENT
    assert attendance.method == CheckInMethod.QR
    assert AuditEvent.objects.filter(action=Action.TRAINING_ATTENDANCE).count() == 1


def test_arriving_after_the_grace_period_is_late(lecture, participants, monkeypatch):
    grace = lecture.training_class.late_grace_minutes
    code = code_made_at(lecture, at(lecture, grace), monkeypatch)
    check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, grace))
    check_in(code=code, account=participants["grid_b1_1"], now=at(lecture, grace + 1))
    statuses = dict(Attendance.objects.values_list("enrolment__person__name", "status"))
    assert statuses == {"张建国": AttendanceStatus.PRESENT, "李秀英": AttendanceStatus.LATE}


def test_an_expired_code_is_refused_with_the_time_it_was_made(lecture, participants, monkeypatch):
    minutes = lecture.training_class.code_minutes
    code = code_made_at(lecture, at(lecture, 0), monkeypatch)
    with pytest.raises(CheckInRefused, match=f"已过期.*09:30.*有效期{minutes}分钟"):
        check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, minutes + 1))
    assert not Attendance.objects.exists()


def test_the_validity_of_a_code_is_set_per_class(lecture, participants, monkeypatch):
    lecture.training_class.code_minutes = 30
    lecture.training_class.save()
    code = code_made_at(lecture, at(lecture, 0), monkeypatch)
    check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, 29))
    assert Attendance.objects.count() == 1


def test_checking_in_twice_keeps_the_first_check_in(lecture, participants, monkeypatch):
    code = code_made_at(lecture, at(lecture, -10), monkeypatch)
    first = check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, -5))
    fresh = code_made_at(lecture, at(lecture, 7), monkeypatch)
    again = check_in(code=fresh, account=participants["grid_a1_1"], now=at(lecture, 8))
    assert again.already and again.attendance.pk == first.attendance.pk
    old_link = check_in(code=code, account=participants["grid_a1_1"], now=at(lecture, 30))
    assert old_link.already
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT
    assert AuditEvent.objects.filter(action=Action.TRAINING_ATTENDANCE).count() == 1


def test_a_code_of_another_class_does_not_check_anyone_in_here(
    tree, lecture, participants, monkeypatch
):
    other = make_session(tree.district, "other")
    code = code_made_at(other, at(other, 0), monkeypatch)
    with pytest.raises(CheckInRefused, match="不是本培训班的学员"):
        check_in(code=code, account=participants["grid_a1_1"], now=at(other, 1))
    assert not Attendance.objects.exists()


def test_a_code_counts_for_its_own_session_only(reading_class, lecture, participants, monkeypatch):
    opening = reading_class.sessions.get(kind="opening")
    code = code_made_at(opening, at(opening, 0), monkeypatch)
    check_in(code=code, account=participants["grid_a1_1"], now=at(opening, 1))
    assert list(Attendance.objects.values_list("session", flat=True)) == [opening.pk]


def test_a_tampered_code_is_refused(lecture, participants, monkeypatch):
    code = code_made_at(lecture, at(lecture, 0), monkeypatch)
    with pytest.raises(CheckInRefused, match="签到码无效"):
        check_in(code=code[:-2] + "xx", account=participants["grid_a1_1"], now=at(lecture, 1))


def test_someone_not_enrolled_cannot_check_in(lecture, personas, monkeypatch):
    code = code_made_at(lecture, at(lecture, 0), monkeypatch)
    with pytest.raises(CheckInRefused, match="不是本培训班的学员"):
        check_in(code=code, account=personas[Role.STREET_STAFF], now=at(lecture, 1))


def test_a_video_class_code_records_the_sub_classroom(reading_class, participants, monkeypatch):
    video = reading_class.sessions.get(kind="video_class")
    sub = video.classrooms.get(name="区委党校分课堂")
    code = code_made_at(video, at(video, 0), monkeypatch, classroom=sub)
    check_in(code=code, account=participants["grid_b1_1"], now=at(video, 1))
    assert Attendance.objects.get().classroom == sub


def test_staff_mark_leave_and_absent_and_each_change_is_kept(lecture, participants, personas):
    staff = personas[Role.DISTRICT_ADMIN]
    enrolment = participants["grid_a1_1"].person.training_enrolments.get()
    mark_attendance(enrolment=enrolment, session=lecture, status="leave", actor=staff)
    assert Attendance.objects.get().status == "leave"
    mark_attendance(enrolment=enrolment, session=lecture, status="absent", actor=staff)
    assert not Attendance.objects.exists()
    changes = lecture.training_class.changes.filter(what="mark_attendance")
    assert [(c.before, c.after) for c in changes.order_by("pk")] == [
        ({"status": "absent"}, {"status": "leave"}),
        ({"status": "leave"}, {"status": "absent"}),
    ]


def test_the_qr_screen_shows_a_code_that_the_check_in_page_accepts(
    client, lecture, participants, personas
):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    page = client.get(f"/training/sessions/{lecture.pk}/qr/")
    assert page.status_code == 200 and b"<svg" in page.content
    link = page.context["link"]
    code = parse_qs(urlsplit(link).query)["code"][0]
    client.force_login(participants["grid_a1_1"])
    shown = client.get(link)
    assert "确认签到" in shown.content.decode()
    done = client.post("/training/check-in/", {"code": code})
    assert "签到成功" in done.content.decode()
    assert "无需重复签到" in client.post("/training/check-in/", {"code": code}).content.decode()
