"""The brief of a day: the web page, the .docx and the PDF (where LibreOffice is installed)."""

from __future__ import annotations

import io
import logging
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.scope import get_visible_or_404
from grassroots.training.brief import Brief, build_brief
from grassroots.training.documents import PdfUnavailable, pdf_available, write_docx, write_pdf
from grassroots.training.forms import BriefForm
from grassroots.training.models import TrainingClass
from grassroots.training.plugin import VIEW_TRAINING
from grassroots.training.views.classes import attachment
from grassroots.web.decorators import requires

logger = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _brief(request: HttpRequest, class_id: int) -> tuple[TrainingClass, BriefForm, Brief | None]:
    training_class = get_visible_or_404(TrainingClass, request.user, pk=class_id)
    data = request.GET if "number" in request.GET else None
    form = BriefForm(
        data,
        training_class=training_class,
        initial={"date": training_class.start_date, "number": 1},
    )
    if not form.is_bound:
        form = BriefForm(
            {"date": training_class.start_date.isoformat(), "number": 1},
            training_class=training_class,
        )
    if not form.is_valid():
        return training_class, form, None
    data = form.cleaned_data
    brief = build_brief(
        training_class,
        number=data["number"],
        day=data["date"],
        editor=data["editor"],
        title=data["title"],
    )
    return training_class, form, brief


def _published(
    request: HttpRequest, training_class: TrainingClass, brief: Brief, kind: str
) -> None:
    record(
        Action.TRAINING_BRIEF_PUBLISHED,
        request=request,
        target=f"{brief.file_stem()}（#{training_class.pk}）",
        day=brief.day.isoformat(),
        number=brief.number,
        format=kind,
    )


@requires(VIEW_TRAINING)
def brief_page(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class, form, brief = _brief(request, class_id)
    return render(
        request,
        "training/brief.html",
        {
            "training_class": training_class,
            "form": form,
            "brief": brief,
            "query": request.GET.urlencode(),
            "pdf_available": pdf_available(),
        },
    )


@requires(VIEW_TRAINING)
def brief_docx(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class, form, brief = _brief(request, class_id)
    if brief is None:
        messages.error(request, _("请检查简报的日期和期数"))
        return redirect("training:brief", class_id=training_class.pk)
    buffer = io.BytesIO()
    write_docx(brief, buffer)
    _published(request, training_class, brief, "docx")
    return attachment(buffer.getvalue(), f"{brief.file_stem()}.docx", DOCX)


@requires(VIEW_TRAINING)
def brief_pdf(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class, form, brief = _brief(request, class_id)
    if brief is None:
        messages.error(request, _("请检查简报的日期和期数"))
        return redirect("training:brief", class_id=training_class.pk)
    try:
        with tempfile.TemporaryDirectory(prefix="brief-") as folder:
            target = Path(folder) / "brief.pdf"
            write_pdf(brief, target)
            content = target.read_bytes()
    except PdfUnavailable as error:
        # The reason (LibreOffice missing or failing) is the operator's, not the reader's.
        logger.warning("brief PDF unavailable: %s", error)
        messages.error(request, _("暂不能生成 PDF 版，请下载 Word 版。"))
        return redirect(
            reverse("training:brief", kwargs={"class_id": training_class.pk})
            + "?"
            + request.GET.urlencode()
        )
    _published(request, training_class, brief, "pdf")
    return attachment(content, f"{brief.file_stem()}.pdf", "application/pdf")
