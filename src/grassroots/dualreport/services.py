"""Writes of 双报到: each a named action owning its transaction, history and audit record.

The community keeps its needs list (``save_post``) and records a unit's report
(``record_unit_report``, ``confirm_unit_report``). A member reports and takes a post
(``report_to_community``), which the community confirms or returns (``decide_report``); the
member logs each service (``log_service``), which the community confirms or returns
(``decide_record``), and a returned record can be put right and sent again
(``resubmit_record``). Every change of status writes a change row (who, when, from, to, why).
A stale ``version`` means someone else changed the row first: ``StaleRow`` tells the caller
and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.dualreport.models import (
    MAX_HOURS,
    Category,
    MemberReport,
    RecordChange,
    RecordStatus,
    ReportChange,
    ReportStatus,
    ServicePost,
    ServiceRecord,
    UnitReport,
    UnitReportChange,
    UnitReportStatus,
)
from grassroots.kernel import phones
from grassroots.members.models import Member
from grassroots.org.models import Level, OrgNode

CURRENT = (ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)

# Audit actions of this module (named in plugin.py's ``audit_actions``).
POST_CHANGED = "dualreport_post_changed"
UNIT_REPORT_CHANGED = "dualreport_unit_report_changed"
REPORT_CHANGED = "dualreport_report_changed"
RECORD_CHANGED = "dualreport_record_changed"


class DualReportError(ValueError):
    """A write that cannot be made; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleRow(DualReportError):
    """Someone else changed this row after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该记录已被他人处理或修改，请刷新后重试"))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def community_of(member: Member) -> OrgNode:
    """The community a member lives in: their grid's parent."""
    grid = member.grid
    return OrgNode.objects.get(path=grid.path[: -OrgNode.steplen])


def _bump(model: type, row: Any, version: int | None, **fields: Any) -> None:
    """Write ``fields`` to ``row`` if its version is still ``version``, else ``StaleRow``."""
    expected = row.version if version is None else version
    updated = model.objects.filter(pk=row.pk, version=expected).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise StaleRow
    row.refresh_from_db()


# --- the needs list (需求表) --------------------------------------------------------------


@dataclass(frozen=True)
class PostEntry:
    category: str
    title: str
    description: str = ""
    places: int = 5
    active: bool = True


def _post_problems(entry: PostEntry) -> list[tuple[str, str]]:
    problems = []
    if entry.category not in Category.values:
        problems.append(("category", _("请选择岗位类别")))
    if not entry.title.strip():
        problems.append(("title", _("请填写岗位名称")))
    if not 1 <= entry.places <= 999:
        problems.append(("places", _("需求人数应在1到999之间")))
    return problems


@transaction.atomic
def save_post(
    community: OrgNode,
    entry: PostEntry,
    *,
    post: ServicePost | None = None,
    version: int | None = None,
    actor: Any = None,
    request: Any = None,
) -> ServicePost:
    """Add a post to a community's needs list, or change one (``post``)."""
    if community.level != Level.COMMUNITY:
        raise DualReportError(_("需求表只能由社区（村）建立"), "community")
    problems = _post_problems(entry)
    if problems:
        raise DualReportError(problems[0][1], problems[0][0])
    fields = {
        "category": entry.category,
        "title": entry.title.strip(),
        "description": entry.description.strip(),
        "places": entry.places,
        "active": entry.active,
    }
    if post is None:
        post = ServicePost.objects.create(community=community, **fields)
    else:
        _bump(ServicePost, post, version, **fields)
    record(
        POST_CHANGED,
        actor=actor,
        request=request,
        node=community,
        target=post.title,
        post_id=post.pk,
        active=post.active,
    )
    return post


# --- a unit's report (报到单) --------------------------------------------------------------


@dataclass(frozen=True)
class UnitEntry:
    unit_name: str
    party_org_name: str
    contact_name: str
    contact_phone: str
    reported_on: datetime.date


def _unit_problems(entry: UnitEntry) -> list[tuple[str, str]]:
    problems = []
    for field, label in (
        ("unit_name", _("请填写单位名称")),
        ("party_org_name", _("请填写单位党组织名称")),
        ("contact_name", _("请填写联系人")),
    ):
        if not getattr(entry, field).strip():
            problems.append((field, label))
    if entry.contact_phone.strip() and not phones.is_phone(entry.contact_phone):
        problems.append(("contact_phone", str(phones.MESSAGE)))
    if entry.reported_on > timezone.localdate():
        problems.append(("reported_on", _("报到日期不能晚于今天")))
    return problems


