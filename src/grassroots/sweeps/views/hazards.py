"""Hazard pages: open hazards per unit, one hazard with its history, rectification; photos.

Photos are served only through these views, to users who may see the visit or hazard: the
uploads folder has no public URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.registry.plugin import VIEW_REGISTRY
from grassroots.sweeps import selectors
from grassroots.sweeps.choices import HazardStatus
from grassroots.sweeps.forms import RectifyForm
from grassroots.sweeps.models import Hazard, Visit
from grassroots.sweeps.photos import PhotoError, content_type, photo_from_bytes
from grassroots.sweeps.plugin import MANAGE_SWEEPS, RECORD_SWEEP
from grassroots.sweeps.services import SweepError, rectify_hazard
from grassroots.web.decorators import requires

PAGE_SIZE = 50


@requires(VIEW_REGISTRY)
def hazard_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", HazardStatus.OPEN)
    if status not in HazardStatus.values:
        status = HazardStatus.OPEN
    hazards = selectors.hazards_with_status(request.user, status)
    if request.GET.get("grid", "").isdigit():
        hazards = hazards.filter(grid_id=int(request.GET["grid"]))
    page = Paginator(hazards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sweeps/hazards.html",
        {
            "page": page,
            "status": status,
            "per_unit": selectors.open_hazards_per_unit(request.user),
        },
    )


def _hazard_context(request: HttpRequest, hazard: Hazard, form: RectifyForm | None) -> dict:
    can_rectify = has_permission(request.user, MANAGE_SWEEPS) and hazard.status == HazardStatus.OPEN
    if can_rectify and form is None:
        form = RectifyForm(initial={"version": hazard.version})
    return {
        "hazard": hazard,
        "changes": hazard.changes.select_related("actor"),
        "form": form if can_rectify else None,
    }


@requires(VIEW_REGISTRY)
def hazard_detail(request: HttpRequest, hazard_id: int) -> HttpResponse:
    hazard = get_visible_or_404(Hazard, request.user, pk=hazard_id)
    return render(request, "sweeps/hazard.html", _hazard_context(request, hazard, None))


@requires(MANAGE_SWEEPS)
@require_POST
def hazard_rectify(request: HttpRequest, hazard_id: int) -> HttpResponse:
    hazard = get_visible_or_404(Hazard, request.user, pk=hazard_id)
    form = RectifyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("photo")
            photo = photo_from_bytes(upload.read()) if upload else None
            rectify_hazard(
                hazard,
                on=data["rectified_on"],
                note=data["note"],
                photo=photo,
                version=data["version"],
                actor=request.user,
                request=request,
            )
        except PhotoError as error:
            form.add_error("photo", str(error))
        except SweepError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已记录整改"))
            return redirect("sweeps:hazard", hazard_id=hazard.pk)
    return render(request, "sweeps/hazard.html", _hazard_context(request, hazard, form), status=400)


def _photo_response(photo: FieldFile) -> HttpResponse:
    if not photo:
        raise Http404
    try:
        handle = photo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type(photo.name))
    response["Cache-Control"] = "private, max-age=86400"
    return response


@requires(RECORD_SWEEP)
def visit_photo(request: HttpRequest, visit_id: int) -> HttpResponse:
    return _photo_response(get_visible_or_404(Visit, request.user, pk=visit_id).photo)


@requires(VIEW_REGISTRY)
def hazard_photo(request: HttpRequest, hazard_id: int) -> HttpResponse:
    """The photo taken when the hazard was found, or with ``?rectified=1`` its evidence."""
    hazard = get_visible_or_404(Hazard, request.user, pk=hazard_id)
    return _photo_response(
        hazard.rectification_photo if request.GET.get("rectified") else hazard.photo
    )
