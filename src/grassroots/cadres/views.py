"""Cadre pages: the composition report with charts, its Word export, the roster, its xlsx
export, and the dated changes during a term (resignation, by-election)."""

from __future__ import annotations

import datetime
import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.cadres import charts, selectors, text
from grassroots.cadres.documents import write_report_docx
from grassroots.cadres.exporting import export_roster
from grassroots.cadres.forms import ByElectionForm, DepartureForm, RosterUploadForm
from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.plugin import MANAGE_CADRES, VIEW_CADRES
from grassroots.cadres.services import (
    RosterChangeError,
    import_roster,
    record_by_election,
    record_departure,
)
from grassroots.kernel.importing import ImportFailed
from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import OrgNode
from grassroots.people.plugin import VIEW_PERSONAL_DATA
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _term(value: str | None, default: Term | None = None) -> Term | None:
    if not value:
        return default
    if not value.isdigit():
        raise Http404
    term = selectors.terms().filter(year=int(value)).first()
    if term is None:
        raise Http404
    return term


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _choice(request: HttpRequest) -> dict[str, Any]:
    """Term, comparison, unit and day asked for in the query string (or their defaults)."""
    terms = list(selectors.terms())
    term = _term(request.GET.get("term"), terms[0] if terms else None)
    older = [t for t in terms if term is not None and t.year < term.year]
    wanted = request.GET.get("compare")
    compare = None if wanted == "none" else _term(wanted, older[0] if older else None)
    if compare is not None and term is not None and compare.pk == term.pk:
        compare = None
    unit = None
    if request.GET.get("node"):
        unit = get_visible_or_404(OrgNode, request.user, pk=request.GET["node"])
    return {
        "terms": terms,
        "term": term,
        "compare": compare,
        "unit": unit,
        "as_of": _day(request.GET.get("as_of")),
    }


def _report(request: HttpRequest, choice: dict[str, Any]) -> selectors.TermReport:
    # Without a unit chosen the report covers the user's own unit, and says so by name.
    unit = choice["unit"] or (None if request.user.is_superuser else request.user.org_node)
    return selectors.term_report(
        request.user, choice["term"], unit=unit, on=choice["as_of"], compare=choice["compare"]
    )


@requires(VIEW_CADRES)
def report(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    context: dict[str, Any] = {
        **choice,
        "units": selectors.report_units(request.user),
        "can_manage": has_permission(request.user, MANAGE_CADRES),
    }
    if choice["term"] is not None:
        result = _report(request, choice)
        context |= {
            "report": result,
            "cards": charts.cards(result),
            "lead": text.lead(result),
            "charts": charts.chart_data(result),
            "women_height": charts.women_chart_height(result),
        }
    return render(request, "cadres/report.html", context)


def _required_term(choice: dict[str, Any]) -> Term:
    if choice["term"] is None:
        raise Http404
    return choice["term"]


@requires(VIEW_CADRES)
def report_docx(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    term = _required_term(choice)
    result = _report(request, choice)
    buffer = io.BytesIO()
    write_report_docx(result, buffer)
    record(
        Action.CADRE_REPORT_EXPORTED,
        request=request,
        target=f"{term.year}年换届结构报告",
        format="docx",
        year=term.year,
        unit=choice["unit"].code if choice["unit"] else None,
    )
    response = HttpResponse(buffer.getvalue(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cadres-{term.year}.docx"'
    return response


@requires(VIEW_CADRES)
def roster(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    term = choice["term"]
    members = (
        selectors.roster(request.user, term, unit=choice["unit"])
        if term is not None
        else selectors.no_members()
    )
    return render(
        request,
        "cadres/roster.html",
        {
            **choice,
            "members": members,
            "units": selectors.report_units(request.user),
            "can_manage": has_permission(request.user, MANAGE_CADRES),
        },
    )


@requires(VIEW_CADRES)
def roster_xlsx(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    term = _required_term(choice)
    members = selectors.roster(request.user, term, unit=choice["unit"])
    unmasked = has_permission(request.user, VIEW_PERSONAL_DATA)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        count = export_roster(members, path, unmasked=unmasked)
        content = path.read_bytes()
    action = Action.PERSONAL_DATA_EXPORTED if unmasked else Action.CADRE_REPORT_EXPORTED
    record(
        action,
        request=request,
        target=f"{term.year}年两委名册",
        format="xlsx",
        year=term.year,
        rows=count,
        unmasked=unmasked,
        unit=choice["unit"].code if choice["unit"] else None,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cadres-roster-{term.year}.xlsx"'
    return response


@requires(VIEW_CADRES)
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    found = get_visible_or_404(CadreMember, request.user, pk=member_id)
    form = DepartureForm(initial={"version": found.version})
    return _member_page(request, found, form)


def _member_page(
    request: HttpRequest, found: CadreMember, form: DepartureForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cadres/member.html",
        {
            "member": found,
            "form": form,
            "changes": selectors.member_changes(request.user, found),
            "can_manage": has_permission(request.user, MANAGE_CADRES),
        },
        status=status,
    )


@requires(MANAGE_CADRES)
@require_POST
def member_leave(request: HttpRequest, member_id: int) -> HttpResponse:
    found = get_visible_or_404(CadreMember, request.user, pk=member_id)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            record_departure(
                found,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except RosterChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已记录%(name)s离任") % {"name": found.name})
            return redirect("cadres:member", member_id=found.pk)
    return _member_page(request, found, form, status=422)


@requires(MANAGE_CADRES)
@once_per_form
def by_election(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    term = _required_term(choice)
    form = ByElectionForm(
        request.POST if request.method == "POST" else None, user=request.user, term=term
    )
    if form.is_bound and form.is_valid() and form.row is not None:
        try:
            added = record_by_election(
                form.row,
                term=term,
                unit=form.cleaned_data["unit"],
                on=form.cleaned_data["on"],
                actor=request.user,
                request=request,
            )
        except RosterChangeError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, _("已记录补选：%(name)s") % {"name": added.name})
            return redirect("cadres:member", member_id=added.pk)
    return render(
        request,
        "cadres/by_election.html",
        {"form": form, "term": term},
        status=422 if form.is_bound else 200,
    )


def _import_upload(request: HttpRequest, form: RosterUploadForm) -> list[str]:
    """Import the uploaded file; the error lines, or none when it went in."""
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()[:8]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{Path(upload.name).stem[:60]}{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = import_roster(
                path,
                year=form.cleaned_data["term"],
                reference_date=form.cleaned_data["reference_date"],
                create_missing_units=form.cleaned_data["create_units"],
                actor=request.user,
            )
        except ImportFailed as failure:
            return failure.lines()
    messages.success(request, _("导入完成：%(summary)s") % {"summary": result.summary()})
    return []


@requires(MANAGE_CADRES)
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload a term's roster: the same engine, rules and messages as ``cadres import``."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if form.is_bound and form.is_valid():
        errors = _import_upload(request, form)
        if not errors:
            return redirect(f"{reverse('cadres:report')}?term={form.cleaned_data['term']}")
    return render(
        request,
        "cadres/import.html",
        {"form": form, "errors": errors},
        status=422 if form.is_bound else 200,
    )
