"""A document built with OfficialDocument opens in Word with the GB/T 9704 page and fonts."""

import io

from docx import Document
from docx.oxml.ns import qn

from grassroots.kernel.documents import BODY_FONT, RED, TITLE_FONT, OfficialDocument


def _read_back(document: OfficialDocument) -> Document:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return Document(buffer)


def _east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_standard_margins():
    section = _read_back(OfficialDocument()).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_title_and_body_carry_their_chinese_fonts_and_sizes():
    document = OfficialDocument()
    document.title("关于开展扫楼工作的通知")
    document.paragraph("各社区：现将有关事项通知如下。")
    title, body = _read_back(document).paragraphs
    assert _east_asian(title.runs[0]) == TITLE_FONT and title.runs[0].font.size.pt == 22
    assert _east_asian(body.runs[0]) == BODY_FONT and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32


def test_the_normal_style_is_fangsong_so_unstyled_text_is_too():
    normal = _read_back(OfficialDocument()).styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == BODY_FONT
    assert normal.font.size.pt == 16


def test_every_page_has_a_page_number_field_odd_right_even_left():
    read = _read_back(OfficialDocument())
    section = read.sections[0]
    assert read.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert "PAGE" in "".join(paragraph._p.itertext())
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")


def test_a_red_rule_and_a_red_masthead_are_red():
    document = OfficialDocument()
    document.title("培训简报", color=RED)
    document.rule()
    masthead, rule = _read_back(document).paragraphs
    assert masthead.runs[0].font.color.rgb == RED
    border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == str(RED)
