"""Recording discussion speeches on a phone or a laptop: add, edit, reorder, delete (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_editable_or_404, get_visible_or_404
from grassroots.training import selectors
from grassroots.training.forms import SpeechForm
from grassroots.training.models import Enrolment, Session, Speech
from grassroots.training.plugin import MANAGE_TRAINING, VIEW_TRAINING
from grassroots.training.services import (
    StaleEdit,
    TrainingError,
    delete_speech,
    edit_speech,
    move_speech,
    record_speech,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


def _may_record(request: HttpRequest, session: Session) -> bool:
    """Staff of the unit running the class record its speeches; others read them."""
    return has_permission(request.user, MANAGE_TRAINING) and selectors.runs(
        request.user, session.training_class
    )


def _list(request: HttpRequest, session: Session, **extra: object) -> HttpResponse:
    context = {
        "session": session,
        "speeches": selectors.speeches_of(session),
        "can_manage": _may_record(request, session),
        **extra,
    }
    return render(request, "training/_speech_list.html", context)


@requires(VIEW_TRAINING)
@once_per_form
def speeches(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_visible_or_404(Session, request.user, pk=session_id)
    can_manage = _may_record(request, session)
    form = SpeechForm()
    if request.method == "POST" and can_manage:
        form = SpeechForm(request.POST)
        if form.is_valid():
            enrolment = None
            if request.POST.get("enrolment"):
                enrolment = get_editable_or_404(
                    Enrolment,
                    request.user,
                    pk=request.POST["enrolment"],
                    training_class=session.training_class,
                )
            data = form.cleaned_data
            try:
                record_speech(
                    session=session,
                    speaker=data["speaker"],
                    post=data["post"],
                    text=data["text"],
                    enrolment=enrolment,
                    actor=request.user,
                    request=request,
                )
            except TrainingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已记录%(name)s的发言") % {"name": data["speaker"]})
                return redirect("training:speeches", session_id=session.pk)
    return render(
        request,
        "training/speeches.html",
        {
            "session": session,
            "speeches": selectors.speeches_of(session),
            "form": form,
            "enrolments": session.training_class.enrolments.select_related("person")
            if can_manage
            else [],
            "can_manage": can_manage,
        },
    )


@requires(MANAGE_TRAINING)
def speech_edit(request: HttpRequest, speech_id: int) -> HttpResponse:
    speech = get_editable_or_404(Speech, request.user, pk=speech_id)
    initial = {
        "speaker": speech.speaker,
        "post": speech.post,
        "text": speech.text,
        "version": speech.version,
    }
    form = SpeechForm(request.POST if request.method == "POST" else None, initial=initial)
    error = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            edit_speech(
                speech=speech,
                speaker=data["speaker"],
                post=data["post"],
                text=data["text"],
                version=data["version"] or 0,
                actor=request.user,
                request=request,
            )
        except (StaleEdit, TrainingError) as exc:
            error = str(exc)
        else:
            if request.htmx:
                return _list(request, speech.session)
            return redirect("training:speeches", session_id=speech.session_id)
    template = "training/_speech_form.html" if request.htmx else "training/speech_edit.html"
    response = render(request, template, {"speech": speech, "form": form, "error": error})
    if request.htmx:  # the form replaces the speech it edits, wherever it was posted from
        response["HX-Retarget"] = f"#speech-{speech.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response


@requires(MANAGE_TRAINING)
@require_POST
def speech_move(request: HttpRequest, speech_id: int) -> HttpResponse:
    speech = get_editable_or_404(Speech, request.user, pk=speech_id)
    move_speech(
        speech=speech,
        up=request.POST.get("direction") != "down",
        actor=request.user,
        request=request,
    )
    if request.htmx:
        return _list(request, speech.session)
    return redirect("training:speeches", session_id=speech.session_id)


@requires(MANAGE_TRAINING)
@require_POST
def speech_delete(request: HttpRequest, speech_id: int) -> HttpResponse:
    speech = get_editable_or_404(Speech, request.user, pk=speech_id)
    session = speech.session
    delete_speech(speech=speech, actor=request.user, request=request)
    if request.htmx:
        return _list(request, session)
    return redirect("training:speeches", session_id=session.pk)
