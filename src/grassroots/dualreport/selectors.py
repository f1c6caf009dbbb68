"""Scoped reads of 双报到, each starting from ``visible_to``.

The community's staff read the needs list, the reports and the records of their subtree; a
party member reads their own (``dualreport.scope``). A member picks a post from the needs list
of the community they live in, reached through their own roster row: the list is the
community's public call for help, shown to every member living there.

``feedback`` gathers a quarter's confirmed service per work unit for the feedback to the units
(``dualreport.feedback`` writes it out).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from grassroots.dualreport.models import (
    MemberReport,
    RecordStatus,
    ReportStatus,
    ServicePost,
    ServiceRecord,
    UnitReport,
)
from grassroots.dualreport.quarters import Quarter
from grassroots.kernel.scope import get_visible_or_404, within
from grassroots.members.models import Member
from grassroots.org.models import Level, OrgNode, PartyOrganization

CURRENT = (ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)
NO_UNIT = "（未填写工作单位）"
ZERO = Decimal("0.0")


# --- the community's side ------------------------------------------------------------------


def _one(rows: QuerySet, pk: int) -> Any:
    """One row of a scoped list by id; anything else, existing or not, is a 404."""
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def communities(user: Any) -> QuerySet[OrgNode]:
    """The communities of the user's scope, for the needs list and unit reports."""
    return OrgNode.objects.visible_to(user).filter(level=Level.COMMUNITY).order_by("path")


def community(user: Any, node_id: int | str | None) -> OrgNode | None:
    if not node_id:
        return None
    try:
        return communities(user).filter(pk=int(node_id)).first()
    except (TypeError, ValueError):
        return None


def posts(user: Any) -> QuerySet[ServicePost]:
    """The needs lists of the user's communities, with the places taken."""
    return (
        ServicePost.objects.visible_to(user)
        .select_related("community")
        .annotate(taken=Count("reports", filter=Q(reports__status__in=CURRENT)))
        .order_by("community__path", "category", "pk")
    )


def post(user: Any, service_post_id: int) -> ServicePost:
    return get_visible_or_404(ServicePost, user, pk=service_post_id)


def unit_reports(user: Any) -> QuerySet[UnitReport]:
    return (
        UnitReport.objects.visible_to(user)
        .select_related("community", "confirmed_by")
        .order_by("status", "-reported_on", "-pk")
    )


def unit_report(user: Any, unit_report_id: int) -> UnitReport:
    return get_visible_or_404(UnitReport, user, pk=unit_report_id)


def member_reports(user: Any, status: str = "") -> QuerySet[MemberReport]:
    rows = MemberReport.objects.visible_to(user).select_related(
        "member__person", "post", "community", "grid"
    )
    if status in ReportStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-reported_on", "-pk")


def member_report(user: Any, member_report_id: int) -> MemberReport:
    return _one(member_reports(user), member_report_id)


def records(user: Any, status: str = "") -> QuerySet[ServiceRecord]:
    rows = ServiceRecord.objects.visible_to(user).select_related(
        "member__person", "report__post", "community"
    )
    if status in RecordStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-served_on", "-pk")


def service_record(user: Any, service_record_id: int) -> ServiceRecord:
    return _one(records(user), service_record_id)


def report_history(report: MemberReport) -> list[Any]:
    return list(report.changes.select_related("actor"))


def record_history(row: ServiceRecord) -> list[Any]:
    return list(row.changes.select_related("actor"))


def overview(user: Any) -> dict[str, int]:
    """What waits for the community: reports and records to confirm."""
    return {
        "reports_waiting": MemberReport.objects.visible_to(user)
        .filter(status=ReportStatus.SUBMITTED)
        .count(),
        "records_waiting": ServiceRecord.objects.visible_to(user)
        .filter(status=RecordStatus.PENDING)
        .count(),
        "units_waiting": UnitReport.objects.visible_to(user).filter(status="submitted").count(),
        "members_serving": MemberReport.objects.visible_to(user)
        .filter(status=ReportStatus.CONFIRMED)
        .count(),
        "posts": ServicePost.objects.visible_to(user).filter(active=True).count(),
    }


# --- the member's side ---------------------------------------------------------------------


def my_member(user: Any) -> Member | None:
    """The account's own roster row, if it has one."""
    if not getattr(user, "person_id", None):
        return None
    return (
        Member.objects.visible_to(user)
        .filter(person_id=user.person_id)
        .select_related("person", "grid")
        .first()
    )


def open_posts(member: Member) -> list[ServicePost]:
    """The posts a member may take: the active ones of the community they live in (their
    grid's parent), each with the places taken; full posts stay listed, marked full."""
    parent_path = member.grid.path[: -OrgNode.steplen]
    return list(
        ServicePost.objects.filter(community__path=parent_path, active=True)
        .annotate(taken=Count("reports", filter=Q(reports__status__in=CURRENT)))
        .order_by("category", "pk")
    )


def my_reports(user: Any) -> list[MemberReport]:
    return list(
        MemberReport.objects.visible_to(user)
        .filter(member__person__account=user)
        .select_related("post", "community")
        .order_by("-reported_on", "-pk")
    )


def my_current_report(user: Any) -> MemberReport | None:
    return next((r for r in my_reports(user) if r.status in CURRENT), None)


