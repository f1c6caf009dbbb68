"""A participant checks in on a phone (375 px): a fresh code, twice, and an expired one; the
staff's QR screen, speech recording and the brief page fit the phone too."""

from __future__ import annotations

import datetime
import time
from urllib.parse import urlencode

import pytest

from grassroots.kernel.permissions import Role
from grassroots.testing.personas import make_account
from grassroots.training.models import Attendance, AttendanceStatus, Session, TrainingClass
from grassroots.training.services import enrol
from grassroots.training.services.checkin import make_code

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def lecture(tree):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    training_class = TrainingClass.objects.create(
        org_node=tree.district,
        title="2020年全区党组织书记读书班",
        organizer="中共樊城区委组织部",
        start_date=yesterday,
        end_date=yesterday,
        required_hours=3,
    )
    return Session.objects.create(
        training_class=training_class,
        kind="lecture",
        title="党建引领基层治理",
        date=yesterday,
        start=datetime.time(9, 0),
        speaker="李明",
        hours=3,
    )


@pytest.fixture
def learner(tree, lecture):
    person = tree.people["grid_a1_1"]
    enrol(training_class=lecture.training_class, person=person, post="网格党支部书记", actor=None)
    return make_account(person.org_node, Role.PARTY_MEMBER, username="learner", person=person)


def check_in_url(code):
    return "/training/check-in/?" + urlencode({"code": code})


def test_a_participant_checks_in_on_a_phone_and_a_second_scan_changes_nothing(
    new_page, lecture, learner, screens
):
    page = new_page(learner)
    page.goto(check_in_url(make_code(lecture)))
    assert "党建引领基层治理" in page.inner_text("[data-testid=session-name]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-check-in-375.png", full_page=True)
    page.click("[data-testid=check-in-button]")
    done = page.inner_text("[data-testid=check-in-done]")
    assert "签到成功" in done
    page.screenshot(path=screens / "training-checked-in-375.png", full_page=True)
    attendance = Attendance.objects.get()
    assert attendance.status == AttendanceStatus.LATE  # the lecture began yesterday
    page.goto(check_in_url(make_code(lecture)))
    page.click("[data-testid=check-in-button]")
    assert "无需重复签到" in page.inner_text("[data-testid=check-in-done]")
    assert Attendance.objects.count() == 1


def test_a_photo_of_an_old_code_is_refused_with_a_clear_message(
    new_page, lecture, learner, screens, monkeypatch
):
    made = time.time() - (lecture.training_class.code_minutes + 5) * 60
    monkeypatch.setattr("time.time", lambda: made)
    code = make_code(lecture)
    monkeypatch.undo()
    page = new_page(learner)
    page.goto(check_in_url(code))
    message = page.inner_text("[data-testid=check-in-error]")
    assert "签到码已过期" in message and "最新的二维码" in message
    assert page.locator("[data-testid=check-in-button]").count() == 0
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-expired-375.png", full_page=True)
    assert not Attendance.objects.exists()


def test_the_qr_screen_and_the_brief_page_fit_a_phone(new_page, lecture, personas, screens):
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto(f"/training/sessions/{lecture.pk}/qr/")
    assert page.locator("[data-testid=qr] svg").count() == 1
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-qr-375.png", full_page=True)
    page.goto(f"/training/{lecture.training_class_id}/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-class-375.png", full_page=True)
    page.click("[data-testid=brief-button]")
    assert "2020年全区党组织书记读书班简报" in page.inner_text("[data-testid=brief]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-brief-375.png", full_page=True)


def test_speeches_are_recorded_and_reordered_on_a_phone(new_page, lecture, personas, screens):
    discussion = Session.objects.create(
        training_class=lecture.training_class,
        kind="group_discussion",
        title="分组讨论",
        date=lecture.date,
        start=datetime.time(14, 30),
    )
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto(f"/training/sessions/{discussion.pk}/speeches/")
    for name in ("张三", "李四"):
        page.fill("input[name=speaker]", name)
        page.fill("input[name=post]", "社区党委书记")
        page.fill("textarea[name=text]", f"{name}的发言。")
        page.click("[data-testid=speech-form] button")
        page.wait_for_selector(f"text={name}的发言。")
    page.click("#speech-list li:nth-child(2) >> text=上移")
    page.wait_for_function(
        "() => document.querySelector('#speech-list li').innerText.includes('李四')"
    )
    assert list(discussion.speeches.order_by("position").values_list("speaker", flat=True)) == [
        "李四",
        "张三",
    ]
    page.click("#speech-list li:nth-child(1) >> text=编辑")
    page.fill("#speech-list textarea[name=text]", "李四修改后的发言。")
    page.click("#speech-list form button:has-text('保存')")
    page.wait_for_selector("text=李四修改后的发言。")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "training-speeches-375.png", full_page=True)


def test_choosing_a_trainee_as_speaker_fills_in_name_and_post(new_page, lecture, learner, personas):
    page = new_page(personas[Role.DISTRICT_ADMIN])
    page.goto(f"/training/sessions/{lecture.pk}/speeches/")
    page.select_option("select[name=enrolment]", label="张建国")
    assert page.input_value("input[name=speaker]") == "张建国"
    assert page.input_value("input[name=post]") == "网格党支部书记"
