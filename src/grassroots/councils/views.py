"""Council pages: meetings with their parties, agenda, minutes and decisions; a decision's
close-out; the conventions with the text in force on a chosen day. Thin: the services decide."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.councils import selectors
from grassroots.councils.documents import write_notice
from grassroots.councils.forms import (
    CloseForm,
    DecisionForm,
    EvidenceForm,
    HandsForm,
    MeetingForm,
    ProgressForm,
    ProposeForm,
    ReopenForm,
    agenda_lines,
)
from grassroots.councils.models import PartyKind
from grassroots.councils.plugin import MANAGE_COUNCILS, READ_CONVENTIONS, VIEW_COUNCILS
from grassroots.councils.services import (
    CouncilError,
    PartyIn,
    TopicIn,
    add_decision,
    add_decision_evidence,
    adopt_by_show_of_hands,
    close_decision,
    hold_meeting,
    propose_version,
    record_decision_progress,
    reopen_decision,
)
from grassroots.kernel.permissions import has_permission
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


@requires(VIEW_COUNCILS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "councils/list.html",
        {
            **selectors.overview(request.user, timezone.localdate()),
            "may_manage": has_permission(request.user, MANAGE_COUNCILS),
        },
    )


@requires(MANAGE_COUNCILS)
@once_per_form
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(
        request.POST or None,
        communities=selectors.communities_for(request.user),
        demands=selectors.topic_demands(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parties = [
            PartyIn(kind=kind, attendees=data[f"party_{kind}"])
            for kind in PartyKind.values
            if data.get(f"party_{kind}", "").strip()
        ]
        try:
            meeting = hold_meeting(
                data["community"],
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                present=data["present"],
                minutes=data["minutes"],
                parties=parties,
                topics=[
                    *(TopicIn(title=line) for line in agenda_lines(data["agenda"])),
                    *(TopicIn(title="", demand=demand) for demand in data["demands"]),
                ],
                actor=request.user,
            )
        except CouncilError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("议事会议已记录"))
            return redirect("councils:meeting", meeting_id=meeting.pk)
    return render(request, "councils/new.html", {"form": form})


def _meeting(request: HttpRequest, meeting_id: int, **bound: Any) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    page = selectors.meeting_page(meeting)
    may_manage = has_permission(request.user, MANAGE_COUNCILS)
    proposed = selectors.proposals_for_hands(request.user, meeting) if may_manage else []
    context = {
        **page,
        "may_manage": may_manage,
        "today": timezone.localdate(),
        "decision_form": bound.get("decision_form") or DecisionForm(),
        "proposals": [
            (v, bound.get("hands_form") or HandsForm(initial={"version_id": v.pk}))
            for v in proposed
        ],
    }
    return render(request, "councils/meeting.html", context)


def _handled(form: Any, act: Callable[[dict[str, Any]], object], field: str | None = None) -> bool:
    """Run the service on a valid form's data; a refusal lands on the form (on ``field``)."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except CouncilError as exc:
        form.add_error(field, str(exc))
        return False
    return True


@requires(VIEW_COUNCILS)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting(request, meeting_id)


@require_POST
@requires(MANAGE_COUNCILS)
@once_per_form
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    form = DecisionForm(request.POST)
    if _handled(form, lambda data: add_decision(meeting, **data, actor=request.user)):
        messages.success(request, _("决议事项已添加"))
        return redirect("councils:meeting", meeting_id=meeting.pk)
    return _meeting(request, meeting_id, decision_form=form)


@require_POST
@requires(MANAGE_COUNCILS)
def hands(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    form = HandsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        version = selectors.version_for(request.user, data["version_id"])
        try:
            done = adopt_by_show_of_hands(
                version,
                meeting=meeting,
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstain=data["votes_abstain"],
                actor=request.user,
            )
        except CouncilError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("表决结果：%(status)s") % {"status": done.get_status_display()}
            )
            return redirect("councils:meeting", meeting_id=meeting.pk)
    return _meeting(request, meeting_id, hands_form=form)


