"""Registry in and out on the web: upload with a preview of every error, then export."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from grassroots.kernel.scope import get_visible_or_404
from grassroots.kernel.tabular import write_table
from grassroots.registry.exporting import export_registry, write_template
from grassroots.registry.forms import ExportForm, UploadForm
from grassroots.registry.importer.jobs import (
    all_errors,
    confirm_import_job,
    create_import_job,
    is_running,
    job_progress,
    settle_if_vanished,
)
from grassroots.registry.models import ImportJob
from grassroots.registry.plugin import EXPORT_REGISTRY, IMPORT_REGISTRY
from grassroots.registry.selectors import recent_imports
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


@requires(IMPORT_REGISTRY)
@once_per_form
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        job = create_import_job(owner=request.user, upload=form.cleaned_data["file"])
        return redirect("registry:job", job_id=job.pk)
    recent = recent_imports(request.user)
    return render(request, "registry/import.html", {"form": form, "recent": recent})


@requires(IMPORT_REGISTRY)
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's state; while it runs, the status part reloads itself every second."""
    job = settle_if_vanished(get_visible_or_404(ImportJob, request.user, pk=job_id))
    context = {
        "job": job,
        "running": is_running(job),
        "rows": job_progress(job),
        "errors": job.errors[:PREVIEW_ROWS],
    }
    template = "registry/_job_status.html" if request.htmx else "registry/job.html"
    return render(request, template, context)


@requires(IMPORT_REGISTRY)
@require_POST
def job_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_visible_or_404(ImportJob, request.user, pk=job_id)
    try:
        confirm_import_job(job)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("registry:job", job_id=job.pk)


@requires(IMPORT_REGISTRY)
def job_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """Every error of a failed check, as a workbook."""
    job = get_visible_or_404(ImportJob, request.user, pk=job_id)
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    write_table(
        path, ["行号", "列名", "原因"], [[str(r), c, reason] for r, c, reason in all_errors(job)]
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, content_type=XLSX, filename=f"导入错误-{job.pk}.xlsx"
    )


@requires(IMPORT_REGISTRY)
def template(request: HttpRequest) -> HttpResponse:
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    write_template(path)
    return FileResponse(
        path.open("rb"), as_attachment=True, content_type=XLSX, filename="人口房屋导入模板.xlsx"
    )


@requires(EXPORT_REGISTRY)
def export(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ExportForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        unmasked = form.cleaned_data["unmasked"]
        try:
            path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
            export_registry(
                path, user=user, unmasked=unmasked, node=form.cleaned_data["unit"], request=request
            )
        except PermissionError as error:
            messages.error(request, str(error))
            return redirect("registry:export")
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            content_type=XLSX,
            filename=f"人口房屋-{stamp}.xlsx",
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "registry/export.html", {"form": form})


__all__ = ["export", "job_confirm", "job_detail", "job_errors", "template", "upload"]
