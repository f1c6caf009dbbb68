"""Pages of 三会一课: the compliance of the branches a user oversees (per quarter), a branch's
meetings, one meeting, and the form a secretary records a meeting with on a phone or a desk."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.branchlife import selectors
from grassroots.branchlife.forms import MeetingForm, attendance_from, lines_with, reason_choices
from grassroots.branchlife.models import BranchMeeting
from grassroots.branchlife.plugin import CHECK_COMPLIANCE, RECORD_MEETINGS, VIEW_MEETINGS
from grassroots.branchlife.rules import Quarter
from grassroots.branchlife.services import (
    MeetingEntry,
    MeetingError,
    record_meeting,
    update_meeting,
)
from grassroots.kernel.permissions import has_permission
from grassroots.org.models import PartyOrganization
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

FAILING_SHOWN = 200


def _quarter(request: HttpRequest) -> tuple[Quarter, str]:
    text = request.GET.get("quarter", "")
    if not text:
        return selectors.default_quarter(), ""
    try:
        return Quarter.parse(text), ""
    except ValueError as error:
        return selectors.default_quarter(), str(error)


def _compliance_page(request: HttpRequest, org: PartyOrganization | None) -> HttpResponse:
    quarter, error = _quarter(request)
    result = selectors.compliance(request.user, quarter, org)
    context = {
        "result": result,
        "quarters": sorted({*selectors.quarters_to_choose(), quarter}, reverse=True),
        "quarter_error": error,
        "failing": result.failing[:FAILING_SHOWN],
        "failing_more": max(0, len(result.failing) - FAILING_SHOWN),
    }
    return render(request, "branchlife/compliance.html", context, status=400 if error else 200)


@requires(VIEW_MEETINGS)
def index(request: HttpRequest) -> HttpResponse:
    """Staff: how the branches they oversee kept the rule. A member: their branch."""
    if has_permission(request.user, CHECK_COMPLIANCE):
        return _compliance_page(request, None)
    branch = selectors.own_branch(request.user)
    if branch is not None:
        return redirect("branchlife:org", party_org_id=branch.pk)
    return render(request, "branchlife/no_branch.html")


@requires(VIEW_MEETINGS)
def org_page(request: HttpRequest, party_org_id: int) -> HttpResponse:
    """A branch: its meetings. A higher organisation: its branches' compliance."""
    org = selectors.party_org(request.user, party_org_id)
    if not selectors.is_branch(org):
        if has_permission(request.user, CHECK_COMPLIANCE):
            return _compliance_page(request, org)
        return redirect("branchlife:index")
    today = timezone.localdate()
    quarter = Quarter.of(today)
    standing = selectors.compliance(request.user, quarter, org, today).standings
    context = {
        "branch": org,
        "meetings": selectors.branch_meetings(request.user, org),
        "quarter": quarter,
        "standing": standing[0] if standing else None,
        "today": today,
        "can_record": has_permission(request.user, RECORD_MEETINGS),
        "can_check": has_permission(request.user, CHECK_COMPLIANCE),
    }
    return render(request, "branchlife/branch.html", context)


def _form_page(
    request: HttpRequest,
    branch: PartyOrganization,
    meeting: BranchMeeting | None,
    form: MeetingForm,
    lines: list[selectors.MemberLine],
    status: int = 200,
    attendance_error: str = "",
) -> HttpResponse:
    context = {
        "attendance_error": attendance_error,
        "branch": branch,
        "meeting": meeting,
        "form": form,
        "lines": lines,
        "reasons": reason_choices(),
    }
    return render(request, "branchlife/form.html", context, status=status)


def _entry(form: MeetingForm, attendance: dict[int, str]) -> MeetingEntry:
    data = form.cleaned_data
    return MeetingEntry(
        kind=data["kind"],
        held_on=data["held_on"],
        topic=data["topic"],
        place=data["place"],
        minutes=data["minutes"],
        attendance=attendance,
    )


def _save(
    request: HttpRequest,
    branch: PartyOrganization,
    meeting: BranchMeeting | None,
) -> HttpResponse:
    lines = selectors.attendance_lines(branch, meeting)
    form = MeetingForm(request.POST)
    attendance = attendance_from(request.POST, lines)
    attendance_error = ""
    if form.is_valid():
        try:
            if meeting is None:
                saved = record_meeting(
                    branch, _entry(form, attendance), actor=request.user, request=request
                )
                messages.success(request, _("已登记会议"))
            else:
                saved = update_meeting(
                    meeting,
                    _entry(form, attendance),
                    version=form.cleaned_data["version"] or 0,
                    actor=request.user,
                    request=request,
                )
                messages.success(request, _("已保存会议记录"))
        except MeetingError as error:
            if error.field == "attendance":
                attendance_error = str(error)
            else:
                form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect("branchlife:meeting", branch_meeting_id=saved.pk)
    shown = lines_with(lines, attendance)
    return _form_page(request, branch, meeting, form, shown, 400, attendance_error)


@requires(RECORD_MEETINGS)
@once_per_form
def meeting_new(request: HttpRequest, party_org_id: int) -> HttpResponse:
    branch = selectors.party_org(request.user, party_org_id)
    if not selectors.is_branch(branch):
        messages.error(request, _("只有党支部（网格党支部、楼栋党支部）登记三会一课"))
        return redirect("branchlife:org", party_org_id=branch.pk)
    if request.method == "POST":
        return _save(request, branch, None)
    lines = selectors.attendance_lines(branch, None)
    return _form_page(request, branch, None, MeetingForm(), lines)


@requires(VIEW_MEETINGS)
def meeting_detail(request: HttpRequest, branch_meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting(request.user, branch_meeting_id)
    context = {
        "meeting": meeting,
        "branch": meeting.branch,
        "lines": [
            line for line in selectors.attendance_lines(meeting.branch, meeting) if line.status
        ],
        "planned": meeting.is_planned(timezone.localdate()),
        "can_record": has_permission(request.user, RECORD_MEETINGS),
    }
    return render(request, "branchlife/meeting.html", context)


@requires(RECORD_MEETINGS)
def meeting_edit(request: HttpRequest, branch_meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting(request.user, branch_meeting_id)
    if request.method == "POST":
        return _save(request, meeting.branch, meeting)
    form = MeetingForm(
        initial={
            "kind": meeting.kind,
            "held_on": meeting.held_on,
            "topic": meeting.topic,
            "place": meeting.place,
            "minutes": meeting.minutes,
            "version": meeting.version,
        }
    )
    lines = selectors.attendance_lines(meeting.branch, meeting)
    return _form_page(request, meeting.branch, meeting, form, lines)
