"""Pairing pages: the pairings in scope, one pairing's agreements and pledges, one pledge with
its progress log, evidence and history; the liaison's progress form, evidence upload, and the
community's close-out confirmation and reopening. Files are served only within scope."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.pairing import reports
from grassroots.pairing.forms import (
    AgreementForm,
    AnswerForm,
    BoardFilterForm,
    CloseForm,
    EvidenceForm,
    FindingProblemForm,
    PledgeForm,
    ProblemForm,
    ProgressForm,
    ReopenForm,
    TaskForm,
    VisitForm,
)
from grassroots.pairing.models import Side
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS, VIEW_PAIRING
from grassroots.pairing.scope import is_liaison_only
from grassroots.pairing.selectors import (
    agreement_for,
    agreements_of,
    board_for,
    board_streets,
    board_units,
    changes_of,
    demand_of,
    evidence_for,
    evidence_of,
    finding_for,
    linkable_demands,
    pairing_for,
    pledge_for,
    pledges_of,
    problems_of,
    progress_of,
    task_changes_of,
    task_evidence_for,
    task_evidence_of,
    task_for,
    task_progress_of,
    visible_board,
    visible_visit_summary,
    visit_for,
    visits_of,
)
from grassroots.pairing.selectors.scorecard import pairing_results
from grassroots.pairing.services import (
    PairingError,
    add_agreement,
    add_evidence,
    add_pledge,
    close_pledge,
    record_progress,
    reopen_pledge,
)
from grassroots.pairing.services.lists import (
    add_problem,
    add_task,
    add_task_evidence,
    answer_visit,
    close_task,
    may_answer,
    problem_from_finding,
    record_task_progress,
    record_visit,
    reopen_task,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(stored: FieldFile, content_type: str, name: str) -> HttpResponse:
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404 from None
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=name
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(VIEW_PAIRING)
def pairing_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = visible_board(request.user, today)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("pledges", "closed", "overdue", "due_soon")
    }
    return render(request, "pairing/list.html", {"rows": rows, "totals": totals, "today": today})


def _board_filters(request: HttpRequest) -> BoardFilterForm:
    form = BoardFilterForm(
        request.GET or None,
        streets=board_streets(request.user),
        units=board_units(request.user),
    )
    form.is_valid()  # a bad field is shown and left out; the valid ones still apply
    return form


def _board(request: HttpRequest, form: BoardFilterForm) -> tuple[Any, str]:
    """The board the filters ask for, and the name of the area it covers (for the lead)."""
    chosen = getattr(form, "cleaned_data", {})
    street = form.streets.get(chosen.get("street") or "")
    board = board_for(
        request.user,
        chosen.get("as_of") or timezone.localdate(),
        street=street,
        unit_code=chosen.get("unit") or "",
    )
    node = getattr(request.user, "org_node", None)
    if street is not None:
        area = street.name
    elif is_liaison_only(request.user) or node is None:
        area = ""
    else:
        area = node.name
    return board, area


@requires(VIEW_PAIRING)
def board_page(request: HttpRequest) -> HttpResponse:
    """挂图作战: every pairing's pledges by status, the units' and communities' rates, charts."""
    form = _board_filters(request)
    board, area = _board(request, form)
    context = {
        "form": form,
        "board": board,
        "lead": reports.lead(board, area),
        "charts": reports.chart_data(board),
        "chart_height": reports.chart_height(board),
        "show_streets": len(form.streets) > 1,
        "show_units": len(form.fields["unit"].choices) > 2,  # "all" and more than one unit
        "query": request.GET.urlencode(),
    }
    return render(request, "pairing/board.html", context)


def _export_filters(request: HttpRequest) -> BoardFilterForm | HttpResponse:
    form = _board_filters(request)
    if form.errors:
        problems = "；".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    return form


@requires(VIEW_PAIRING)
def board_xlsx(request: HttpRequest) -> HttpResponse:
    form = _export_filters(request)
    if isinstance(form, HttpResponse):
        return form
    board, _area = _board(request, form)
    buffer = io.BytesIO()
    reports.write_xlsx(board, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="pairing-board-{board.as_of:%Y%m%d}.xlsx"'
    )
    return response


