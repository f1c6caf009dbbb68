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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.pairing import reports
from grassroots.pairing.forms import (
    AgreementForm,
    BoardFilterForm,
    CloseForm,
    EvidenceForm,
    PledgeForm,
    ProgressForm,
    ReopenForm,
)
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS, VIEW_PAIRING
from grassroots.pairing.scope import is_liaison_only
from grassroots.pairing.selectors import (
    agreement_for,
    agreements_of,
    board_for,
    board_streets,
    board_units,
    changes_of,
    evidence_for,
    evidence_of,
    pairing_for,
    pledge_for,
    pledges_of,
    progress_of,
    visible_board,
)
from grassroots.pairing.services import (
    PairingError,
    add_agreement,
    add_evidence,
    add_pledge,
    close_pledge,
    record_progress,
    reopen_pledge,
)
from grassroots.web.decorators import requires

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
    }
    if may_manage:
        context["agreement_form"] = forms.get("agreement_form") or AgreementForm()
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm(
            agreements=agreements,
            initial={"agreement": agreements[-1].pk if agreements else None},
        )
    return render(request, "pairing/detail.html", context)


@requires(VIEW_PAIRING)
def pairing_detail(request: HttpRequest, pairing_id: int) -> HttpResponse:
    return _pairing_page(request, pairing_for(request.user, pairing_id))


@requires(MANAGE_PAIRING)
@require_POST
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


def _pledge_page(request: HttpRequest, pledge: Any, **forms: Any) -> HttpResponse:
    user = request.user
    evidence = list(evidence_of(user, pledge))
    may_record = has_permission(user, RECORD_PROGRESS) and not pledge.is_closed
    # The unit's own liaison never confirms a close-out; the service refuses it too.
    may_manage = has_permission(user, MANAGE_PAIRING) and not is_liaison_only(user)
    context = {
        "pledge": pledge,
        "standing": pledge.standing(timezone.localdate()),
        "progress_log": progress_of(user, pledge),
        "evidence": evidence,
        "changes": changes_of(user, pledge),
        "progress_form": forms.get("progress_form")
        or (ProgressForm(initial={"percent": pledge.progress}) if may_record else None),
        "evidence_form": forms.get("evidence_form") or (EvidenceForm() if may_record else None),
        "close_form": None,
        "reopen_form": None,
    }
    if may_manage and not pledge.is_closed:
        context["close_form"] = forms.get("close_form") or CloseForm(
            initial={"version": pledge.version, "evidence": [e.pk for e in evidence]},
            evidence=evidence,
        )
    if may_manage and pledge.is_closed:
        context["reopen_form"] = forms.get("reopen_form") or ReopenForm(
            initial={"version": pledge.version}
        )
    return render(request, "pairing/pledge.html", context)


@requires(VIEW_PAIRING)
def pledge_detail(request: HttpRequest, pledge_id: int) -> HttpResponse:
    return _pledge_page(request, pledge_for(request.user, pledge_id))


@requires(RECORD_PROGRESS)
@require_POST
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
