"""Class pages: the list, a new class, the class page with its sessions, participants, study
hours, ratings and the brief button; enrolment and the completion list as xlsx."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_editable_or_404, get_visible_or_404
from grassroots.kernel.tabular import write_table
from grassroots.people.models import Person
from grassroots.training import selectors
from grassroots.training.documents import pdf_available
from grassroots.training.forms import BriefForm, ClassForm, EnrolForm, SessionForm
from grassroots.training.models import TrainingClass
from grassroots.training.plugin import MANAGE_TRAINING, VIEW_TRAINING
from grassroots.training.services import (
    ClassSpec,
    TrainingError,
    add_session,
    create_class,
    enrol,
    update_class,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

MAX_CANDIDATES = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@requires(VIEW_TRAINING)
def class_list(request: HttpRequest) -> HttpResponse:
    classes = selectors.classes_for(request.user)
    return render(
        request,
        "training/class_list.html",
        {"classes": classes, "can_manage": has_permission(request.user, MANAGE_TRAINING)},
    )


@requires(MANAGE_TRAINING)
@once_per_form
def class_create(request: HttpRequest) -> HttpResponse:
    form = ClassForm(request.POST if request.method == "POST" else None)
    node = request.user.org_node
    if form.is_bound and form.is_valid() and node is not None:
        training_class = create_class(
            spec=form.to_spec(), node=node, actor=request.user, request=request
        )
        messages.success(request, _("已创建培训班：%(title)s") % {"title": training_class.title})
        return redirect("training:detail", class_id=training_class.pk)
    if form.is_bound and node is None:
        form.add_error(None, _("您的账号不属于任何单位，无法创建培训班"))
    return render(request, "training/class_form.html", {"form": form})


@requires(MANAGE_TRAINING)
def class_edit(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class = get_editable_or_404(TrainingClass, request.user, pk=class_id)
    initial = {name: getattr(training_class, name) for name in ClassSpec.EDITABLE}
    form = ClassForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "version": training_class.version},
    )
    if form.is_bound and form.is_valid():
        try:
            update_class(
                training_class=training_class,
                spec=form.to_spec(),
                version=form.cleaned_data["version"] or 0,
                actor=request.user,
                request=request,
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已保存"))
            return redirect("training:detail", class_id=training_class.pk)
    return render(
        request, "training/class_form.html", {"form": form, "training_class": training_class}
    )


@requires(VIEW_TRAINING)
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class = get_visible_or_404(TrainingClass, request.user, pk=class_id)
    lines, overall = selectors.ratings(training_class)
    hours = selectors.study_hours(training_class, request.user)
    runs = selectors.runs(request.user, training_class)
    days = training_class.days()
    brief_form = BriefForm(training_class=training_class, initial={"date": days[0], "number": 1})
    return render(
        request,
        "training/class_detail.html",
        {
            "training_class": training_class,
            "sessions": selectors.sessions_of(training_class),
            "ratings": lines,
            "overall": overall,
            "hours": hours,
            "completed": sum(1 for row in hours if row.complete),
            "days": days,
            "brief_form": brief_form,
            "pdf_available": pdf_available(),
            "runs": runs,
            "can_manage": runs and has_permission(request.user, MANAGE_TRAINING),
            "session_form": SessionForm(training_class=training_class),
        },
    )


@requires(MANAGE_TRAINING)
@require_POST
@once_per_form
def session_add(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class = get_editable_or_404(TrainingClass, request.user, pk=class_id)
    form = SessionForm(request.POST, training_class=training_class)
    if form.is_valid():
        try:
            add_session(
                training_class=training_class,
                spec=form.to_spec(),
                actor=request.user,
                request=request,
            )
        except TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已添加课程"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("training:detail", class_id=training_class.pk)


@requires(MANAGE_TRAINING)
def enrolment(request: HttpRequest, class_id: int) -> HttpResponse:
    """Find people in scope and enrol them, with their post and discussion group."""
    training_class = get_editable_or_404(TrainingClass, request.user, pk=class_id)
    if request.method == "POST":
        form = EnrolForm(request.POST)
        if form.is_valid():
            person = get_visible_or_404(Person, request.user, pk=form.cleaned_data["person"])
            enrol(
                training_class=training_class,
                person=person,
                post=form.cleaned_data["post"],
                group_name=form.cleaned_data["group"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("已报名：%(name)s") % {"name": person.name})
        return redirect(f"{request.path}?q={request.POST.get('q', '')}")
    query = request.GET.get("q", "").strip()[:50]
    candidates = selectors.candidates_for(request.user, training_class, query)[:MAX_CANDIDATES]
    return render(
        request,
        "training/enrolment.html",
        {
            "training_class": training_class,
            "query": query,
            "candidates": candidates,
            "enrolments": training_class.enrolments.select_related("person__org_node", "group"),
        },
    )


@requires(VIEW_TRAINING)
def completion_export(request: HttpRequest, class_id: int) -> HttpResponse:
    """The completion list (结业名单) as an xlsx workbook."""
    training_class = get_visible_or_404(TrainingClass, request.user, pk=class_id)
    with tempfile.TemporaryDirectory(prefix="completion-") as folder:
        path = Path(folder) / "completion.xlsx"
        write_table(
            path,
            selectors.COMPLETION_HEADERS,
            selectors.completion_rows(training_class, request.user),
        )
        content = path.read_bytes()
    return attachment(content, f"{training_class.title}结业名单.xlsx", XLSX)
