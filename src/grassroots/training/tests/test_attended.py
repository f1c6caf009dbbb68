"""A unit reads the classes its people attend: the class, its own people's hours, attendance and
feedback, and the briefs; never another unit's people, and never a change to the class.

The district's reading class has two participants: 张建国 of grid A1-1 (community A1, street A)
and 李秀英 of grid B1-1 (community B1, street B).
"""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once
from grassroots.testing.personas import make_account
from grassroots.training.models import Enrolment, Session, Speech, TrainingClass
from grassroots.training.services import submit_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(reading_class, participants):
    lecture = reading_class.sessions.get(title="党建引领基层治理的实践与思考")
    for enrolment, takeaway in zip(
        reading_class.enrolments.order_by("pk"), ("清河口的收获", "春园的收获"), strict=True
    ):
        submit_feedback(
            enrolment=enrolment, session=lecture, rating=5, takeaway=takeaway, actor=None
        )
    return lecture


def test_a_community_secretary_finds_the_class_its_people_attend(
    as_role, reading_class, participants
):
    client = as_role(Role.COMMUNITY_SECRETARY)
    listing = client.get("/training/").content.decode()
    assert reading_class.title in listing and "本单位学员参加" in listing
    page = client.get(f"/training/{reading_class.pk}/").content.decode()
    assert "本单位有学员参加此班" in page
    assert "张建国" in page and "李秀英" not in page
    assert "1 名学员" in page
    # Read, not run: no change of the class is offered.
    for link in ("/edit/", "/enrolment/", "/qr/", "添加课程"):
        assert link not in page


def test_the_brief_of_the_class_is_read_by_its_participants_units(
    as_role, reading_class, participants
):
    client = as_role(Role.COMMUNITY_SECRETARY)
    brief = client.get(f"/training/{reading_class.pk}/brief/?date=2020-09-21&number=1")
    assert brief.status_code == 200
    assert "李四" in brief.content.decode()  # the brief as published, every speech in it
    docx = client.get(f"/training/{reading_class.pk}/brief.docx?date=2020-09-21&number=1")
    assert docx.status_code == 200


def test_a_unit_without_people_in_the_class_does_not_see_it(
    client, tree, reading_class, participants
):
    client.force_login(make_account(tree.community_a2, Role.COMMUNITY_SECRETARY, username="a2"))
    assert reading_class.title not in client.get("/training/").content.decode()
    assert client.get(f"/training/{reading_class.pk}/").status_code == 404


def test_each_unit_sees_only_its_own_people_in_attendance_and_feedback(
    client, tree, reading_class, participants, rated
):
    secretary_b = make_account(tree.community_b1, Role.COMMUNITY_SECRETARY, username="b1")
    client.force_login(secretary_b)
    attendance = client.get(f"/training/sessions/{rated.pk}/attendance/").content.decode()
    assert "李秀英" in attendance and "张建国" not in attendance
    feedback = client.get(f"/training/sessions/{rated.pk}/feedback/").content.decode()
    assert "春园的收获" in feedback and "清河口的收获" not in feedback
    hours = client.get(f"/training/{reading_class.pk}/completion.xlsx")
    assert hours.status_code == 200


def test_a_street_whose_people_attend_cannot_change_the_districts_class(
    as_role, reading_class, participants
):
    client = as_role(Role.STREET_STAFF)  # may run classes of its own
    assert client.get(f"/training/{reading_class.pk}/").status_code == 200
    assert client.get(f"/training/{reading_class.pk}/edit/").status_code == 404
    assert client.get(f"/training/{reading_class.pk}/enrolment/").status_code == 404
    session = reading_class.sessions.get(kind="group_discussion")
    assert client.get(f"/training/sessions/{session.pk}/qr/").status_code == 404
    answer = client.post(
        f"/training/sessions/{session.pk}/speeches/",
        once({"speaker": "冒名", "post": "", "text": "不应记录"}),
    )
    assert answer.status_code == 200 and not Speech.objects.filter(speaker="冒名").exists()
    speech = session.speeches.first()
    assert client.get(f"/training/speeches/{speech.pk}/edit/").status_code == 404
    assert client.post(f"/training/speeches/{speech.pk}/delete/").status_code == 404
    assert Speech.objects.filter(pk=speech.pk).exists()


def test_shared_rows_follow_the_people_not_the_class(tree, personas, reading_class, participants):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    assert list(TrainingClass.objects.visible_to(secretary)) == [reading_class]
    assert not TrainingClass.objects.editable_by(secretary).exists()
    assert set(Session.objects.visible_to(secretary)) == set(reading_class.sessions.all())
    assert [e.person.name for e in Enrolment.objects.visible_to(secretary)] == ["张建国"]
    assert Speech.objects.visible_to(secretary).count() == Speech.objects.count()
