"""Study hours, the completion list (xlsx) and lecture ratings."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from grassroots.kernel.permissions import Role
from grassroots.training.selectors import completion_list, ratings, study_hours
from grassroots.training.services import TrainingError, submit_feedback
from grassroots.training.services.checkin import mark_attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(reading_class, participants, personas):
    """张建国 attends the opening, both lectures (one late) and the discussion: 9 hours;
    李秀英 attends the first lecture and is on leave for the rest: 3 hours."""
    staff = personas[Role.DISTRICT_ADMIN]
    zhang, li = (
        participants[k].person.training_enrolments.get() for k in ("grid_a1_1", "grid_b1_1")
    )
    sessions = {(s.kind, s.date.day): s for s in reading_class.sessions.all()}
    for key, status in (
        (("opening", 21), "present"),
        (("lecture", 21), "present"),
        (("group_discussion", 21), "present"),
        (("lecture", 22), "late"),
    ):
        mark_attendance(enrolment=zhang, session=sessions[key], status=status, actor=staff)
    mark_attendance(enrolment=li, session=sessions[("lecture", 21)], status="present", actor=staff)
    mark_attendance(enrolment=li, session=sessions[("lecture", 22)], status="leave", actor=staff)
    return zhang, li, sessions


def test_study_hours_add_up_the_sessions_attended_on_time_or_late(marked, personas):
    zhang, li, sessions = marked
    hours = {
        row.enrolment.person.name: (row.hours, row.attended, row.late)
        for row in study_hours(zhang.training_class, personas[Role.DISTRICT_ADMIN])
    }
    assert hours == {"张建国": (Decimal("9.0"), 4, 1), "李秀英": (Decimal("3.0"), 1, 0)}


def test_only_those_who_meet_the_required_hours_complete(marked, personas):
    zhang, li, sessions = marked
    district = personas[Role.DISTRICT_ADMIN]
    assert [
        row.enrolment.person.name for row in completion_list(zhang.training_class, district)
    ] == ["张建国"]


def test_the_completion_list_downloads_as_xlsx(as_role, marked):
    zhang, li, sessions = marked
    response = as_role(Role.DISTRICT_ADMIN).get(
        f"/training/{zhang.training_class_id}/completion.xlsx"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["序号", "姓名", "单位", "职务", "讨论组", "学时", "应修学时"],
        ["1", "张建国", "清河口第一网格", "清河口第一网格党支部书记", "第一组", "9.0", "6.0"],
    ]


def test_each_lecture_shows_its_average_and_count_and_the_class_its_overall(marked, personas):
    zhang, li, sessions = marked
    staff = personas[Role.DISTRICT_ADMIN]
    first, second = sessions[("lecture", 21)], sessions[("lecture", 22)]
    submit_feedback(enrolment=zhang, session=first, rating=5, takeaway="很受启发", actor=staff)
    submit_feedback(enrolment=li, session=first, rating=4, actor=staff)
    submit_feedback(enrolment=zhang, session=second, rating=3, actor=staff)
    lines, overall = ratings(zhang.training_class)
    by_title = {line.session.title: (line.average, line.count) for line in lines}
    assert by_title["党建引领基层治理的实践与思考"] == (4.5, 2)
    assert by_title["网格化管理"] == (3.0, 1)
    assert (overall.average, overall.count) == (4.0, 3)


def test_rating_again_replaces_the_earlier_rating(marked, personas):
    zhang, li, sessions = marked
    lecture = sessions[("lecture", 21)]
    submit_feedback(enrolment=zhang, session=lecture, rating=2, actor=None)
    submit_feedback(enrolment=zhang, session=lecture, rating=5, actor=None)
    assert list(lecture.feedback.values_list("rating", flat=True)) == [5]


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_refused(marked, rating):
    zhang, li, sessions = marked
    with pytest.raises(TrainingError, match="1到5分"):
        submit_feedback(
            enrolment=zhang, session=sessions[("lecture", 21)], rating=rating, actor=None
        )


def test_an_opening_ceremony_is_not_rated(marked):
    zhang, li, sessions = marked
    with pytest.raises(TrainingError):
        submit_feedback(enrolment=zhang, session=sessions[("opening", 21)], rating=5, actor=None)


def test_a_participant_rates_a_lecture_on_my_training(client, marked, participants):
    zhang, li, sessions = marked
    lecture = sessions[("lecture", 21)]
    client.force_login(participants["grid_b1_1"])
    page = client.get("/training/mine/")
    assert "党建引领基层治理的实践与思考" in page.content.decode()
    client.post("/training/mine/", {"session": lecture.pk, "rating": "4", "takeaway": "受益"})
    assert list(lecture.feedback.values_list("enrolment__person__name", "rating", "takeaway")) == [
        ("李秀英", 4, "受益")
    ]
    assert "已评价：4 分" in client.get("/training/mine/").content.decode()
