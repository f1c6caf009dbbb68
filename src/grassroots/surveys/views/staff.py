"""Pages of the surveys: the list, a new survey, a survey's page (the sample by grid, the
computation of its size, progress and rates), a grid's call sheet where staff record calls on
a phone (htmx, one household at a time), and the printable sheet of QR links."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.people.plugin import VIEW_PERSONAL_DATA
from grassroots.registry.services import reveal_resident_data
from grassroots.surveys import selectors
from grassroots.surveys.forms import AnswersForm, SurveyForm
from grassroots.surveys.models import Outcome, Survey, SurveyStatus
from grassroots.surveys.plugin import MANAGE_SURVEYS, RECORD_SURVEYS, VIEW_SURVEYS
from grassroots.surveys.services import (
    QuestionInput,
    SurveyError,
    close_survey,
    create_survey,
    draw_sample,
    start_survey,
)
from grassroots.surveys.services import record_contact as record_contact_service
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


@requires(VIEW_SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(selectors.surveys_for(request.user))
    rows = [{"survey": s, "progress": selectors.progress_of(request.user, s)} for s in surveys]
    return render(request, "surveys/list.html", {"rows": rows})


@requires(MANAGE_SURVEYS)
@once_per_form
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questions = [
            QuestionInput(data["satisfaction_question"], "satisfaction"),
            QuestionInput(data["safety_question"], "safety"),
        ]
        try:
            survey = create_survey(
                node=data["node"],
                name=data["name"],
                margin=data["margin"],
                confidence=data["confidence"],
                seed=data["seed"],
                questions=questions,
                actor=request.user,
                request=request,
            )
        except SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已创建测评，请抽样"))
            return redirect("surveys:detail", survey_id=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/form.html", {"form": form}, status=status)


@requires(VIEW_SURVEYS)
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey(request.user, survey_id)
    grids = selectors.progress_by_grid(request.user, survey)
    context = {
        "survey": survey,
        "questions": list(survey.questions.order_by("number")),
        "grids": grids,
        "progress": selectors.total([g.progress for g in grids]),
        "rates": selectors.rates(request.user, survey),
        "computation": selectors.computation(survey),
        "may_manage": has_permission(request.user, MANAGE_SURVEYS)
        and selectors.may_manage(request.user, survey),
        "may_record": has_permission(request.user, RECORD_SURVEYS),
    }
    return render(request, "surveys/detail.html", context)


def _managed(request: HttpRequest, survey_id: int) -> Survey:
    survey = selectors.survey(request.user, survey_id)
    if not selectors.may_manage(request.user, survey):
        raise Http404
    return survey


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _act(request: HttpRequest, survey_id: int, action: Any, done: str) -> HttpResponse:
    survey = _managed(request, survey_id)
    try:
        action(survey, actor=request.user, version=_version(request), request=request)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("surveys:detail", survey_id=survey.pk)


@requires(MANAGE_SURVEYS)
@require_POST
def survey_draw(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _act(request, survey_id, draw_sample, _("已抽样"))


@requires(MANAGE_SURVEYS)
@require_POST
def survey_start(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _act(request, survey_id, start_survey, _("测评已开始"))


@requires(MANAGE_SURVEYS)
@require_POST
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _act(request, survey_id, close_survey, _("测评已结束"))


def _grid(request: HttpRequest, survey: Survey) -> Any:
    """The grid the sheet is for (``?grid=``), else the first of the sample the user sees;
    None when the user sees no sampled household (not drawn yet): an empty sheet."""
    wanted = request.GET.get("grid")
    if wanted:
        return selectors.grid_in_sample(request.user, survey, wanted)
    first = selectors.sample_of(request.user, survey).order_by("grid__code").first()
    if first is None:
        return None
    return selectors.grid_in_sample(request.user, survey, first.grid_id)


def _row_context(request: HttpRequest, row: Any, survey: Survey, **extra: Any) -> dict:
    questions = list(survey.questions.order_by("number"))
    return {
        "row": row,
        "survey": survey,
        "form": AnswersForm(questions=questions, auto_id=f"s{row.sampled.pk}_%s"),
        "may_record": has_permission(request.user, RECORD_SURVEYS)
        and survey.status == SurveyStatus.RUNNING,
        **extra,
    }


@requires(VIEW_SURVEYS)
def call_sheet(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey(request.user, survey_id)
    grid = _grid(request, survey)
    rows = selectors.call_sheet(request.user, survey, grid) if grid else []
    context = {
        "survey": survey,
        "grid": grid,
        "rows": [_row_context(request, row, survey) for row in rows],
        "grids": selectors.progress_by_grid(request.user, survey),
    }
    return render(request, "surveys/calls.html", context)


@requires(RECORD_SURVEYS)
@require_POST
def record_call(request: HttpRequest, sampled_id: int) -> HttpResponse:
    sampled = selectors.sampled(request.user, sampled_id)
    survey = sampled.survey
    questions = list(survey.questions.order_by("number"))
    form = AnswersForm(request.POST, questions=questions)
    outcome = request.POST.get("outcome", "")
    error = ""
    if form.is_valid():
        try:
            record_contact_service(
                sampled,
                outcome=outcome,
                answers=form.answers() if outcome == Outcome.ANSWERED else None,
                actor=request.user,
                version=_version(request),
                request=request,
            )
        except SurveyError as problem:
            error = str(problem)
    else:
        error = _("回答不在量表内")
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("surveys:calls", kwargs={"survey_id": survey.pk})
        return redirect(f"{url}?grid={sampled.grid_id}#s{sampled.pk}")
    row = selectors.sheet_row(selectors.sampled(request.user, sampled.pk))
    return render(
        request, "surveys/_call_row.html", _row_context(request, row, survey, error=error)
    )


@requires(VIEW_PERSONAL_DATA)
@require_POST
def reveal_phone(request: HttpRequest, sampled_id: int) -> HttpResponse:
    """The full phone of a sampled household's resident, to call it (the view is audited)."""
    sampled = selectors.sampled(request.user, sampled_id)
    resident = selectors.reachable_resident(sampled)
    if resident is None:
        raise Http404
    phone = reveal_resident_data(resident, actor=request.user, request=request)["phone"]
    return render(request, "surveys/_phone.html", {"phone": phone})


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG, drawn here (segno; nothing fetched)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=_("测评二维码"))


@requires(MANAGE_SURVEYS)
def link_sheet(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey(request.user, survey_id)
    grid = _grid(request, survey)
    base = request.build_absolute_uri(reverse("surveys:answer"))
    cards = []
    sample = selectors.sample_of(request.user, survey)
    rows = sample.filter(grid=grid).order_by("address") if grid else []
    for row in rows:
        link = f"{base}?t={row.token}"
        # Drawn by segno from our own address and a random token: no user input in the markup.
        cards.append({"row": row, "link": link, "svg": mark_safe(qr_svg(link))})  # noqa: S308
    return render(request, "surveys/links.html", {"survey": survey, "grid": grid, "cards": cards})
