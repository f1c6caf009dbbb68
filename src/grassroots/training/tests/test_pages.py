"""The training pages: who sees which class, the class page, enrolment, speeches, the brief."""

import io

import pytest
from docx import Document

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once
from grassroots.training.brief import SPEECHES_INTRO
from grassroots.training.loading import parse_class
from grassroots.training.models import Enrolment, Speech, TrainingClass
from grassroots.training.services import create_class

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def street_class(tree, class_data):
    class_data["title"] = "汉江街道网格党支部书记培训班"
    spec, _ = parse_class(class_data)
    return create_class(spec=spec, node=tree.street_a)


def test_a_street_sees_its_own_classes_and_never_another_streets(
    tree, as_role, street_class, class_data
):
    class_data["title"] = "王寨街道培训班"
    spec, _ = parse_class(class_data)
    other = create_class(spec=spec, node=tree.street_b)
    client = as_role(Role.STREET_STAFF)
    listing = client.get("/training/").content.decode()
    assert "汉江街道网格党支部书记培训班" in listing and "王寨街道培训班" not in listing
    assert client.get(f"/training/{street_class.pk}/").status_code == 200
    assert client.get(f"/training/{other.pk}/").status_code == 404
    assert client.get(f"/training/{other.pk}/brief/").status_code == 404
    session = other.sessions.first()
    assert client.get(f"/training/sessions/{session.pk}/speeches/").status_code == 404


def test_roles_without_training_permission_get_no_link_and_no_page(as_role, reading_class):
    client = as_role(Role.GRID_WORKER)
    assert "/training/" not in client.get("/").content.decode()
    assert client.get("/training/").status_code == 404
    assert "/training/" in as_role(Role.DISTRICT_ADMIN).get("/").content.decode()


def test_the_class_page_lists_sessions_ratings_hours_and_the_brief_button(as_role, reading_class):
    page = as_role(Role.DISTRICT_ADMIN).get(f"/training/{reading_class.pk}/").content.decode()
    for text in (
        "2020年全区党组织书记读书班",
        "开班式",
        "党建引领基层治理的实践与思考",
        "视频课",
        "生成简报",
        "导出结业名单",
        "应修学时",
    ):
        assert text in page


def test_a_class_is_created_at_the_staff_members_unit(tree, as_role):
    client = as_role(Role.STREET_STAFF)
    response = client.post(
        "/training/new/",
        once(
            {
                "title": "网格员培训班",
                "organizer": "汉江街道党工委",
                "start_date": "2021-03-01",
                "end_date": "2021-03-02",
                "place": "",
                "required_hours": "4",
                "code_minutes": "10",
                "late_grace_minutes": "5",
            }
        ),
    )
    created = TrainingClass.objects.get(title="网格员培训班")
    assert response.url == f"/training/{created.pk}/"
    assert created.org_node == tree.street_a
    assert AuditEvent.objects.filter(action=Action.TRAINING_CLASS_CHANGED).exists()


def test_a_session_outside_the_class_dates_is_refused(as_role, street_class):
    client = as_role(Role.STREET_STAFF)
    client.post(
        f"/training/{street_class.pk}/sessions/new/",
        once({"kind": "lecture", "title": "迟到的课", "date": "2021-01-01", "hours": "2"}),
    )
    assert not street_class.sessions.filter(title="迟到的课").exists()
    client.post(
        f"/training/{street_class.pk}/sessions/new/",
        once(
            {
                "kind": "lecture",
                "title": "补课",
                "date": "2020-09-22",
                "start": "14:00",
                "hours": "2",
            }
        ),
    )
    assert street_class.sessions.filter(title="补课").exists()


def test_only_people_in_scope_can_be_enrolled(tree, as_role, street_class):
    client = as_role(Role.STREET_STAFF)
    page = client.get(f"/training/{street_class.pk}/enrolment/").content.decode()
    assert "张建国" in page and "李秀英" not in page
    mine, theirs = tree.people["grid_a1_1"], tree.people["grid_b1_1"]
    client.post(
        f"/training/{street_class.pk}/enrolment/",
        {"person": mine.pk, "post": "网格党支部书记", "group": "第二组"},
    )
    assert (
        client.post(f"/training/{street_class.pk}/enrolment/", {"person": theirs.pk}).status_code
        == 404
    )
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.post, enrolment.group.name) == (
        mine,
        "网格党支部书记",
        "第二组",
    )