@requires(VIEW_COUNCILS)
def notice(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    buffer = io.BytesIO()
    write_notice(meeting, buffer, issued_on=timezone.localdate())
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"决议公示-{meeting.held_on:%Y%m%d}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _decision(request: HttpRequest, decision_id: int, **bound: Any) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    logs = selectors.decision_logs(decision)
    version = {"version": decision.version}
    context = {
        "decision": decision,
        "meeting": decision.meeting,
        **logs,
        "standing": decision.standing(timezone.localdate()),
        "may_manage": has_permission(request.user, MANAGE_COUNCILS),
        "progress_form": bound.get("progress_form") or ProgressForm(),
        "evidence_form": bound.get("evidence_form") or EvidenceForm(),
        "close_form": bound.get("close_form")
        or CloseForm(initial=version, evidence=logs["evidence"]),
        "reopen_form": bound.get("reopen_form") or ReopenForm(initial=version),
    }
    return render(request, "councils/decision.html", context)


@requires(VIEW_COUNCILS)
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _decision(request, decision_id)


@require_POST
@requires(MANAGE_COUNCILS)
@once_per_form
def decision_progress(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    form = ProgressForm(request.POST)
    if _handled(form, lambda data: record_decision_progress(decision, **data, actor=request.user)):
        return redirect("councils:decision", decision_id=decision.pk)
    return _decision(request, decision_id, progress_form=form)


@require_POST
@requires(MANAGE_COUNCILS)
@once_per_form
def decision_upload(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    form = EvidenceForm(request.POST, request.FILES)

    def upload(data: dict[str, Any]) -> object:
        return add_decision_evidence(decision, upload=data["file"], actor=request.user)

    if _handled(form, upload, "file"):
        return redirect("councils:decision", decision_id=decision.pk)
    return _decision(request, decision_id, evidence_form=form)


@require_POST
@requires(MANAGE_COUNCILS)
def decision_close(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    form = CloseForm(request.POST, evidence=decision.evidence.all())

    def close(data: dict[str, Any]) -> object:
        return close_decision(
            decision,
            version=data["version"],
            evidence_ids=data["evidence"],
            note=data["note"],
            actor=request.user,
        )

    if _handled(form, close):
        messages.success(request, _("决议事项已销号"))
        return redirect("councils:decision", decision_id=decision.pk)
    return _decision(request, decision_id, close_form=form)


@require_POST
@requires(MANAGE_COUNCILS)
def decision_reopen(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    form = ReopenForm(request.POST)

    def reopen(data: dict[str, Any]) -> object:
        return reopen_decision(
            decision, version=data["version"], reason=data["reason"], actor=request.user
        )

    if _handled(form, reopen):
        messages.success(request, _("决议事项已重新打开"))
        return redirect("councils:decision", decision_id=decision.pk)
    return _decision(request, decision_id, reopen_form=form)


@requires(VIEW_COUNCILS)
def evidence_file(request: HttpRequest, decision_evidence_id: int) -> HttpResponse:
    evidence = selectors.evidence_for(request.user, decision_evidence_id)
    return FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.name
    )


@requires(READ_CONVENTIONS)
def convention_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "councils/conventions.html",
        {"conventions": list(selectors.conventions_for(request.user))},
    )


@requires(READ_CONVENTIONS)
def convention_detail(request: HttpRequest, convention_id: int) -> HttpResponse:
    convention = selectors.convention_for(request.user, convention_id)
    raw = request.GET.get("on", "")
    try:
        day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
        messages.error(request, _("日期格式应为 YYYY-MM-DD"))
    return _convention_page(request, convention, day)


def _convention_page(
    request: HttpRequest, convention: Any, day: datetime.date, form: ProposeForm | None = None
) -> HttpResponse:
    in_force = selectors.version_in_force(convention, day)
    may_manage = has_permission(request.user, MANAGE_COUNCILS)
    if may_manage and form is None:
        form = ProposeForm(initial={"text": in_force.text if in_force else ""})
    return render(
        request,
        "councils/convention.html",
        {
            "convention": convention,
            "day": day,
            "in_force": in_force,
            "versions": list(selectors.versions_of(request.user, convention)),
            "propose_form": form if may_manage else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@requires(MANAGE_COUNCILS)
@once_per_form
def convention_propose(request: HttpRequest, convention_id: int) -> HttpResponse:
    """Propose a new version: decided later by a show of hands or the owners' vote named."""
    convention = selectors.convention_for(request.user, convention_id)
    form = ProposeForm(request.POST)

    def propose(data: dict[str, Any]) -> object:
        return propose_version(
            convention,
            text=data["text"],
            effective_from=data["effective_from"],
            method=data["method"],
            owners_vote_id=data["owners_vote"],
            actor=request.user,
        )

    if _handled(form, propose):
        messages.success(request, _("新版本已提交表决"))
        return redirect("councils:convention", convention_id=convention.pk)
    return _convention_page(request, convention, timezone.localdate(), form)
