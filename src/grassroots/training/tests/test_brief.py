"""The brief read back from the .docx: masthead, order, heading lines, lead, fonts, page."""

import datetime

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from grassroots.cli import main
from grassroots.kernel.documents import BODY_FONT, RED, TITLE_FONT
from grassroots.training.brief import SPEECHES_INTRO, build_brief, paragraphs_of
from grassroots.training.documents import write_docx

pytestmark = pytest.mark.django_db

LEAD = (
    "9月21日上午，2020年全区党组织书记读书班开班。区委常委、组织部部长王建华出席开班式并作"
    "动员讲话。随后，市委党校教授李明作《党建引领基层治理的实践与思考》专题授课。"
    "下午，学员分组进行了讨论。"
)


@pytest.fixture
def docx_file(tree, class_file, capsys, tmp_path):
    status = main(["training", "load", str(class_file())])
    class_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert status == 0
    out = tmp_path / "brief.docx"
    status = main(
        ["training", "brief", class_id, "--number", "1", "--editor", "刘洋", "--out", str(out)]
    )
    assert status == 0, capsys.readouterr().err
    return out


def east_asian(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_brief_reads_back_in_the_published_order(docx_file):
    texts = [p.text for p in Document(docx_file).paragraphs]
    assert texts == [
        "2020年全区党组织书记读书班简报",
        "第1期",
        "中共樊城区委组织部\t2020年9月21日",
        "",  # the red rule
        "2020年全区党组织书记读书班开班",
        LEAD,
        SPEECHES_INTRO,
        "樊城区米公街道党工委书记 张三：",
        "通过学习，我深受启发。",
        "一是要把党组织建在网格上。",
        "二是要用好下沉党员。",
        "清河口社区党委书记 李四：",
        "我谈三点体会。",
        "王五：",
        "要坚持小事不出网格。",
        "（编辑：刘洋）",
    ]


def test_the_masthead_is_red_xiaobiaosong_and_large_with_a_red_rule(docx_file):
    paragraphs = Document(docx_file).paragraphs
    masthead, issue, line, rule = paragraphs[:4]
    run = masthead.runs[0]
    assert east_asian(run) == TITLE_FONT and run.font.color.rgb == RED
    assert run.font.size.pt > 22 and masthead.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert issue.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert line.paragraph_format.tab_stops[0].position.mm == pytest.approx(156, abs=0.5)
    border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == str(RED)


def test_title_body_and_speaker_lines_carry_their_east_asian_fonts(docx_file):
    paragraphs = Document(docx_file).paragraphs
    title, lead, intro, heading, body = paragraphs[4:9]
    assert east_asian(title.runs[0]) == TITLE_FONT and title.runs[0].font.size.pt == 22
    for paragraph in (lead, intro, body):
        assert east_asian(paragraph.runs[0]) == BODY_FONT
        assert paragraph.runs[0].font.size.pt == 16
        assert paragraph.paragraph_format.first_line_indent.pt == 32
    assert east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size.pt == 16
    assert paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_the_page_is_gbt_9704_with_page_numbers(docx_file):
    document = Document(docx_file)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    assert "PAGE" in "".join(section.footer.paragraphs[0]._p.itertext())


def test_another_day_has_its_own_lead_speeches_and_number(reading_class, tmp_path):
    brief = build_brief(reading_class, number=2, day=datetime.date(2020, 9, 22))
    assert brief.issue == "第2期" and brief.date_text == "2020年9月22日"
    assert brief.lead == (
        "9月22日上午，区委党校副校长赵强作《网格化管理》专题授课。"
        "晚上，学员围绕“我为群众办实事”开展了夜谈交流。"
    )
    assert [s.heading for s in brief.speeches] == ["春园社区党委书记 钱七："]
    assert brief.editor_line == ""
    out = tmp_path / "day2.docx"
    write_docx(brief, out)
    texts = [p.text for p in Document(out).paragraphs]
    assert texts[-2:] == ["春园社区党委书记 钱七：", "夜谈发言。"]


def test_a_day_without_speeches_has_no_speeches_intro(reading_class):
    brief = build_brief(reading_class, number=3, day=datetime.date(2020, 9, 23))
    assert brief.speeches == [] and brief.intro == ""
    assert "主课堂和2个分课堂" in brief.lead


def test_speech_text_splits_into_paragraphs_on_every_line():
    assert paragraphs_of("第一段。\r\n\r\n　　第二段。\n第三段。 ") == [
        "第一段。",
        "第二段。",
        "第三段。",
    ]


def test_a_day_outside_the_class_is_refused_by_the_command(reading_class, tmp_path, capsys):
    status = main(
        [
            "training",
            "brief",
            str(reading_class.pk),
            "--number",
            "1",
            "--date",
            "2020-10-01",
            "--out",
            str(tmp_path / "x.docx"),
        ]
    )
    assert status == 1
    assert "2020-09-21 至 2020-09-23" in capsys.readouterr().err


def test_a_pdf_without_libreoffice_says_so(reading_class, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    status = main(
        [
            "training",
            "brief",
            str(reading_class.pk),
            "--number",
            "1",
            "--out",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert status == 1
    assert "未安装 LibreOffice" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_speeches_taken_at_a_case_exchange_are_in_the_brief_too(tree, class_data):
    from grassroots.training.loading import parse_class
    from grassroots.training.services import create_class

    class_data["sessions"][3] = {
        "kind": "case_exchange",
        "title": "小院议事厅",
        "date": "2020-09-22",
        "start": "08:30",
        "speeches": [{"speaker": "孙丽", "post": "前进社区党委书记", "text": "交流发言。"}],
    }
    spec, _ = parse_class(class_data)
    training_class = create_class(spec=spec, node=tree.district)
    brief = build_brief(training_class, number=2, day=datetime.date(2020, 9, 22))
    assert [s.heading for s in brief.speeches] == [
        "前进社区党委书记 孙丽：",
        "春园社区党委书记 钱七：",
    ]
