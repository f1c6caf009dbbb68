"""The owners' paper ballots and the result notice, as Word documents (GB/T 9704 through
``OfficialDocument``).

The ballots: one page per owner as the vote counts them (a buyer of several rooms, the
developer's unsold rooms, co-owners: one page each), with the matter, the owner's rooms and
area, the three boxes, a signature line, and a QR code of the owner's one-time link to vote
online instead. The notice (表决结果公告): the figures of area and heads against both
thresholds, the result, and the legal basis.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from grassroots.grids.boards import qr_png
from grassroots.kernel.documents import BODY_FONT, OfficialDocument, chinese_date, set_run_font
from grassroots.owners.counting import Tally
from grassroots.owners.models import Vote, area_text
from grassroots.owners.selectors import Head
from grassroots.owners.text import LEGAL_BASIS, threshold_text

QR_SIZE = Mm(35)


def _day(moment: datetime.datetime) -> str:
    """2026年11月6日: the date as official documents write it (no leading zeros)."""
    return chinese_date(timezone.localtime(moment))


def _percent(part: int, whole: int) -> str:
    """A share with one decimal, for reading only: the result is decided in integers."""
    if not whole:
        return "—"
    return f"{part * 100 / whole:.1f}%"


def ballots_document(
    vote: Vote, heads: list[Head], url_for: Callable[[Head], str]
) -> OfficialDocument:
    doc = OfficialDocument()
    for n, head in enumerate(heads):
        if n:
            doc.page_break()
        doc.title(_("业主表决票"), space_after=Pt(6))
        doc.centred(vote.estate.name, size=Pt(16), bold=True)
        doc.heading(_("一、表决事项"))
        doc.paragraph(f"{vote.title}（{vote.get_kind_display()}）")
        if vote.matter:
            doc.paragraph(vote.matter)
        doc.paragraph(
            _("表决截止时间：%(at)s")
            % {"at": f"{_day(vote.closes_at)} {timezone.localtime(vote.closes_at):%H:%M}"}
        )
        doc.heading(_("二、业主和房屋"))
        doc.table(
            [_("业主"), _("房屋"), _("专有部分面积（平方米）")],
            [["、".join(head.names) or _("（未登记）"), head.addresses, area_text(head.area)]],
        )
        doc.heading(_("三、表决意见（在选定的一项打“√”，只能选一项）"))
        doc.paragraph(
            "□ 同意        □ 反对        □ 弃权", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        doc.paragraph(_("业主签名：____________    日期：________"), indent=False)
        doc.heading(_("四、扫码表决"))
        picture = doc.document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        url = url_for(head)
        picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=QR_SIZE, height=QR_SIZE)
        doc.centred(
            _("也可用手机扫码表决，无需登录；此码仅限本业主使用一次，表决后纸质票不再收取"),
            size=Pt(12),
        )
        line = doc.document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(line.add_run(url), BODY_FONT, size=Pt(8))
    return doc


def notice_document(vote: Vote, result: Tally) -> OfficialDocument:
    doc = OfficialDocument()
    doc.title(_("%(estate)s业主表决结果公告") % {"estate": vote.estate.name})
    doc.paragraph("")
    closed = vote.closed_at or timezone.now()
    doc.paragraph(
        _(
            "本小区业主于%(start)s至%(end)s就“%(title)s”（%(kind)s）进行表决。"
            "表决范围内房屋%(rooms)d套，业主%(owners)d人，专有部分总面积%(area)s平方米。"
        )
        % {
            "start": _day(vote.opens_at),
            "end": _day(closed),
            "title": vote.title,
            "kind": vote.get_kind_display(),
            "rooms": result.rooms,
            "owners": result.owners,
            "area": area_text(result.area_total),
        }
    )
    doc.heading(_("一、表决情况"))
    rows = [
        [
            _("参与表决"),
            str(result.voted_owners),
            _percent(result.voted_owners, result.owners),
            area_text(result.voted_area),
            _percent(result.voted_area, result.area_total),
        ],
        [
            _("同意"),
            str(result.agree_owners),
            _percent(result.agree_owners, result.voted_owners),
            area_text(result.agree_area),
            _percent(result.agree_area, result.voted_area),
        ],
        [
            _("反对"),
            str(result.against_owners),
            _percent(result.against_owners, result.voted_owners),
            area_text(result.against_area),
            _percent(result.against_area, result.voted_area),
        ],
        [
            _("弃权"),
            str(result.abstain_owners),
            _percent(result.abstain_owners, result.voted_owners),
            area_text(result.abstain_area),
            _percent(result.abstain_area, result.voted_area),
        ],
    ]
    doc.table([_("项目"), _("人数"), _("占比"), _("面积（平方米）"), _("占比")], rows)
    doc.paragraph(
        _(
            "注：参与表决的占比以总人数、总面积为基数；同意、反对、弃权的占比以参与表决的人数、面积为基数。"
        ),
        indent=False,
    )
    doc.heading(_("二、表决结果"))
    quorum = (
        _("参与表决的业主专有部分面积和人数均达到三分之二以上")
        if result.quorum
        else _("参与表决的业主专有部分面积或人数未达到三分之二")
    )
    doc.paragraph(
        _("%(quorum)s。本事项须经%(threshold)s。表决结果：%(result)s。")
        % {
            "quorum": quorum,
            "threshold": threshold_text(vote),
            "result": _("通过") if result.passed else _("未通过"),
        }
    )
    doc.heading(_("三、法律依据"))
    doc.paragraph(str(LEGAL_BASIS) + "。")
    doc.paragraph("")
    doc.paragraph(
        _("%(estate)s业主大会") % {"estate": vote.estate.name}, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    doc.paragraph(_day(closed), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def to_bytes(doc: OfficialDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