@transaction.atomic
def record_unit_report(
    community: OrgNode, entry: UnitEntry, *, actor: Any = None, request: Any = None
) -> UnitReport:
    """Record a unit party organisation's report to ``community`` (待确认)."""
    if community.level != Level.COMMUNITY:
        raise DualReportError(_("单位党组织只能到社区（村）报到"), "community")
    problems = _unit_problems(entry)
    if problems:
        raise DualReportError(problems[0][1], problems[0][0])
    report = UnitReport.objects.create(
        community=community,
        unit_name=entry.unit_name.strip(),
        party_org_name=entry.party_org_name.strip(),
        contact_name=entry.contact_name.strip(),
        contact_phone=phones.normalise_phone(entry.contact_phone),
        reported_on=entry.reported_on,
        recorded_by=_actor(actor),
    )
    UnitReportChange.objects.create(
        report=report,
        community=community,
        actor=_actor(actor),
        to_status=UnitReportStatus.SUBMITTED,
    )
    record(
        UNIT_REPORT_CHANGED,
        actor=actor,
        request=request,
        node=community,
        target=report.unit_name,
        unit_report_id=report.pk,
        status=["", UnitReportStatus.SUBMITTED],
    )
    return report


@transaction.atomic
def confirm_unit_report(
    report: UnitReport, *, version: int | None = None, actor: Any = None, request: Any = None
) -> UnitReport:
    """The community confirms a unit's report."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and report.version != version:
        raise StaleRow
    if report.status != UnitReportStatus.SUBMITTED:
        raise DualReportError(_("该报到单已确认"))
    _bump(
        UnitReport,
        report,
        report.version,
        status=UnitReportStatus.CONFIRMED,
        confirmed_by=_actor(actor),
        confirmed_at=timezone.now(),
    )
    UnitReportChange.objects.create(
        report=report,
        community_id=report.community_id,
        actor=_actor(actor),
        from_status=UnitReportStatus.SUBMITTED,
        to_status=UnitReportStatus.CONFIRMED,
    )
    record(
        UNIT_REPORT_CHANGED,
        actor=actor,
        request=request,
        node=report.community,
        target=report.unit_name,
        unit_report_id=report.pk,
        status=[UnitReportStatus.SUBMITTED, UnitReportStatus.CONFIRMED],
    )
    return report


# --- a member's report (党员报到、岗位认领) ----------------------------------------------------


def current_report(member: Member) -> MemberReport | None:
    """The member's report waiting or confirmed, if any."""
    return (
        MemberReport.objects.filter(member=member, status__in=CURRENT)
        .select_related("post", "community")
        .first()
    )


def places_taken(post: ServicePost) -> int:
    return MemberReport.objects.filter(post=post, status__in=CURRENT).count()


