"""The quarter's feedback to work units (季度反馈): a workbook and a one-page paper per member.

The workbook has three sheets: every confirmed service with its member's work unit (one sheet
with a unit column, so a district can filter or pivot it), one row per member with their total,
and the members who reported but served no confirmed hours. Each member's paper (服务情况反馈表)
is for the party organisation of their work unit: GB/T 9704 layout (``OfficialDocument``), the
member's particulars, each confirmed service, the total and the community's confirmation, on
one page: past ``LISTED`` services the rest are summed in one line (the workbook lists them all).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from grassroots.dualreport.selectors import NO_UNIT, ZERO, Feedback, MemberService
from grassroots.kernel.documents import OfficialDocument, chinese_date
from grassroots.kernel.exports import Sheet, write_workbook

TITLE = "在职党员到社区报到服务情况反馈表"
LISTED = 10  # services listed one by one on a member's page; the page holds no more
WORK_CHARS = 22  # characters of 小四 in the 100 mm column of what was done: one line a service
TABLE_SIZE = Pt(12)  # 小四
SERVICE_HEADERS = [
    "工作单位",
    "姓名",
    "党员类别",
    "报到社区",
    "服务岗位",
    "服务日期",
    "服务时长（小时）",
    "服务内容",
    "确认人",
]
MEMBER_HEADERS = [
    "工作单位",
    "姓名",
    "党员类别",
    "报到社区",
    "岗位类别",
    "服务岗位",
    "报到日期",
    "服务次数",
    "服务时长合计（小时）",
]
IDLE_HEADERS = ["工作单位", "姓名", "党员类别", "报到社区", "服务岗位", "报到日期"]


def hours_text(hours: Any) -> str:
    return f"{hours:.1f}"


# --- the workbook ----------------------------------------------------------------------------


def _base(m: MemberService) -> list[Any]:
    return [m.work_unit, m.name, m.kind, m.community]


def write_xlsx(feedback: Feedback, target: str | Path | IO[bytes]) -> int:
    """The three sheets; returns the number of members."""
    services = [
        [*_base(m), m.post, s.served_on, float(s.hours), s.work, str(s.decided_by or "")]
        for m in feedback.members
        for s in m.services
    ]
    members = [
        [*_base(m), m.category, m.post, m.reported_on, len(m.services), float(m.hours)]
        for m in feedback.members
    ]
    idle = [[*_base(m), m.post, m.reported_on] for m in feedback.idle]
    wide = {h: 28 for h in ("工作单位", "报到社区", "服务岗位", "服务内容")}
    write_workbook(
        target,
        [
            Sheet("服务明细", SERVICE_HEADERS, services, widths=wide),
            Sheet("党员汇总", MEMBER_HEADERS, members, widths=wide),
            Sheet("未参加服务党员", IDLE_HEADERS, idle, widths=wide),
        ],
    )
    return len(feedback.members)


# --- one member's page -----------------------------------------------------------------------


def _set_widths(table: Any, widths: list[Mm]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def one_line(text: str) -> str:
    """What was done, cut to one line of the services table (the workbook has it whole)."""
    return text if len(text) <= WORK_CHARS else text[: WORK_CHARS - 1] + "…"


def service_rows(member: MemberService) -> list[list[str]]:
    """The services table of a member's page: at most ``LISTED`` rows, then one summing the
    rest."""
    shown = member.services[:LISTED]
    rows = [[chinese_date(s.served_on), hours_text(s.hours), one_line(s.work)] for s in shown]
    rest = member.services[LISTED:]
    if rest:
        hours = sum((s.hours for s in rest), ZERO)
        rows.append(["其余" + str(len(rest)) + "次", hours_text(hours), "详见季度服务情况汇总表"])
    return rows


def write_member_docx(
    member: MemberService, feedback: Feedback, target: str | Path | IO[bytes]
) -> None:
    """One member's one-page feedback for the party organisation of their work unit."""
    quarter = feedback.quarter
    doc = OfficialDocument()
    doc.title(TITLE)
    doc.centred(f"（{quarter.label}）", size=Pt(14))
    unit = member.work_unit if member.work_unit != NO_UNIT else "所在单位"
    doc.paragraph(f"{unit}党组织：", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    doc.paragraph(
        f"贵单位党员{member.name}同志于{chinese_date(member.reported_on)}到{member.community}报到，"
        f"认领“{member.post}”岗位。{quarter.label}服务情况如下："
    )
    info = doc.table(
        ["姓名", member.name, "党员类别", member.kind],
        [
            ["工作单位", member.work_unit, "报到社区", member.community],
            ["服务岗位", member.post, "岗位类别", member.category],
        ],
        size=TABLE_SIZE,
    )
    _set_widths(info, [Mm(24), Mm(54), Mm(24), Mm(54)])
    rows = service_rows(member) or [["—", "0.0", "本季度无经确认的服务记录"]]
    services = doc.table(["服务日期", "小时", "服务内容"], rows, size=TABLE_SIZE)
    _set_widths(services, [Mm(36), Mm(20), Mm(100)])
    doc.paragraph(
        f"本季度共服务{len(member.services)}次，累计{hours_text(member.hours)}小时。", bold=True
    )
    confirmer = f"（确认人：{member.confirmed_by}）" if member.confirmed_by else ""
    doc.paragraph(f"以上服务情况经社区核实确认，属实。{confirmer}")
    doc.paragraph(f"{member.party_org}（盖章）", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.paragraph(chinese_date(quarter.end), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.save(target)


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str) -> str:
    """A file or folder name that every system accepts."""
    return _UNSAFE.sub("_", text).strip("._") or "_"


def member_file(member: MemberService) -> str:
    return f"{safe_name(member.work_unit)}/{safe_name(member.name)}-{member.member_id}.docx"


def xlsx_name(feedback: Feedback) -> str:
    area = f"{safe_name(feedback.area)}-" if feedback.area else ""
    return f"双报到服务情况-{area}{feedback.quarter.code}.xlsx"


def write_files(
    feedback: Feedback, out: Path, progress: Callable[[int], None] | None = None
) -> list[Path]:
    """The workbook and every member's page under ``out`` (a folder per work unit); the paths
    written, workbook first."""
    out.mkdir(parents=True, exist_ok=True)
    book = out / xlsx_name(feedback)
    write_xlsx(feedback, book)
    written = [book]
    for member in feedback.members:
        path = out / member_file(member)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_member_docx(member, feedback, path)
        written.append(path)
        if progress is not None:
            progress(1)
    return written


def write_zip(feedback: Feedback, target: IO[bytes]) -> None:
    """The workbook and every member's page in one zip, as the page hands them out."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        buffer = io.BytesIO()
        write_xlsx(feedback, buffer)
        archive.writestr(xlsx_name(feedback), buffer.getvalue())
        for member in feedback.members:
            buffer = io.BytesIO()
            write_member_docx(member, feedback, buffer)
            archive.writestr(member_file(member), buffer.getvalue())
