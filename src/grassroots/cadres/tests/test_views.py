"""The cadre pages for each role: the report in the user's scope, the Word report read back,
the roster export, and the dated changes recorded from the page."""

import datetime
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from grassroots.audit.models import Action, AuditEvent
from grassroots.cadres.models import CadreMember, ChangeKind, MemberChange
from grassroots.cadres.tests.rosters import EXPECTED_2021, import_both
from grassroots.kernel.documents import BODY_FONT, TITLE_FONT
from grassroots.kernel.permissions import Role
from grassroots.people.tests.ids import make_id_number
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosters(tree, tmp_path):
    import_both(tmp_path)


def test_the_report_page_shows_the_figures_and_the_comparison(rosters, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/cadres/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "共选出村(社区)&quot;两委&quot;成员9名，比上届增加1名" in page
    assert "平均年龄39.2岁，比上届下降8.2岁" in page
    assert 'id="chart-ages"' in page and "vendor/chartjs/chart.umd.min.js" in page
    assert "1个村(社区)“两委”班子中没有女性成员：前进社区" in page


def test_street_staff_see_only_their_street_and_never_a_sibling_member(rosters, as_role):
    client = as_role(Role.STREET_STAFF)
    page = client.get("/cadres/").content.decode()
    assert "清河口社区" in page and "前进社区" in page
    assert "春园社区" not in page and "郑红" not in page
    assert "成员7名" in page
    roster = client.get("/cadres/roster/?term=2021").content.decode()
    assert "王建国" in roster and "冯刚" not in roster
    outsider = CadreMember.objects.get(name="冯刚", term__year=2021)
    assert client.get(f"/cadres/members/{outsider.pk}/").status_code == 404


def test_a_unit_outside_the_scope_is_a_404_as_for_a_missing_one(rosters, as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert client.get(f"/cadres/?node={tree.community_b1.pk}").status_code == 404
    assert client.get(f"/cadres/report.docx?node={tree.community_b1.pk}").status_code == 404
    assert client.get(f"/cadres/?node={tree.community_a1.pk}").status_code == 200


def test_roles_without_the_permission_do_not_find_the_pages(rosters, as_role):
    client = as_role(Role.GRID_WORKER)
    for url in ("/cadres/", "/cadres/roster/", "/cadres/report.docx", "/cadres/roster.xlsx"):
        assert client.get(url).status_code == 404


def test_the_word_report_is_laid_out_per_gb_t_9704_and_says_what_the_page_says(rosters, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/cadres/report.docx?term=2021&compare=2016")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    millimetres = [
        round(length.mm)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert millimetres == [210, 297, 37, 35, 28, 26]
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == TITLE_FONT
    body = next(p for p in paragraphs if "共选出" in p.text)
    assert "平均年龄39.2岁，比上届下降8.2岁" in body.text
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == BODY_FONT
    figures = document.tables[0]
    assert [c.text for c in figures.rows[0].cells] == ["指标", "2021年", "2016年", "变化"]
    assert [c.text for c in figures.rows[4].cells] == ["平均年龄（岁）", "39.2", "47.4", "-8.2岁"]
    units = document.tables[1]
    assert [r.cells[0].text for r in units.rows[1:]] == ["清河口社区", "前进社区", "春园社区"]
    assert any("前进社区" in p.text and "女性" in p.text for p in paragraphs)
    assert AuditEvent.objects.filter(action=Action.CADRE_REPORT_EXPORTED).count() == 1


def test_the_roster_export_is_scoped_imports_back_and_is_audited(rosters, as_role, tmp_path):
    member = CadreMember.objects.get(name="王建国", term__year=2021)
    number = make_id_number(birth="19700315", order="135")
    member.set_id_number(number)
    member.save()
    response = as_role(Role.STREET_STAFF).get("/cadres/roster.xlsx?term=2021")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "单位",
        "姓名",
        "性别",
        "出生日期",
        "公民身份号码",
        "学历",
        "党组织职务",
        "村(居)委会职务",
    )
    assert [r[1] for r in rows[1:]] == ["王建国", "刘芳", "陈明", "赵丽", "孙强", "周伟", "吴军"]
    assert rows[1][4] == number  # street staff may see personal data: the export is audited
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA_EXPORTED)
    assert event.detail["rows"] == 7 and event.username == "persona_street_staff"


def test_recording_a_resignation_from_the_page_keeps_the_reference_date_report(rosters, as_role):
    client = as_role(Role.STREET_STAFF)
    member = CadreMember.objects.get(name="赵丽", term__year=2021)
    response = client.post(
        f"/cadres/members/{member.pk}/leave/",
        {"on": "2022-03-01", "reason": "辞职", "version": member.version},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2022, 3, 1) and member.left_reason == "辞职"
    change = MemberChange.objects.get(member=member)
    assert change.kind == ChangeKind.LEFT and change.actor.username == "persona_street_staff"
    page = client.get("/cadres/?term=2021&compare=none").content.decode()
    assert "成员7名" in page  # street A as of the reference date: 赵丽 still counted
    later = client.get("/cadres/?term=2021&compare=none&as_of=2022-03-02").content.decode()
    assert "成员6名" in later


def test_a_stale_form_is_told_someone_else_changed_the_member(rosters, as_role):
    client = as_role(Role.DISTRICT_ADMIN)
    member = CadreMember.objects.get(name="赵丽", term__year=2021)
    CadreMember.objects.filter(pk=member.pk).update(version=member.version + 1)
    response = client.post(
        f"/cadres/members/{member.pk}/leave/",
        {"on": "2022-03-01", "reason": "辞职", "version": member.version},
    )
    assert response.status_code == 422
    assert "已被他人修改，请刷新后重试" in response.content.decode()
    member.refresh_from_db()
    assert member.left_on is None


def test_a_by_election_adds_a_dated_member_checked_like_an_imported_row(rosters, as_role, tree):
    client = as_role(Role.DISTRICT_ADMIN)
    data = {
        "unit": tree.community_b1.pk,
        "name": "韩雪",
        "gender": "女",
        "birth_date": "1992-04-04",
        "id_number": make_id_number(birth="19920404"),
        "education": "本科",
        "party_post": "",
        "committee_post": "委员",
        "on": "2022-05-01",
    }
    refused = client.post("/cadres/by-election/?term=2021", once(data))
    assert refused.status_code == 422
    assert "号码表示的性别为男" in refused.content.decode()  # order 123 is a man's number
    data["id_number"] = make_id_number(birth="19920404", order="124")
    response = client.post("/cadres/by-election/?term=2021", once(data))
    assert response.status_code == 302
    added = CadreMember.objects.get(name="韩雪")
    assert added.joined_on == datetime.date(2022, 5, 1) and added.committee_post == "member"
    assert MemberChange.objects.get(member=added).kind == ChangeKind.BY_ELECTED
    json_before = client.get("/cadres/?term=2021&compare=none").content.decode()
    assert f"成员{EXPECTED_2021['members']}名" in json_before


def test_the_page_explains_itself_when_no_roster_was_imported(tree, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/cadres/")
    assert response.status_code == 200
    assert "还没有导入任何一届两委名册" in response.content.decode()


def test_the_report_page_asks_a_fixed_number_of_queries(
    rosters, as_role, django_assert_max_num_queries
):
    client = as_role(Role.DISTRICT_ADMIN)
    client.get("/cadres/")
    with django_assert_max_num_queries(14):
        client.get("/cadres/?term=2021&compare=2016")


def test_a_roster_uploaded_on_the_page_goes_through_the_same_checks(tree, as_role, tmp_path):
    from grassroots.cadres.tests.conftest import write_roster
    from grassroots.cadres.tests.rosters import ROSTER_2021

    client = as_role(Role.DISTRICT_ADMIN)
    rows = [ROSTER_2021[0], ["无此社区", *ROSTER_2021[1][1:]]]
    broken = write_roster(tmp_path / "broken.csv", rows, encoding="gbk")
    with broken.open("rb") as handle:
        refused = client.post(
            "/cadres/import/", {"file": handle, "term": "2021", "reference_date": "2021-10-31"}
        )
    assert refused.status_code == 422
    assert "第3行 单位: 组织架构中没有名为“无此社区”的社区村" in refused.content.decode()
    assert not CadreMember.objects.exists()
    good = write_roster(tmp_path / "good.xlsx", ROSTER_2021)
    with good.open("rb") as handle:
        response = client.post(
            "/cadres/import/", {"file": handle, "term": "2021", "reference_date": "2021-10-31"}
        )
    assert response.status_code == 302 and response["Location"].endswith("?term=2021")
    assert CadreMember.objects.count() == 9
    event = AuditEvent.objects.get(action=Action.CADRE_ROSTER_IMPORTED)
    assert event.username == "persona_district_admin"
    assert as_role(Role.COMMUNITY_SECRETARY).get("/cadres/import/").status_code == 404
