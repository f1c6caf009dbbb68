"""The public notice of a meeting's decisions (决议公示) for the building's notice board: a
GB/T 9704 Word file (title in 方正小标宋简体, text in 仿宋_GB2312), made from the meeting as
recorded, nothing typed again."""

from __future__ import annotations

import datetime
from typing import IO

from docx.enum.text import WD_ALIGN_PARAGRAPH

from grassroots.councils.models import Meeting
from grassroots.kernel.documents import OfficialDocument, chinese_date


def write_notice(meeting: Meeting, target: str | IO[bytes], *, issued_on: datetime.date) -> None:
    """Write the notice of ``meeting``'s decisions to ``target``."""
    doc = OfficialDocument()
    place = meeting.estate.name if meeting.estate_id else meeting.community.name
    doc.title(f"关于{place}{meeting.get_kind_display()}决议事项的公示")
    doc.paragraph()
    parties = (
        "、".join(p.name or p.get_kind_display() for p in meeting.parties.all())
        or meeting.get_kind_display()
    )
    doc.paragraph(
        f"{chinese_date(meeting.held_on)}，{meeting.community.name}"
        f"{('在' + meeting.place) if meeting.place else ''}召开{meeting.get_kind_display()}，"
        f"{parties}参加，到会{meeting.present}人。会议议定以下事项，现予公示："
    )
    rows: list[list[str]] = []
    for n, decision in enumerate(meeting.decisions.order_by("deadline", "id"), start=1):
        rows.append(
            [
                str(n),
                decision.text,
                decision.responsible,
                chinese_date(decision.deadline),
                decision.get_status_display(),
            ]
        )
    if rows:
        doc.table(["序号", "决议事项", "责任方", "完成时限", "办理状态"], rows)
    else:
        doc.paragraph("本次会议未形成决议事项。")
    doc.paragraph()
    doc.paragraph("公示期间，居民群众如有意见建议，请向社区（村）党组织或居民委员会反映。")
    doc.paragraph()
    doc.paragraph(meeting.community.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.paragraph(chinese_date(issued_on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.save(target)