def my_records(user: Any) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.visible_to(user)
        .filter(member__person__account=user)
        .select_related("report__post")
        .order_by("-served_on", "-pk")
    )


def my_record(user: Any, service_record_id: int) -> ServiceRecord:
    return _one(my_records(user), service_record_id)


def hours_of(rows: QuerySet[ServiceRecord]) -> Decimal:
    return rows.aggregate(total=Sum("hours"))["total"] or ZERO


def my_totals(user: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """Confirmed hours in all and this quarter, and how many records wait or were returned."""
    quarter = Quarter.containing(today or timezone.localdate())
    rows = my_records(user)
    confirmed = rows.filter(status=RecordStatus.CONFIRMED)
    return {
        "quarter": quarter,
        "total_hours": hours_of(confirmed),
        "quarter_hours": hours_of(confirmed.filter(served_on__gte=quarter.start)),
        "pending": rows.filter(status=RecordStatus.PENDING).count(),
        "returned": rows.filter(status=RecordStatus.RETURNED).count(),
    }


def home_panel(user: Any) -> dict[str, Any] | None:
    """The member's home-page panel: their post, this quarter's confirmed hours, what waits.
    Nothing for an account that is not on the roster."""
    member = my_member(user)
    if member is None:
        return None
    return {"member": member, "report": my_current_report(user), **my_totals(user)}


# --- the quarter's feedback to work units ----------------------------------------------------


@dataclass
class MemberService:
    """One member's quarter: who, where, which post, each confirmed service and the total."""

    member_id: int
    name: str
    kind: str
    work_unit: str
    community: str
    party_org: str
    post: str
    category: str
    reported_on: datetime.date
    services: list[ServiceRecord] = field(default_factory=list)
    confirmed_by: str = ""

    @property
    def hours(self) -> Decimal:
        return sum((s.hours for s in self.services), ZERO)


@dataclass
class Feedback:
    quarter: Quarter
    area: str
    units: dict[str, list[MemberService]]  # work unit → its members, by name

    @property
    def members(self) -> list[MemberService]:
        return [m for rows in self.units.values() for m in rows]

    @property
    def idle(self) -> list[MemberService]:
        """Members who reported but served no confirmed hours this quarter."""
        return [m for m in self.members if not m.services]

    @property
    def hours(self) -> Decimal:
        return sum((m.hours for m in self.members), ZERO)


def feedback(user: Any, quarter: Quarter, node: OrgNode | None = None) -> Feedback:
    """Every member with a confirmed report by the quarter's end, in the user's scope (or
    ``node``'s), grouped by work unit, with their confirmed services of the quarter."""
    reports = MemberReport.objects.visible_to(user).filter(
        status=ReportStatus.CONFIRMED, reported_on__lte=quarter.end
    )
    rows = ServiceRecord.objects.visible_to(user).filter(
        status=RecordStatus.CONFIRMED, served_on__range=(quarter.start, quarter.end)
    )
    if node is not None:
        reports, rows = within(reports, node.path), within(rows, node.path)
    reports = reports.select_related("member__person", "post", "community").order_by(
        "member__work_unit", "member__person__name", "pk"
    )
    by_member: dict[int, list[ServiceRecord]] = defaultdict(list)
    for row in rows.select_related("decided_by").order_by("served_on", "pk"):
        by_member[row.member_id].append(row)
    party = dict(
        PartyOrganization.objects.visible_to(user)
        .filter(org_node_id__in={r.community_id for r in reports})
        .values_list("org_node_id", "name")
    )
    units: dict[str, list[MemberService]] = {}
    for report in reports:
        member = report.member
        services = by_member.get(member.pk, [])
        confirmers = [str(s.decided_by) for s in services if s.decided_by_id]
        units.setdefault(member.work_unit.strip() or NO_UNIT, []).append(
            MemberService(
                member_id=member.pk,
                name=member.person.name,
                kind=member.get_kind_display(),
                work_unit=member.work_unit.strip() or NO_UNIT,
                community=report.community.name,
                party_org=party.get(report.community_id, f"{report.community.name}党组织"),
                post=report.post.title,
                category=report.post.get_category_display(),
                reported_on=report.reported_on,
                services=services,
                confirmed_by=confirmers[-1] if confirmers else "",
            )
        )
    area = node.name if node is not None else ""
    return Feedback(quarter=quarter, area=area, units=dict(sorted(units.items())))


def feedback_units(user: Any) -> QuerySet[OrgNode]:
    """The units a quarter's feedback may be narrowed to: streets and communities in scope."""
    return (
        OrgNode.objects.visible_to(user)
        .filter(level__in=(Level.STREET, Level.COMMUNITY))
        .order_by("path")
    )


def unit_of_scope(user: Any, node_id: Any) -> OrgNode | None:
    """A street or community of the user's scope by id; None for anything else."""
    try:
        pk = int(node_id)
    except (TypeError, ValueError):
        return None
    return feedback_units(user).filter(pk=pk).first()


def unit_by_code(user: Any, code: str) -> OrgNode | None:
    """A unit of the user's scope by code (the command line's ``--unit``)."""
    return OrgNode.objects.visible_to(user).filter(code=code.strip()).first()