def _report_change(
    report: MemberReport, from_status: str, to_status: str, actor: Any, note: str, request: Any
) -> None:
    ReportChange.objects.create(
        report=report,
        grid_id=report.grid_id,
        actor=_actor(actor),
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    record(
        REPORT_CHANGED,
        actor=actor,
        request=request,
        node=report.grid,
        target=report.member.person.name,
        member_report_id=report.pk,
        post=report.post.title,
        status=[from_status, to_status],
    )


@transaction.atomic
def report_to_community(
    member: Member,
    post: ServicePost,
    *,
    note: str = "",
    on: datetime.date | None = None,
    actor: Any = None,
    request: Any = None,
) -> MemberReport:
    """A member reports to the community where they live and takes ``post`` (待确认)."""
    # One report of a member at a time, and one taker of a post's last place.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    community = community_of(member)
    if post.community_id != community.pk:
        raise DualReportError(_("只能认领所居住社区需求表中的岗位"), "post")
    if not post.active:
        raise DualReportError(_("该岗位已停止认领，请选择其他岗位"), "post")
    if current_report(member) is not None:
        raise DualReportError(_("您已向社区报到，不能重复报到"), "post")
    if places_taken(post) >= post.places:
        raise DualReportError(_("该岗位名额已满，请选择其他岗位"), "post")
    report = MemberReport.objects.create(
        member=member,
        grid_id=member.grid_id,
        community=community,
        post=post,
        reported_on=on or timezone.localdate(),
        note=note.strip()[:200],
    )
    _report_change(report, "", ReportStatus.SUBMITTED, actor, "", request)
    return report


@transaction.atomic
def decide_report(
    report: MemberReport,
    *,
    confirm: bool,
    reason: str = "",
    version: int | None = None,
    actor: Any = None,
    request: Any = None,
) -> MemberReport:
    """The community confirms a member's report, or returns it with the reason."""
    report = MemberReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and report.version != version:
        raise StaleRow
    if report.status != ReportStatus.SUBMITTED:
        raise DualReportError(_("该报到已处理"))
    reason = reason.strip()
    if not confirm and not reason:
        raise DualReportError(_("退回时请填写原因"), "reason")
    to_status = ReportStatus.CONFIRMED if confirm else ReportStatus.RETURNED
    _bump(
        MemberReport,
        report,
        report.version,
        status=to_status,
        decided_by=_actor(actor),
        decided_at=timezone.now(),
        return_reason="" if confirm else reason[:200],
    )
    _report_change(report, ReportStatus.SUBMITTED, to_status, actor, reason, request)
    return report


# --- service records (服务登记卡) -----------------------------------------------------------


@dataclass(frozen=True)
class ServiceEntry:
    served_on: datetime.date
    hours: Decimal | str
    work: str


def parse_hours(value: Decimal | str) -> Decimal:
    """Hours as a number with at most one decimal place, above 0 and at most 24."""
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        raise DualReportError(_("服务时长请填写数字，如2.5"), "hours") from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise DualReportError(_("服务时长应大于0且不超过24小时"), "hours")
    if hours != hours.quantize(Decimal("0.1")):
        raise DualReportError(_("服务时长最多保留一位小数，如2.5"), "hours")
    return hours.quantize(Decimal("0.1"))


def _entry_problems(report: MemberReport, entry: ServiceEntry) -> tuple[Decimal, str]:
    hours = parse_hours(entry.hours)
    if entry.served_on > timezone.localdate():
        raise DualReportError(_("服务日期不能晚于今天"), "served_on")
    if entry.served_on < report.reported_on:
        raise DualReportError(
            _("服务日期不能早于报到日期%(day)s") % {"day": report.reported_on.isoformat()},
            "served_on",
        )
    work = entry.work.strip()
    if not work:
        raise DualReportError(_("请填写服务内容"), "work")
    return hours, work[:300]


def _record_change(
    row: ServiceRecord, from_status: str, to_status: str, actor: Any, note: str, request: Any
) -> None:
    RecordChange.objects.create(
        record=row,
        grid_id=row.grid_id,
        actor=_actor(actor),
        from_status=from_status,
        to_status=to_status,
        note=note[:200],
    )
    record(
        RECORD_CHANGED,
        actor=actor,
        request=request,
        node=row.grid,
        target=row.member.person.name,
        service_record_id=row.pk,
        served_on=row.served_on.isoformat(),
        hours=str(row.hours),
        status=[from_status, to_status],
    )


@transaction.atomic
def log_service(
    member: Member, entry: ServiceEntry, *, actor: Any = None, request: Any = None
) -> ServiceRecord:
    """A member logs one service at their post (待确认)."""
    report = current_report(member)
    if report is None:
        raise DualReportError(_("请先向居住社区报到并认领岗位，再登记服务"))
    hours, work = _entry_problems(report, entry)
    row = ServiceRecord.objects.create(
        member=member,
        report=report,
        grid_id=member.grid_id,
        community_id=report.community_id,
        served_on=entry.served_on,
        hours=hours,
        work=work,
    )
    _record_change(row, "", RecordStatus.PENDING, actor, "", request)
    return row


@transaction.atomic
def decide_record(
    row: ServiceRecord,
    *,
    confirm: bool,
    reason: str = "",
    version: int | None = None,
    actor: Any = None,
    request: Any = None,
) -> ServiceRecord:
    """The community confirms a service record, or returns it to the member with the reason."""
    row = ServiceRecord.objects.select_for_update().get(pk=row.pk)
    if version is not None and row.version != version:
        raise StaleRow
    if row.status != RecordStatus.PENDING:
        raise DualReportError(_("该服务记录已处理"))
    reason = reason.strip()
    if not confirm and not reason:
        raise DualReportError(_("退回时请填写原因"), "reason")
    to_status = RecordStatus.CONFIRMED if confirm else RecordStatus.RETURNED
    _bump(
        ServiceRecord,
        row,
        row.version,
        status=to_status,
        decided_by=_actor(actor),
        decided_at=timezone.now(),
        return_reason="" if confirm else reason[:200],
    )
    _record_change(row, RecordStatus.PENDING, to_status, actor, reason, request)
    return row


@transaction.atomic
def resubmit_record(
    row: ServiceRecord,
    entry: ServiceEntry,
    *,
    version: int | None = None,
    actor: Any = None,
    request: Any = None,
) -> ServiceRecord:
    """The member puts a returned record right and sends it again (待确认)."""
    row = ServiceRecord.objects.select_for_update().select_related("report").get(pk=row.pk)
    if version is not None and row.version != version:
        raise StaleRow
    if row.status != RecordStatus.RETURNED:
        raise DualReportError(_("只有被退回的服务记录可以修改后重新提交"))
    hours, work = _entry_problems(row.report, entry)
    _bump(
        ServiceRecord,
        row,
        row.version,
        status=RecordStatus.PENDING,
        served_on=entry.served_on,
        hours=hours,
        work=work,
        return_reason="",
    )
    _record_change(row, RecordStatus.RETURNED, RecordStatus.PENDING, actor, "", request)
    return row