def test_a_community_secretary_reads_but_does_not_change_a_class(tree, as_role, class_data):
    spec, _ = parse_class(class_data)
    local = create_class(spec=spec, node=tree.community_a1)
    client = as_role(Role.COMMUNITY_SECRETARY)
    discussion = local.sessions.get(kind="group_discussion")
    assert client.get(f"/training/sessions/{discussion.pk}/speeches/").status_code == 200
    client.post(
        f"/training/sessions/{discussion.pk}/speeches/",
        once({"speaker": "某人", "post": "", "text": "不该记下"}),
    )
    assert discussion.speeches.count() == 3
    speech = discussion.speeches.first()
    assert client.post(f"/training/speeches/{speech.pk}/delete/").status_code == 404


@pytest.fixture
def discussion(reading_class):
    return reading_class.sessions.get(kind="group_discussion")


def speakers(session):
    return list(session.speeches.order_by("position").values_list("speaker", flat=True))


def test_staff_record_a_speech_and_it_joins_the_end_of_the_order(as_role, discussion):
    client = as_role(Role.DISTRICT_ADMIN)
    client.post(
        f"/training/sessions/{discussion.pk}/speeches/",
        once({"speaker": "孙八", "post": "前进社区党委书记", "text": "第一段\n第二段"}),
    )
    assert speakers(discussion) == ["张三", "李四", "王五", "孙八"]
    assert AuditEvent.objects.filter(action=Action.TRAINING_SPEECH_CHANGED).count() == 1


def test_speeches_move_up_and_down_with_htmx(as_role, discussion):
    client = as_role(Role.DISTRICT_ADMIN)
    wang = discussion.speeches.get(speaker="王五")
    response = client.post(f"/training/speeches/{wang.pk}/move/", {"direction": "up"}, **HTMX)
    assert speakers(discussion) == ["张三", "王五", "李四"]
    html = response.content.decode()
    assert html.index("王五") < html.index("李四")
    zhang = discussion.speeches.get(speaker="张三")
    client.post(f"/training/speeches/{zhang.pk}/move/", {"direction": "down"}, **HTMX)
    assert speakers(discussion) == ["王五", "张三", "李四"]


def test_an_edit_saves_and_an_edit_of_an_older_version_is_refused(as_role, discussion):
    client = as_role(Role.DISTRICT_ADMIN)
    li = discussion.speeches.get(speaker="李四")
    form = {
        "speaker": "李四",
        "post": "清河口社区党委书记",
        "text": "修改后的发言",
        "version": li.version,
    }
    client.post(f"/training/speeches/{li.pk}/edit/", form, **HTMX)
    assert Speech.objects.get(pk=li.pk).text == "修改后的发言"
    stale = client.post(
        f"/training/speeches/{li.pk}/edit/", {**form, "text": "旧版上的修改"}, **HTMX
    )
    assert "已被他人修改" in stale.content.decode()
    assert stale["HX-Retarget"] == f"#speech-{li.pk}"
    assert Speech.objects.get(pk=li.pk).text == "修改后的发言"
    change = discussion.training_class.changes.filter(what="edit_speech").get()
    assert change.before["text"] == "我谈三点体会。" and change.after["text"] == "修改后的发言"


def test_a_deleted_speech_leaves_the_brief(as_role, reading_class, discussion):
    client = as_role(Role.DISTRICT_ADMIN)
    wang = discussion.speeches.get(speaker="王五")
    client.post(f"/training/speeches/{wang.pk}/delete/", **HTMX)
    page = client.get(f"/training/{reading_class.pk}/brief/?date=2020-09-21&number=1")
    assert "王五：" not in page.content.decode()


def test_the_brief_page_shows_the_brief_and_its_word_file_matches(as_role, reading_class):
    client = as_role(Role.DISTRICT_ADMIN)
    query = "date=2020-09-21&number=1&editor=刘洋"
    page = client.get(f"/training/{reading_class.pk}/brief/?{query}").content.decode()
    for text in (
        "2020年全区党组织书记读书班简报",
        "第1期",
        "中共樊城区委组织部",
        SPEECHES_INTRO,
        "樊城区米公街道党工委书记 张三：",
        "（编辑：刘洋）",
        "出席开班式并作动员讲话",
    ):
        assert text in page
    response = client.get(f"/training/{reading_class.pk}/brief.docx?{query}")
    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "2020年全区党组织书记读书班简报" and texts[-1] == "（编辑：刘洋）"
    assert AuditEvent.objects.filter(action=Action.TRAINING_BRIEF_PUBLISHED).count() == 1


