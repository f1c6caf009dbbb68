"""The quarter's feedback to work units: per unit, each member's confirmed services; a
workbook, a one-page paper per member, and the members who reported but served no hours."""

import datetime
import io
import math
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from grassroots.dualreport import feedback as papers
from grassroots.dualreport.quarters import Quarter
from grassroots.dualreport.selectors import feedback

pytestmark = pytest.mark.django_db


def test_each_work_unit_gets_its_members_confirmed_services_of_the_quarter(quarter, secretary):
    result = feedback(secretary, quarter)
    assert list(result.units) == ["区人民医院", "区税务局"]
    by_name = {m.name: m for m in result.members}
    zhang = by_name["张伟"]
    assert [s.work for s in zhang.services] == ["小区夜间治安巡逻", "入户开展反诈宣传"]
    assert str(zhang.hours) == "5.5"
    assert (zhang.community, zhang.post, zhang.party_org) == (
        "清河口社区",
        "治安巡逻队员",
        "清河口社区党委",
    )
    assert str(by_name["王芳"].hours) == "18.0"
    assert [m.name for m in result.idle] == ["李娜"]


def test_the_workbook_lists_every_service_each_member_and_those_without_hours(quarter, secretary):
    buffer = io.BytesIO()
    papers.write_xlsx(feedback(secretary, quarter), buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["服务明细", "党员汇总", "未参加服务党员"]
    services = list(book["服务明细"].values)
    assert services[0][:3] == ("工作单位", "姓名", "党员类别")
    zhang_rows = [r for r in services[1:] if r[1] == "张伟"]
    assert [(r[0], r[6], r[7]) for r in zhang_rows] == [
        ("区税务局", 2.5, "小区夜间治安巡逻"),
        ("区税务局", 3.0, "入户开展反诈宣传"),
    ]
    assert len(services) == 1 + 2 + 12
    members = {r[1]: r for r in list(book["党员汇总"].values)[1:]}
    assert (members["张伟"][7], members["张伟"][8]) == (2, 5.5)
    assert members["李娜"][7:9] == (0, 0.0)
    idle = list(book["未参加服务党员"].values)
    assert [r[1] for r in idle[1:]] == ["李娜"]


def _lines(text: str, size: float, width_pt: float) -> int:
    """Lines ``text`` wraps to: a Chinese character is as wide as the type is high, a digit
    or Latin letter half that."""
    ems = sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in text)
    return max(math.ceil(ems * size / width_pt), 1)


def _text_height(text: str, size: float, width_pt: float) -> float:
    return _lines(text, size, width_pt) * size * 1.25


def _page_height_used(doc) -> float:
    """Points the body takes: paragraphs on their fixed pitch, table rows as tall as their
    tallest cell, whose text wraps at its column width (the margins of a cell included)."""
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    used = 0.0
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = next(p for p in doc.paragraphs if p._p is child)
            sizes = [r.font.size.pt for r in paragraph.runs if r.font.size] or [16]
            pitch = 28.95 if max(sizes) <= 16 else max(sizes) * 1.2
            indent = 32 if paragraph.paragraph_format.first_line_indent else 0
            used += _lines(paragraph.text, max(sizes), width / 12700 - indent) * pitch
        elif tag == "tbl":
            table = next(t for t in doc.tables if t._tbl is child)
            for row in table.rows:
                heights = [
                    _text_height(cell.text, 12, cell.width / 12700 - 11) + 4 for cell in row.cells
                ]
                used += max(heights)
    return used


def test_each_member_s_paper_fits_one_page_and_names_the_unit_the_post_and_the_total(
    quarter, secretary
):
    result = feedback(secretary, quarter)
    type_area = (297 - 37 - 35) / 25.4 * 72  # 225 mm in points
    for member in result.members:
        buffer = io.BytesIO()
        papers.write_member_docx(member, result, buffer)
        doc = Document(io.BytesIO(buffer.getvalue()))
        assert len(doc.sections) == 1
        assert 'w:type="page"' not in doc.element.body.xml  # no page break
        assert _page_height_used(doc) < type_area, member.name
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert "在职党员到社区报到服务情况反馈表" in text
        assert f"{member.work_unit}党组织" in text
        assert member.name in cells and member.post in cells and "清河口社区" in cells
        assert f"累计{member.hours:.1f}小时" in text
        assert "清河口社区党委（盖章）" in text
    wang = next(m for m in result.members if m.name == "王芳")
    buffer = io.BytesIO()
    papers.write_member_docx(wang, result, buffer)
    services = Document(io.BytesIO(buffer.getvalue())).tables[1]
    assert len(services.rows) == 1 + papers.LISTED + 1
    assert [c.text for c in services.rows[-1].cells][:2] == ["其余2次", "3.0"]


def test_the_page_hands_out_the_workbook_and_a_zip_with_a_paper_per_member(
    client, quarter, secretary
):
    client.force_login(secretary)
    page = client.get(reverse("dualreport:feedback"), {"quarter": quarter.code}).content.decode()
    assert "区税务局" in page and "李娜" in page
    sheet = client.get(reverse("dualreport:feedback_xlsx"), {"quarter": quarter.code})
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(sheet.content)).sheetnames[0] == "服务明细"
    archive = client.get(reverse("dualreport:feedback_zip"), {"quarter": quarter.code})
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sum(n.endswith(".docx") for n in names) == 3
    assert any(n.startswith("区人民医院/李娜-") for n in names)


def test_another_community_s_secretary_gets_none_of_it(client, quarter, other_secretary):
    assert feedback(other_secretary, quarter).members == []
    client.force_login(other_secretary)
    page = client.get(reverse("dualreport:feedback"), {"quarter": quarter.code}).content.decode()
    assert "张伟" not in page


def test_quarters_are_written_like_2026q3():
    q = Quarter.parse("2026Q3")
    assert (q.start, q.end, q.label) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
        "2026年第三季度",
    )
    assert Quarter.parse("2026q4").end == datetime.date(2026, 12, 31)
    assert Quarter.parse("2027Q1").previous().code == "2026Q4"
    for bad in ("2026Q5", "2026-3", ""):
        with pytest.raises(ValueError):
            Quarter.parse(bad)


def test_a_member_without_a_work_unit_is_addressed_to_their_unit_s_party_organisation():
    from grassroots.dualreport.selectors import NO_UNIT, Feedback, MemberService

    member = MemberService(
        member_id=1,
        name="赵敏",
        kind="在职党员",
        work_unit=NO_UNIT,
        community="清河口社区",
        party_org="清河口社区党委",
        post="治安巡逻队员",
        category="安全宣传与治安巡逻",
        reported_on=datetime.date(2026, 6, 1),
    )
    result = Feedback(quarter=Quarter(2026, 3), area="", units={NO_UNIT: [member]})
    buffer = io.BytesIO()
    papers.write_member_docx(member, result, buffer)
    doc = Document(io.BytesIO(buffer.getvalue()))
    assert doc.paragraphs[2].text == "所在单位党组织："
    assert "本季度无经确认的服务记录" in [c.text for c in doc.tables[1].rows[1].cells]
    assert "累计0.0小时" in "\n".join(p.text for p in doc.paragraphs)
