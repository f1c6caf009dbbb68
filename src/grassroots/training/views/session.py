"""Session pages: the QR code on the classroom screen, the phone check-in page, the roster
with staff marking, sub-classrooms of a video class, and feedback."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_editable_or_404, get_visible_or_404
from grassroots.training import selectors
from grassroots.training.forms import FeedbackForm, MarkForm
from grassroots.training.models import AttendanceStatus, Classroom, Enrolment, Session
from grassroots.training.plugin import MANAGE_TRAINING, VIEW_TRAINING
from grassroots.training.services import (
    TrainingError,
    add_classroom,
    assign_classroom,
    submit_feedback,
)
from grassroots.training.services.checkin import (
    CheckInRefused,
    check_in,
    make_code,
    mark_attendance,
    read_code,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


def _classroom(request: HttpRequest, session: Session) -> Classroom | None:
    wanted = request.GET.get("classroom") or request.POST.get("classroom")
    if not wanted:
        return None
    return get_visible_or_404(Classroom, request.user, pk=wanted, session=session)


def _qr_context(request: HttpRequest, session: Session) -> dict:
    classroom = _classroom(request, session)
    code = make_code(session, classroom)
    link = request.build_absolute_uri(
        reverse("training:check_in") + "?" + urlencode({"code": code})
    )
    svg = segno.make(link, error="m").svg_inline(scale=6, border=2, title=_("签到二维码"))
    minutes = session.training_class.code_minutes
    return {
        "session": session,
        "classroom": classroom,
        "svg": svg,
        "link": link,
        "minutes": minutes,
        "refresh_seconds": max(30, minutes * 60 // 2),
    }


@requires(MANAGE_TRAINING)
def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The check-in code for the classroom screen; it renews itself before it expires."""
    session = get_editable_or_404(Session, request.user, pk=session_id)
    template = "training/_qr.html" if request.htmx else "training/session_qr.html"
    return render(request, template, _qr_context(request, session))


@login_required
def check_in_page(request: HttpRequest) -> HttpResponse:
    """What a participant's phone opens after scanning: confirm, then checked in."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:500]
    context: dict = {"code": code}
    if not code:
        return render(request, "training/check_in.html", context)
    try:
        if request.method == "POST":
            result = check_in(code=code, account=request.user, request=request)
            context |= {"done": result, "session": result.attendance.session}
        else:
            context["session"] = read_code(code).session
    except CheckInRefused as error:
        context["error"] = str(error)
    return render(request, "training/check_in.html", context)


@requires(VIEW_TRAINING)
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_visible_or_404(Session, request.user, pk=session_id)
    classroom = _classroom(request, session)
    lines = selectors.roster(session, request.user, classroom)
    runs = selectors.runs(request.user, session.training_class)
    counts = [
        (value, label, sum(1 for line in lines if line.status == value))
        for value, label in AttendanceStatus.choices
    ]
    return render(
        request,
        "training/attendance.html",
        {
            "session": session,
            "classroom": classroom,
            "lines": lines,
            "counts": counts,
            "statuses": AttendanceStatus.choices,
            "classrooms": session.classrooms.all(),
            "can_manage": runs and has_permission(request.user, MANAGE_TRAINING),
        },
    )


@requires(MANAGE_TRAINING)
@require_POST
def attendance_mark(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_editable_or_404(Session, request.user, pk=session_id)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("考勤状态无效"), status=400)
    enrolment = get_editable_or_404(
        Enrolment,
        request.user,
        pk=form.cleaned_data["enrolment"],
        training_class=session.training_class,
    )
    mark_attendance(
        enrolment=enrolment,
        session=session,
        status=form.cleaned_data["status"],
        actor=request.user,
        request=request,
    )
    if request.htmx:
        line = selectors.RosterLine(
            enrolment=enrolment, attendance=session.attendances.filter(enrolment=enrolment).first()
        )
        return render(
            request,
            "training/_roster_line.html",
            {
                "line": line,
                "session": session,
                "statuses": AttendanceStatus.choices,
                "can_manage": True,
            },
        )
    return redirect("training:attendance", session_id=session.pk)


@requires(MANAGE_TRAINING)
@require_POST
@once_per_form
def classroom_add(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_editable_or_404(Session, request.user, pk=session_id)
    name = request.POST.get("name", "").strip()[:100]
    try:
        if not name:
            raise TrainingError(_("请填写课堂名称"))
        add_classroom(
            session=session,
            name=name,
            place=request.POST.get("place", "")[:100],
            actor=request.user,
        )
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:attendance", session_id=session.pk)


@requires(MANAGE_TRAINING)
@require_POST
def classroom_assign(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = get_editable_or_404(Classroom, request.user, pk=classroom_id)
    enrolment = get_editable_or_404(
        Enrolment,
        request.user,
        pk=request.POST.get("enrolment"),
        training_class=classroom.session.training_class,
    )
    assign_classroom(enrolment=enrolment, classroom=classroom, actor=request.user)
    return redirect("training:attendance", session_id=classroom.session_id)


@requires(VIEW_TRAINING)
def session_feedback(request: HttpRequest, session_id: int) -> HttpResponse:
    """Ratings and takeaways of one lecture; staff may enter a paper form for a participant."""
    session = get_visible_or_404(Session, request.user, pk=session_id)
    can_manage = has_permission(request.user, MANAGE_TRAINING) and selectors.runs(
        request.user, session.training_class
    )
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can_manage and form.is_valid():
        enrolment = get_editable_or_404(
            Enrolment,
            request.user,
            pk=request.POST.get("enrolment"),
            training_class=session.training_class,
        )
        try:
            submit_feedback(
                enrolment=enrolment, session=session, actor=request.user, **form.cleaned_data
            )
        except TrainingError as error:
            messages.error(request, str(error))
        return redirect("training:feedback", session_id=session.pk)
    feedback = list(selectors.feedback_of(session, request.user))
    ratings = [f.rating for f in feedback]
    return render(
        request,
        "training/feedback.html",
        {
            "session": session,
            "feedback": feedback,
            "form": form,
            "can_manage": can_manage,
            "average": sum(ratings) / len(ratings) if ratings else None,
            "enrolments": selectors.participants(request.user, session.training_class)
            .select_related("person")
            .order_by("pk")
            if can_manage
            else [],
        },
    )


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """The signed-in participant's own classes, with a rating form for each rated session."""
    if request.method == "POST":
        return _rate_own(request)
    enrolments = list(selectors.own_enrolments(request.user))
    rated = {(f.enrolment_id, f.session_id): f for e in enrolments for f in e.feedback.all()}
    rows = []
    for enrolment in enrolments:
        sessions = [
            (s, rated.get((enrolment.pk, s.pk)))
            for s in enrolment.training_class.sessions.all()
            if s.is_rated
        ]
        rows.append((enrolment, sessions))
    return render(request, "training/mine.html", {"rows": rows, "form": FeedbackForm()})


def _rate_own(request: HttpRequest) -> HttpResponse:
    own = selectors.own_rated_session(request.user, request.POST.get("session"))
    form = FeedbackForm(request.POST)
    if own is None or not form.is_valid():
        messages.error(request, _("评价未提交：请选择1到5分"))
        return redirect("training:mine")
    session, enrolment = own
    try:
        submit_feedback(
            enrolment=enrolment, session=session, actor=request.user, **form.cleaned_data
        )
    except TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("感谢您的评价"))
    return redirect("training:mine")