def test_without_libreoffice_the_brief_page_says_pdf_cannot_be_made(
    as_role, reading_class, monkeypatch
):
    monkeypatch.setattr("shutil.which", lambda name: None)
    client = as_role(Role.DISTRICT_ADMIN)
    page = client.get(f"/training/{reading_class.pk}/brief/?date=2020-09-21&number=1")
    assert "暂不能生成 PDF 版，请下载 Word 版" in page.content.decode()
    response = client.get(
        f"/training/{reading_class.pk}/brief.pdf?date=2020-09-21&number=1", follow=True
    )
    html = response.content.decode()
    assert "暂不能生成 PDF 版" in html and "LibreOffice" not in html


def test_a_brief_for_a_day_outside_the_class_shows_the_form_error(as_role, reading_class):
    page = (
        as_role(Role.DISTRICT_ADMIN)
        .get(f"/training/{reading_class.pk}/brief/?date=2021-01-01&number=1")
        .content.decode()
    )
    assert "日期须在开班日期与结业日期之间" in page


def test_the_roster_marks_attendance_with_htmx(as_role, reading_class, participants):
    client = as_role(Role.DISTRICT_ADMIN)
    lecture = reading_class.sessions.filter(kind="lecture").first()
    enrolment = participants["grid_a1_1"].person.training_enrolments.get()
    response = client.post(
        f"/training/sessions/{lecture.pk}/attendance/mark/",
        {"enrolment": enrolment.pk, "status": "late"},
        **HTMX,
    )
    assert 'value="late" selected' in response.content.decode()
    page = client.get(f"/training/sessions/{lecture.pk}/attendance/")
    assert [n for value, label, n in page.context["counts"]] == [0, 1, 0, 1]


def test_a_class_edit_is_kept_in_the_history_and_a_stale_one_is_refused(as_role, reading_class):
    client = as_role(Role.DISTRICT_ADMIN)
    form = {
        "title": reading_class.title,
        "organizer": reading_class.organizer,
        "start_date": "2020-09-21",
        "end_date": "2020-09-23",
        "place": "区委党校",
        "required_hours": "6",
        "code_minutes": "15",
        "late_grace_minutes": "10",
        "version": reading_class.version,
    }
    assert client.post(f"/training/{reading_class.pk}/edit/", form).status_code == 302
    reading_class.refresh_from_db()
    assert (reading_class.code_minutes, reading_class.late_grace_minutes) == (15, 10)
    change = reading_class.changes.get(what="update_class")
    assert change.before == {"place": "", "code_minutes": "10", "late_grace_minutes": "5"}
    stale = client.post(f"/training/{reading_class.pk}/edit/", {**form, "place": "党校"})
    assert "已被他人修改" in stale.content.decode()
    reading_class.refresh_from_db()
    assert reading_class.place == "区委党校"


def test_the_class_dates_cannot_leave_out_its_sessions(as_role, reading_class):
    form = {
        "title": reading_class.title,
        "organizer": reading_class.organizer,
        "start_date": "2020-09-22",
        "end_date": "2020-09-23",
        "required_hours": "6",
        "code_minutes": "10",
        "late_grace_minutes": "5",
        "version": reading_class.version,
    }
    page = as_role(Role.DISTRICT_ADMIN).post(f"/training/{reading_class.pk}/edit/", form)
    assert "班次日期须包含这些日期" in page.content.decode()


def test_the_class_page_costs_the_same_queries_however_many_take_part(
    as_role, tree, reading_class, participants, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grassroots.people.models import Person
    from grassroots.training.services import enrol

    client = as_role(Role.DISTRICT_ADMIN)
    url = f"/training/{reading_class.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        person = Person.objects.create(org_node=tree.grid_a2_1, name=f"学员{n}", gender="M")
        enrol(training_class=reading_class, person=person, actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
