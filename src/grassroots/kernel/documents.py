"""Word documents laid out per GB/T 9704-2012 (党政机关公文格式): briefs, reports, notices.

``OfficialDocument`` gives every module the same page and type: A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm; body text 仿宋_GB2312 三号 (16 pt) on a fixed 28.95 pt
line (22 lines a page); titles 方正小标宋简体 二号 (22 pt); first-level headings 黑体, second-level
楷体_GB2312; page numbers "— 1 —" in 宋体 四号 (14 pt) at the foot, right on odd pages and left
on even ones. Word picks the font of Chinese text from ``w:eastAsia`` alone, so every run sets
it explicitly (python-docx's ``font.name`` only sets the Latin fonts).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def chinese_date(day: datetime.date, *, year: bool = True) -> str:
    """A date as official documents write it, without leading zeros: 2020年9月21日, or 9月21日
    without the year."""
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if year else text


TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)  # 版头红

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
MASTHEAD_SIZE = Pt(42)  # 初号, the largest a masthead is set
TABLE_SIZE = Pt(12)  # 小四
NO_SPACE = Pt(0)
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
BODY_INDENT = Pt(32)  # two characters of 三号


def set_run_font(
    run: Run,
    east_asian: str,
    *,
    size: Pt | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
    latin: str = LATIN_FONT,
) -> Run:
    """Give ``run`` its Chinese font (``w:eastAsia``) and Latin font, size, weight and colour."""
    run.font.name = latin
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    if size is not None:
        run.font.size = size
    run.font.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    return run


class OfficialDocument:
    """A document in GB/T 9704 layout, built top to bottom and saved as .docx."""

    def __init__(self) -> None:
        self.document = Document()
        self._set_up_page()
        self._set_up_normal_style()
        self._add_page_numbers()

    # --- building blocks --------------------------------------------------------------------

    def title(
        self,
        text: str,
        *,
        color: RGBColor | None = None,
        size: Pt = TITLE_SIZE,
        space_after: Pt = NO_SPACE,
    ) -> Paragraph:
        """A centred title in 方正小标宋简体 (二号 unless told)."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        paragraph.paragraph_format.space_after = space_after
        if size > BODY_SIZE:
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        set_run_font(paragraph.add_run(text), TITLE_FONT, size=size, color=color)
        return paragraph

    def masthead(
        self,
        text: str,
        *,
        color: RGBColor | None = RED,
        largest: Pt = MASTHEAD_SIZE,
        smallest: Pt = TITLE_SIZE,
    ) -> Paragraph:
        """The red masthead (版头) in 方正小标宋简体, as large as fits on one line of the page."""
        fits = Pt(int(self.type_width.pt / max(len(text), 1)))
        size = max(smallest, min(largest, fits))
        paragraph = self.title(text, color=color, size=size)
        paragraph.paragraph_format.space_after = Pt(12)
        return paragraph

    def heading(self, text: str, *, level: int = 1) -> Paragraph:
        """一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋 bold: indented like body text."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, indent=True)
        set_run_font(
            paragraph.add_run(text),
            HEADING_FONTS.get(level, BODY_FONT),
            size=BODY_SIZE,
            bold=level >= 3,
        )
        return paragraph

    def paragraph(
        self,
        text: str = "",
        *,
        indent: bool = True,
        bold: bool = False,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    ) -> Paragraph:
        """A body paragraph in 仿宋_GB2312 三号, first line indented two characters."""
        paragraph = self._paragraph(align, indent=indent)
        if text:
            set_run_font(paragraph.add_run(text), BODY_FONT, size=BODY_SIZE, bold=bold)
        return paragraph

    def centred(
        self,
        text: str,
        *,
        font: str = BODY_FONT,
        size: Pt = BODY_SIZE,
        color: RGBColor | None = None,
        bold: bool = False,
    ) -> Paragraph:
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        set_run_font(paragraph.add_run(text), font, size=size, color=color, bold=bold)
        return paragraph

    def left_and_right(
        self, left: str, right: str, *, font: str = BODY_FONT, size: Pt = BODY_SIZE
    ) -> Paragraph:
        """One line with text at both margins (e.g. the organiser left, the date right)."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, indent=False)
        paragraph.paragraph_format.tab_stops.add_tab_stop(self.type_width, WD_TAB_ALIGNMENT.RIGHT)
        set_run_font(paragraph.add_run(f"{left}\t{right}"), font, size=size)
        return paragraph

    def rule(self, *, color: RGBColor = RED, weight_eighths: int = 12) -> Paragraph:
        """A full-width horizontal rule (the red separator line under a masthead)."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, indent=False)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), str(weight_eighths))
        bottom.set(qn("w:space"), "1")
        bottom.set(qn("w:color"), str(color))
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)
        return paragraph

    def table(self, headers: list[str], rows: list[list[str]], *, size: Pt = TABLE_SIZE) -> object:
        """A plain grid table (仿宋, 小四 unless told), header row in bold."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            self._cell_text(cell, text, size=size, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                self._cell_text(cell, str(text), size=size)
        return table

    def page_break(self) -> None:
        self.document.add_page_break()

    def save(self, target: str | Path | IO[bytes]) -> None:
        self.document.save(target)

    # --- page set-up --------------------------------------------------------------------------

    @property
    def type_width(self) -> Mm:
        return Mm(210 - 28 - 26)

    def _set_up_page(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28)
        section.header_distance = Mm(15)

    def _set_up_normal_style(self) -> None:
        style = self.document.styles["Normal"]
        style.font.name = LATIN_FONT
        style.font.size = BODY_SIZE
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = LINE_PITCH
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)

    def _add_page_numbers(self) -> None:
        # Odd pages right, even pages left, a dash each side: "— 1 —".
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE)
            self._page_field(paragraph)
            set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE)

    @staticmethod
    def _page_field(paragraph: Paragraph) -> None:
        for kind, text in (
            ("begin", None),
            (None, "PAGE"),
            ("separate", None),
            (None, "1"),
            ("end", None),
        ):
            run = set_run_font(paragraph.add_run(), PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE)
            if kind is not None:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            elif text == "PAGE":
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = " PAGE "
                run._r.append(instruction)
            else:
                run.text = text

    def _paragraph(self, align: WD_ALIGN_PARAGRAPH, *, indent: bool) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = BODY_INDENT
        return paragraph

    @staticmethod
    def _cell_text(cell: object, text: str, *, size: Pt, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        set_run_font(paragraph.add_run(text), BODY_FONT, size=size, bold=bold)


__all__ = ["BODY_FONT", "OfficialDocument", "RED", "TITLE_FONT", "set_run_font"]
