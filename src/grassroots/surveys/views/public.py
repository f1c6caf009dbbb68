"""The public answer page of a QR link: no sign-in. A sampled household opens its link, answers
every question once; the link then says it is used. An unknown token, a used one and a survey
not running each get their own plain page, and the page is limited per client address like
the public demand form, so tokens cannot be tried in bulk (they are 128 random bits anyway)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from grassroots.audit.services import client_address
from grassroots.demands.services import throttle
from grassroots.surveys.forms import AnswersForm
from grassroots.surveys.services import (
    LinkRefused,
    SurveyError,
    answer_by_link,
    find_link,
    link_state,
)

REQUESTS_PER_HOUR = 60  # settings.SURVEYS_PUBLIC_REQUESTS_PER_HOUR overrides


def _allowed(request: HttpRequest) -> bool:
    limit = getattr(settings, "SURVEYS_PUBLIC_REQUESTS_PER_HOUR", REQUESTS_PER_HOUR)
    return throttle.allow(f"survey:{client_address(request) or 'unknown'}", limit)


def _closed(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "surveys/public_closed.html", {"message": message}, status=status)


def answer(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        response = _closed(request, _("访问过于频繁，请一小时后再试"), 429)
        response["Retry-After"] = "3600"
        return response
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    sampled = find_link(token or "")
    state = link_state(sampled)
    if state == "unknown":
        return _closed(request, _("链接无效，请核对后重新扫码"), 404)
    if state == "used":
        return _closed(request, _("该链接已使用，感谢您的参与"), 410)
    if state == "closed":
        return _closed(request, _("测评未开始或已结束"), 410)
    assert sampled is not None
    questions = list(sampled.survey.questions.order_by("number"))
    form = AnswersForm(request.POST if request.method == "POST" else None, questions=questions)
    if form.is_bound and form.is_valid():
        try:
            answer_by_link(token or "", form.answers(), request=request)
        except LinkRefused as refused:
            return _closed(request, str(refused), 410)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "surveys/public_done.html", {"survey": sampled.survey})
    return render(
        request,
        "surveys/public.html",
        {"form": form, "survey": sampled.survey, "token": token},
        status=400 if form.is_bound else 200,
    )