@requires(VIEW_PAIRING)
def board_docx(request: HttpRequest) -> HttpResponse:
    form = _export_filters(request)
    if isinstance(form, HttpResponse):
        return form
    board, area = _board(request, form)
    buffer = io.BytesIO()
    reports.write_docx(board, area, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="pairing-board-{board.as_of:%Y%m%d}.docx"'
    )
    return response


def _pairing_page(request: HttpRequest, pairing: Any, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    agreements = list(agreements_of(request.user, pairing))
    pledges = [(p, p.standing(today)) for p in pledges_of(request.user, pairing)]
    may_manage = has_permission(request.user, MANAGE_PAIRING) and not is_liaison_only(request.user)
    context = {
        "pairing": pairing,
        "agreements": agreements,
        "pledges": pledges,
        "today": today,
        "agreement_form": None,
        "pledge_form": None,
        "results": pairing_results(pairing),
    }
    if may_manage:
        context["agreement_form"] = forms.get("agreement_form") or AgreementForm()
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm(
            agreements=agreements,
            initial={"agreement": agreements[-1].pk if agreements else None},
        )
    context.update(_lists_context(request, pairing, may_manage, forms))
    return render(request, "pairing/detail.html", context)


@requires(VIEW_PAIRING)
def pairing_detail(request: HttpRequest, pairing_id: int) -> HttpResponse:
    return _pairing_page(request, pairing_for(request.user, pairing_id))


@requires(MANAGE_PAIRING)
@require_POST
@once_per_form
def agreement_add(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = pairing_for(request.user, pairing_id)
    form = AgreementForm(request.POST, request.FILES)
    if not form.is_valid():
        return _pairing_page(request, pairing, agreement_form=form)
    data = form.cleaned_data
    try:
        add_agreement(
            pairing,
            signed_on=data["signed_on"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            document=data["document"],
            actor=request.user,
        )
    except PairingError as exc:
        form.add_error(None, str(exc))
        return _pairing_page(request, pairing, agreement_form=form)
    messages.success(request, _("协议已登记"))
    return redirect("pairing:detail", pairing_id=pairing.pk)


@requires(MANAGE_PAIRING)
@require_POST
@once_per_form
def pledge_add(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = pairing_for(request.user, pairing_id)
    agreements = list(agreements_of(request.user, pairing))
    form = PledgeForm(request.POST, agreements=agreements)
    if not form.is_valid():
        return _pairing_page(request, pairing, pledge_form=form)
    data = form.cleaned_data
    chosen = {a.pk: a for a in agreements}.get(data["agreement"])
    try:
        pledge = add_pledge(
            pairing,
            text=data["text"],
            task=data["task"],
            responsible=data["responsible"],
            deadline=data["deadline"],
            target=data["target"],
            agreement=chosen,
            actor=request.user,
        )
    except PairingError as exc:
        form.add_error(None, str(exc))
        return _pairing_page(request, pairing, pledge_form=form)
    messages.success(request, _("承诺事项已添加"))
    return redirect("pairing:pledge", pledge_id=pledge.pk)


@requires(VIEW_PAIRING)
def agreement_file(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = agreement_for(request.user, agreement_id)
    extension = agreement.document.name.rsplit(".", 1)[-1] if agreement.document else ""
    return _file_response(
        agreement.document, agreement.content_type, f"共建协议书-{agreement.pk}.{extension}"
    )


def _close_out_context(
    request: HttpRequest,
    item: Any,
    *,
    evidence: list[Any],
    urls: dict[str, str],
    forms: dict[str, Any],
) -> dict[str, Any]:
    """What a pledge's or a task's page needs for its close-out (销号): the forms the user may
    use, the evidence and the addresses (``pairing/_close_out.html``)."""
    user = request.user
    may_record = has_permission(user, RECORD_PROGRESS) and not item.is_closed
    # The unit's own liaison never confirms a close-out; the service refuses it too.
    may_manage = has_permission(user, MANAGE_PAIRING) and not is_liaison_only(user)
    context = {
        "standing": item.standing(timezone.localdate()),
        "evidence": evidence,
        "close_out": urls,
        "progress_form": forms.get("progress_form")
        or (ProgressForm(initial={"percent": item.progress}) if may_record else None),
        "evidence_form": forms.get("evidence_form") or (EvidenceForm() if may_record else None),
        "close_form": None,
        "reopen_form": None,
    }
    if may_manage and not item.is_closed:
        context["close_form"] = forms.get("close_form") or CloseForm(
            initial={"version": item.version, "evidence": [e.pk for e in evidence]},
            evidence=evidence,
        )
    if may_manage and item.is_closed:
        context["reopen_form"] = forms.get("reopen_form") or ReopenForm(
            initial={"version": item.version}
        )
    return context


def _pledge_page(request: HttpRequest, pledge: Any, **forms: Any) -> HttpResponse:
    user = request.user
    urls = {
        name: reverse(f"pairing:{name}", kwargs={"pledge_id": pledge.pk})
        for name in ("progress", "evidence_add", "close", "reopen")
    }
    close_out = _close_out_context(
        request,
        pledge,
        evidence=list(evidence_of(user, pledge)),
        urls={f"{k}_url": v for k, v in urls.items()}
        | {"evidence_url": "pairing:evidence", "history_testid": "pledge-history"},
        forms=forms,
    )
    context = {
        "pledge": pledge,
        "progress_log": progress_of(user, pledge),
        "changes": changes_of(user, pledge),
        **close_out,
    }
    return render(request, "pairing/pledge.html", context)


@requires(VIEW_PAIRING)
def pledge_detail(request: HttpRequest, pledge_id: int) -> HttpResponse:
    return _pledge_page(request, pledge_for(request.user, pledge_id))


@requires(RECORD_PROGRESS)
@require_POST
@once_per_form
def progress(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_for(request.user, pledge_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _pledge_page(request, pledge, progress_form=form)
    try:
        record_progress(
            pledge,
            percent=form.cleaned_data["percent"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("进度已记录"))
    return redirect("pairing:pledge", pledge_id=pledge.pk)


@requires(RECORD_PROGRESS)
@require_POST
@once_per_form
def evidence_add(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_for(request.user, pledge_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _pledge_page(request, pledge, evidence_form=form)
    try:
        add_evidence(pledge, upload=form.cleaned_data["file"], actor=request.user)
    except PairingError as exc:
        form.add_error("file", str(exc))
        return _pledge_page(request, pledge, evidence_form=form)
    messages.success(request, _("佐证材料已上传"))
    return redirect("pairing:pledge", pledge_id=pledge.pk)


@requires(MANAGE_PAIRING)
@require_POST
def close(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_for(request.user, pledge_id)
    form = CloseForm(request.POST, evidence=evidence_of(request.user, pledge))
    if not form.is_valid():
        return _pledge_page(request, pledge, close_form=form)
    try:
        close_pledge(
            pledge,
            version=form.cleaned_data["version"],
            evidence_ids=form.cleaned_data["evidence"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认销号"))
    return redirect("pairing:pledge", pledge_id=pledge.pk)


@requires(MANAGE_PAIRING)
@require_POST
def reopen(request: HttpRequest, pledge_id: int) -> HttpResponse:
    pledge = pledge_for(request.user, pledge_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _pledge_page(request, pledge, reopen_form=form)
    try:
        reopen_pledge(
            pledge,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新打开"))
    return redirect("pairing:pledge", pledge_id=pledge.pk)


@requires(VIEW_PAIRING)
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """A piece of evidence, to those who may see its pledge."""
    item = evidence_for(request.user, evidence_id)
    return _file_response(item.file, item.content_type, item.name)


# --- the three lists (问题清单、责任清单、任务清单) and visits ------------------------------


def _lists_context(
    request: HttpRequest, pairing: Any, may_manage: bool, forms: dict[str, Any]
) -> dict[str, Any]:
    """The pairing page's problems → tasks and visits sections, with the forms the user may
    use: problems and tasks (the office), visits (the office and the liaison), answers (the
    community secretary)."""
    user = request.user
    today = timezone.localdate()
    problems = list(problems_of(user, pairing))
    visits = list(visits_of(user, pairing))
    summary = visible_visit_summary(user, today, unit=pairing.unit)
    may_answer_visits = may_answer(user, pairing)
    context: dict[str, Any] = {
        "problems": [
            (problem, [(t, t.standing(today)) for t in problem.tasks.all()]) for problem in problems
        ],
        "visits": [
            (
                visit,
                forms.get(f"answer_form_{visit.pk}")
                or (
                    AnswerForm(
                        initial={
                            "version": visit.version,
                            "answer": visit.answer or None,
                            "note": visit.answer_note,
                        },
                        prefix=f"v{visit.pk}",
                    )
                    if may_answer_visits
                    else None
                ),
            )
            for visit in visits
        ],
        "visit_summary": summary[0] if summary else None,
        "problem_form": None,
        "task_form": None,
        "finding_form": None,
        "visit_form": None,
    }
    if may_manage:
        context["problem_form"] = forms.get("problem_form") or ProblemForm(
            demands=linkable_demands(user, pairing), initial={"side": Side.UNIT}
        )
        if problems:
            context["task_form"] = forms.get("task_form") or TaskForm(problems=problems)
        context["finding_form"] = FindingProblemForm(initial={"side": Side.UNIT})
    if has_permission(user, RECORD_PROGRESS):
        context["visit_form"] = forms.get("visit_form") or VisitForm(initial={"on": today})
    return context


def _to_section(pairing_id: int, section: str) -> HttpResponse:
    return redirect(reverse("pairing:detail", kwargs={"pairing_id": pairing_id}) + f"#{section}")


@requires(MANAGE_PAIRING)
@require_POST
@once_per_form
def problem_add(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = pairing_for(request.user, pairing_id)
    demands = linkable_demands(request.user, pairing)
    form = ProblemForm(request.POST, demands=demands)
    if not form.is_valid():
        return _pairing_page(request, pairing, problem_form=form)
    data = form.cleaned_data
    try:
        add_problem(
            pairing,
            text=data["text"],
            side=data["side"],
            responsible=data["responsible"],
            demand={d.pk: d for d in demands}.get(data["demand"]),
            actor=request.user,
        )
    except PairingError as exc:
        form.add_error(None, str(exc))
        return _pairing_page(request, pairing, problem_form=form)
    messages.success(request, _("问题已列入问题清单"))
    return _to_section(pairing.pk, "problems")


@requires(MANAGE_PAIRING)
@require_POST
@once_per_form
def finding_to_problem(request: HttpRequest, pairing_finding_id: int) -> HttpResponse:
    finding = finding_for(request.user, pairing_finding_id)
    form = FindingProblemForm(request.POST)
    pairing_id = finding.visit.pairing_id
    if not form.is_valid():
        messages.error(request, _("请选择责任方并填写责任人"))
        return _to_section(pairing_id, "visits")
    try:
        problem_from_finding(
            finding,
            side=form.cleaned_data["side"],
            responsible=form.cleaned_data["responsible"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
        return _to_section(pairing_id, "visits")
    messages.success(request, _("调研发现已转为问题清单"))
    return _to_section(pairing_id, "problems")


@requires(MANAGE_PAIRING)
@require_POST
@once_per_form
def task_add(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = pairing_for(request.user, pairing_id)
    problems = list(problems_of(request.user, pairing))
    form = TaskForm(request.POST, problems=problems)
    if not form.is_valid():
        return _pairing_page(request, pairing, task_form=form)
    data = form.cleaned_data
    try:
        task = add_task(
            {p.pk: p for p in problems}[data["problem"]],
            text=data["text"],
            responsible=data["responsible"],
            deadline=data["deadline"],
            is_practical=data["is_practical"],
            beneficiaries=data["beneficiaries"],
            beneficiary_count=data["beneficiary_count"],
            actor=request.user,
        )
    except PairingError as exc:
        form.add_error(None, str(exc))
        return _pairing_page(request, pairing, task_form=form)
    messages.success(request, _("任务已添加"))
    return redirect("pairing:task", pairing_task_id=task.pk)


def _task_page(request: HttpRequest, task: Any, **forms: Any) -> HttpResponse:
    user = request.user
    urls = {
        name: reverse(f"pairing:task_{name}", kwargs={"pairing_task_id": task.pk})
        for name in ("progress", "evidence_add", "close", "reopen")
    }
    close_out = _close_out_context(
        request,
        task,
        evidence=list(task_evidence_of(user, task)),
        urls={f"{k}_url": v for k, v in urls.items()}
        | {"evidence_url": "pairing:task_evidence", "history_testid": "task-history"},
        forms=forms,
    )
    context = {
        "task": task,
        "pairing": task.problem.pairing,
        "demand": demand_of(user, task.problem),
        "progress_log": task_progress_of(user, task),
        "changes": task_changes_of(user, task),
        **close_out,
    }
    return render(request, "pairing/task.html", context)


@requires(VIEW_PAIRING)
def task_detail(request: HttpRequest, pairing_task_id: int) -> HttpResponse:
    return _task_page(request, task_for(request.user, pairing_task_id))


@requires(RECORD_PROGRESS)
@require_POST
@once_per_form
def task_progress(request: HttpRequest, pairing_task_id: int) -> HttpResponse:
    task = task_for(request.user, pairing_task_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, progress_form=form)
    try:
        record_task_progress(
            task,
            percent=form.cleaned_data["percent"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("进度已记录"))
    return redirect("pairing:task", pairing_task_id=task.pk)


@requires(RECORD_PROGRESS)
@require_POST
@once_per_form
def task_evidence_add(request: HttpRequest, pairing_task_id: int) -> HttpResponse:
    task = task_for(request.user, pairing_task_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _task_page(request, task, evidence_form=form)
    try:
        add_task_evidence(task, upload=form.cleaned_data["file"], actor=request.user)
    except PairingError as exc:
        form.add_error("file", str(exc))
        return _task_page(request, task, evidence_form=form)
    messages.success(request, _("佐证材料已上传"))
    return redirect("pairing:task", pairing_task_id=task.pk)


@requires(MANAGE_PAIRING)
@require_POST
def task_close(request: HttpRequest, pairing_task_id: int) -> HttpResponse:
    task = task_for(request.user, pairing_task_id)
    form = CloseForm(request.POST, evidence=task_evidence_of(request.user, task))
    if not form.is_valid():
        return _task_page(request, task, close_form=form)
    try:
        close_task(
            task,
            version=form.cleaned_data["version"],
            evidence_ids=form.cleaned_data["evidence"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认销号"))
    return redirect("pairing:task", pairing_task_id=task.pk)


@requires(MANAGE_PAIRING)
@require_POST
def task_reopen(request: HttpRequest, pairing_task_id: int) -> HttpResponse:
    task = task_for(request.user, pairing_task_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, reopen_form=form)
    try:
        reopen_task(
            task,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新打开"))
    return redirect("pairing:task", pairing_task_id=task.pk)


@requires(VIEW_PAIRING)
def task_evidence_file(request: HttpRequest, pairing_task_evidence_id: int) -> HttpResponse:
    """A piece of a task's evidence, to those who may see the task."""
    item = task_evidence_for(request.user, pairing_task_evidence_id)
    return _file_response(item.file, item.content_type, item.name)


@requires(RECORD_PROGRESS)
@require_POST
@once_per_form
def visit_add(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = pairing_for(request.user, pairing_id)
    form = VisitForm(request.POST)
    if not form.is_valid():
        return _pairing_page(request, pairing, visit_form=form)
    data = form.cleaned_data
    try:
        record_visit(
            pairing,
            on=data["on"],
            kind=data["kind"],
            topic=data["topic"],
            participants=data["participants"],
            findings=data["findings"].splitlines(),
            actor=request.user,
        )
    except PairingError as exc:
        form.add_error(None, str(exc))
        return _pairing_page(request, pairing, visit_form=form)
    messages.success(request, _("走访调研已记录"))
    return _to_section(pairing.pk, "visits")


@requires(RECORD_PROGRESS)
@require_POST
def visit_answer(request: HttpRequest, pairing_visit_id: int) -> HttpResponse:
    visit = visit_for(request.user, pairing_visit_id)
    form = AnswerForm(request.POST, prefix=f"v{visit.pk}")
    if not form.is_valid():
        return _pairing_page(request, visit.pairing, **{f"answer_form_{visit.pk}": form})
    try:
        answer_visit(
            visit,
            answer=form.cleaned_data["answer"],
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
            actor=request.user,
        )
    except PairingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("评价已保存"))
    return _to_section(visit.pairing_id, f"visit-{visit.pk}")
