"""The building notice board (亮身份公示牌) as a Word document, one A4 page per building.

Laid out through ``OfficialDocument`` (GB/T 9704 page and type): the building as the title, its
party organisation, the members who keep in touch with its households and the grid's chief and
workers, each with the work phone they publish; then a QR code that opens the building's public
page, where a resident sends a demand without signing in. The QR code is drawn by segno as a
PNG in memory (pure Python, no imaging library). Nothing about the residents is printed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import segno
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from grassroots.grids.selectors import Board
from grassroots.kernel.documents import BODY_FONT, OfficialDocument, set_run_font

QR_SIZE = Mm(40)
NO_PHONE = "—"


def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG bytes (medium error correction: survives a worn print)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def _notice(doc: OfficialDocument, board: Board, url: str) -> None:
    doc.title(_("党员亮身份公示牌"), space_after=Pt(6))
    doc.centred(f"{board.grid.name} · {board.title}", size=Pt(18), bold=True)
    doc.heading(_("一、楼栋党组织"))
    if board.party_org is not None:
        doc.paragraph(f"{board.party_org.name}（{_(board.party_org.get_kind_display())}）")
        if board.party_org.secretary_name:
            doc.paragraph(_("书记：%(name)s") % {"name": board.party_org.secretary_name})
    else:
        doc.paragraph(_("本楼栋暂未设立党组织，请联系网格员。"))
    doc.heading(_("二、联系本楼的党员"))
    if board.members:
        # Two members a row: a building's members fit the page with the QR code below them.
        cells = [[m.name, m.phone or NO_PHONE] for m in board.members]
        if len(cells) % 2:
            cells.append(["", ""])
        rows = [left + right for left, right in zip(cells[::2], cells[1::2], strict=True)]
        doc.table([_("姓名"), _("工作电话")] * 2, rows)
    else:
        doc.paragraph(_("暂无联系本楼的党员。"))
    doc.heading(_("三、网格长和网格员"))
    if board.staff:
        doc.table(
            [_("职责"), _("姓名"), _("工作电话")],
            [[_(s.role), s.name, s.phone or NO_PHONE] for s in board.staff],
        )
    else:
        doc.paragraph(_("本网格暂未配备网格长和网格员。"))
    doc.heading(_("四、扫码反映诉求"))
    picture = doc.document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The body's exact line pitch would crop an inline picture to one line: single spacing.
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=QR_SIZE, height=QR_SIZE)
    doc.centred(_("微信或手机扫码，无需登录即可向社区反映诉求"), size=Pt(14))
    line = doc.document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(line.add_run(url), BODY_FONT, size=Pt(9))


def notice_document(boards: Iterable[Board], url_for: Callable[[Board], str]) -> OfficialDocument:
    """One page per building, in the order given; ``url_for`` gives each public page's
    absolute address (the QR code cannot hold a relative one)."""
    doc = OfficialDocument()
    for n, board in enumerate(boards):
        if n:
            doc.page_break()
        _notice(doc, board, url_for(board))
    return doc


def notice_bytes(boards: Iterable[Board], url_for: Callable[[Board], str]) -> bytes:
    out = io.BytesIO()
    notice_document(boards, url_for).save(out)
    return out.getvalue()
