"""Pages of 双报到: the community's (需求表, confirmations, the quarter's feedback) and the
member's own on a phone (report and take a post, log a service, my records and hours)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.dualreport import feedback as papers
from grassroots.dualreport import selectors
from grassroots.dualreport.forms import (
    DecideForm,
    PostForm,
    ReportForm,
    ServiceForm,
    UnitReportForm,
)
from grassroots.dualreport.models import RecordStatus, ReportStatus
from grassroots.dualreport.plugin import MANAGE_DUALREPORT, SERVE_DUALREPORT
from grassroots.dualreport.quarters import Quarter
from grassroots.dualreport.services import (
    DualReportError,
    PostEntry,
    ServiceEntry,
    UnitEntry,
    confirm_unit_report,
    decide_record,
    decide_report,
    log_service,
    record_unit_report,
    report_to_community,
    resubmit_record,
    save_post,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fail(form: Any, error: DualReportError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _attachment(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- the community's pages -------------------------------------------------------------------


@requires(MANAGE_DUALREPORT)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "counts": selectors.overview(user),
        "waiting_reports": selectors.member_reports(user, ReportStatus.SUBMITTED)[:10],
        "waiting_records": selectors.records(user, RecordStatus.PENDING)[:10],
    }
    return render(request, "dualreport/index.html", context)


@requires(MANAGE_DUALREPORT)
@once_per_form
def post_list(request: HttpRequest) -> HttpResponse:
    communities = list(selectors.communities(request.user))
    form = PostForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = PostEntry(
            category=data["category"],
            title=data["title"],
            description=data["description"],
            places=data["places"],
            active=data["active"],
        )
        try:
            save_post(
                selectors.community(request.user, data["community"]),  # type: ignore[arg-type]
                entry,
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已加入需求表"))
            return redirect("dualreport:posts")
    context = {"posts": selectors.posts(request.user), "form": form if communities else None}
    status = 400 if request.method == "POST" else 200
    return render(request, "dualreport/posts.html", context, status=status)


@requires(MANAGE_DUALREPORT)
def post_edit(request: HttpRequest, service_post_id: int) -> HttpResponse:
    post = selectors.post(request.user, service_post_id)
    initial = {
        "community": post.community_id,
        "category": post.category,
        "title": post.title,
        "description": post.description,
        "places": post.places,
        "active": post.active,
        "version": post.version,
    }
    form = PostForm(request.POST or None, initial=initial, communities=[post.community])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = PostEntry(
            category=data["category"],
            title=data["title"],
            description=data["description"],
            places=data["places"],
            active=data["active"],
        )
        try:
            save_post(
                post.community,
                entry,
                post=post,
                version=data["version"],
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已保存岗位"))
            return redirect("dualreport:posts")
    status = 400 if request.method == "POST" else 200
    return render(request, "dualreport/post.html", {"post": post, "form": form}, status=status)


@requires(MANAGE_DUALREPORT)
@once_per_form
def unit_list(request: HttpRequest) -> HttpResponse:
    communities = list(selectors.communities(request.user))
    form = UnitReportForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = UnitEntry(
            unit_name=data["unit_name"],
            party_org_name=data["party_org_name"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            reported_on=data["reported_on"],
        )
        try:
            record_unit_report(
                selectors.community(request.user, data["community"]),  # type: ignore[arg-type]
                entry,
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已登记单位报到单"))
            return redirect("dualreport:units")
    context = {
        "reports": selectors.unit_reports(request.user),
        "form": form if communities else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "dualreport/units.html", context, status=status)


@requires(MANAGE_DUALREPORT)
@require_POST
def unit_confirm(request: HttpRequest, unit_report_id: int) -> HttpResponse:
    report = selectors.unit_report(request.user, unit_report_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        confirm_unit_report(report, version=version, actor=request.user, request=request)
    except DualReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已确认单位报到"))
    return redirect("dualreport:units")


@requires(MANAGE_DUALREPORT)
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReportStatus.SUBMITTED)
    rows = selectors.member_reports(request.user, status)
    context = {"reports": rows[:200], "status": status, "statuses": ReportStatus.choices}
    return render(request, "dualreport/reports.html", context)


def _report_page(
    request: HttpRequest, report: Any, form: DecideForm | None, status: int = 200
) -> HttpResponse:
    if report.status == ReportStatus.SUBMITTED and form is None:
        form = DecideForm(initial={"version": report.version, "decision": "confirm"})
    context = {
        "report": report,
        "history": selectors.report_history(report),
        "form": form if report.status == ReportStatus.SUBMITTED else None,
        "problems": form.non_field_errors() if form is not None else [],
    }
    return render(request, "dualreport/report.html", context, status=status)


@requires(MANAGE_DUALREPORT)
def report_detail(request: HttpRequest, member_report_id: int) -> HttpResponse:
    report = selectors.member_report(request.user, member_report_id)
    if request.method != "POST":
        return _report_page(request, report, None)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide_report(
                report,
                confirm=data["decision"] == "confirm",
                reason=data["reason"],
                version=data["version"],
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已处理党员报到"))
            return redirect("dualreport:report", member_report_id=report.pk)
    return _report_page(request, report, form, status=400)


@requires(MANAGE_DUALREPORT)
def record_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", RecordStatus.PENDING)
    rows = selectors.records(request.user, status)
    context = {"records": rows[:200], "status": status, "statuses": RecordStatus.choices}
    return render(request, "dualreport/records.html", context)


def _record_page(
    request: HttpRequest, row: Any, form: DecideForm | None, status: int = 200
) -> HttpResponse:
    if row.status == RecordStatus.PENDING and form is None:
        form = DecideForm(initial={"version": row.version, "decision": "confirm"})
    context = {
        "row": row,
        "history": selectors.record_history(row),
        "form": form if row.status == RecordStatus.PENDING else None,
        "problems": form.non_field_errors() if form is not None else [],
    }
    return render(request, "dualreport/record.html", context, status=status)


@requires(MANAGE_DUALREPORT)
def record_detail(request: HttpRequest, service_record_id: int) -> HttpResponse:
    row = selectors.service_record(request.user, service_record_id)
    if request.method != "POST":
        return _record_page(request, row, None)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide_record(
                row,
                confirm=data["decision"] == "confirm",
                reason=data["reason"],
                version=data["version"],
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已处理服务登记"))
            return redirect("dualreport:records")
    return _record_page(request, row, form, status=400)


def _quarter(request: HttpRequest) -> Quarter:
    try:
        return Quarter.parse(request.GET.get("quarter", ""))
    except ValueError:
        return Quarter.containing(timezone.localdate()).previous()


def _feedback(request: HttpRequest) -> selectors.Feedback:
    node = selectors.unit_of_scope(request.user, request.GET.get("unit"))
    return selectors.feedback(request.user, _quarter(request), node)


@requires(MANAGE_DUALREPORT)
def feedback(request: HttpRequest) -> HttpResponse:
    result = _feedback(request)
    today = Quarter.containing(timezone.localdate())
    choices = [today]
    for _n in range(5):
        choices.append(choices[-1].previous())
    context = {
        "feedback": result,
        "quarters": choices,
        "units": selectors.feedback_units(request.user),
        "unit": request.GET.get("unit", ""),
    }
    return render(request, "dualreport/feedback.html", context)


@requires(MANAGE_DUALREPORT)
def feedback_xlsx(request: HttpRequest) -> HttpResponse:
    result = _feedback(request)
    buffer = io.BytesIO()
    papers.write_xlsx(result, buffer)
    return _attachment(buffer.getvalue(), papers.xlsx_name(result), XLSX)


@requires(MANAGE_DUALREPORT)
def feedback_zip(request: HttpRequest) -> HttpResponse:
    result = _feedback(request)
    buffer = io.BytesIO()
    papers.write_zip(result, buffer)
    name = papers.xlsx_name(result).removesuffix(".xlsx") + ".zip"
    return _attachment(buffer.getvalue(), name, "application/zip")


# --- the member's own pages ------------------------------------------------------------------


def _member_or_404(request: HttpRequest) -> Any:
    member = selectors.my_member(request.user)
    if member is None:
        raise Http404
    return member


@requires(SERVE_DUALREPORT)
def my(request: HttpRequest) -> HttpResponse:
    member = selectors.my_member(request.user)
    context: dict[str, Any] = {"member": member}
    if member is not None:
        context.update(
            reports=selectors.my_reports(request.user),
            report=selectors.my_current_report(request.user),
            records=selectors.my_records(request.user)[:50],
            **selectors.my_totals(request.user),
        )
    return render(request, "dualreport/my.html", context)


@requires(SERVE_DUALREPORT)
@once_per_form
def my_report(request: HttpRequest) -> HttpResponse:
    member = _member_or_404(request)
    if selectors.my_current_report(request.user) is not None:
        return redirect("dualreport:my")
    posts = selectors.open_posts(member)
    form = ReportForm(request.POST or None, posts=posts)
    if request.method == "POST" and form.is_valid():
        chosen = next(p for p in posts if p.pk == form.cleaned_data["post"])
        try:
            report_to_community(
                member,
                chosen,
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已向社区报到，等待社区确认"))
            return redirect("dualreport:my")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "posts": posts, "member": member}
    return render(request, "dualreport/my_report.html", context, status=status)


@requires(SERVE_DUALREPORT)
@once_per_form
def my_log(request: HttpRequest) -> HttpResponse:
    member = _member_or_404(request)
    report = selectors.my_current_report(request.user)
    if report is None:
        return redirect("dualreport:my_report")
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log_service(
                member,
                ServiceEntry(served_on=data["served_on"], hours=data["hours"], work=data["work"]),
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已登记服务，等待社区确认"))
            return redirect("dualreport:my")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "report": report}
    return render(request, "dualreport/my_log.html", context, status=status)


@requires(SERVE_DUALREPORT)
def my_record(request: HttpRequest, service_record_id: int) -> HttpResponse:
    row = selectors.my_record(request.user, service_record_id)
    editable = row.status == RecordStatus.RETURNED
    initial = {
        "served_on": row.served_on,
        "hours": f"{row.hours:.1f}",
        "work": row.work,
        "version": row.version,
    }
    form = ServiceForm(request.POST or None, initial=initial) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            resubmit_record(
                row,
                ServiceEntry(served_on=data["served_on"], hours=data["hours"], work=data["work"]),
                version=data["version"],
                actor=request.user,
                request=request,
            )
        except DualReportError as error:
            _fail(form, error)
        else:
            messages.success(request, _("已重新提交，等待社区确认"))
            return redirect("dualreport:my")
    status = 400 if request.method == "POST" else 200
    context = {"row": row, "history": selectors.record_history(row), "form": form}
    return render(request, "dualreport/my_record.html", context, status=status)
