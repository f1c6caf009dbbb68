"""One demand's pages: record a new one (with likely duplicates), see it, move it on, and the
actions around it (reveal the phone, supervise, tasks)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.demands.forms import DemandForm, MoveForm, SuperviseForm, TaskForm, room_label
from grassroots.demands.models import Demand, DemandPhoto, DemandTask, Mediation
from grassroots.demands.plugin import MANAGE_DEMANDS, RECORD_DEMANDS, VIEW_DEMANDS
from grassroots.demands.selectors import (
    buildings_for,
    demand_as_stored,
    likely_duplicates,
    rooms_of_building,
    units_above,
    visible_unit,
)
from grassroots.demands.services import (
    DemandInput,
    DemandInputError,
    MoveInput,
    create_demand,
    transition_demand,
)
from grassroots.demands.services.actions import (
    MAX_PHOTOS,
    PhotoRefused,
    add_photo,
    add_task,
    complete_task,
    record_repeat,
    supervise_demand,
)
from grassroots.demands.workflow import MoveRefused, moves_for
from grassroots.kernel.natural import natural_key
from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.pairing.selectors import units_paired_with
from grassroots.people.plugin import VIEW_PERSONAL_DATA
from grassroots.registry.plugin import VIEW_REGISTRY
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


def _may_reveal(user: Any, demand: Demand) -> bool:
    """Those who may read personal data, and the person handling this demand (to call back)."""
    return has_permission(user, VIEW_PERSONAL_DATA) or (
        demand.owner_id is not None and demand.owner_id == getattr(user, "pk", None)
    )


def _detail_context(request: HttpRequest, demand: Demand, **extra: Any) -> dict[str, Any]:
    user = request.user
    moves = moves_for(demand.status, user.role_codes, operator=user.is_superuser)
    return {
        "demand": demand,
        "moves": moves,
        "events": demand.events.all(),
        "tasks": demand.tasks.all(),
        "photos": demand.photos.all(),
        "now": timezone.now(),
        "can_reveal": _may_reveal(user, demand) and bool(demand.reporter_phone),
        "can_manage": has_permission(user, MANAGE_DEMANDS),
        "can_record": has_permission(user, RECORD_DEMANDS),
        "units": units_above(user, demand.grid),
        "paired_units": units_paired_with(demand.grid),
        "can_see_registry": has_permission(user, VIEW_REGISTRY),
        "mediations": Mediation.choices,
        "move_form": MoveForm(),
        "supervise_form": SuperviseForm(),
        "task_form": TaskForm(),
        **extra,
    }


@requires(VIEW_DEMANDS)
def detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    return render(request, "demands/detail.html", _detail_context(request, demand))


def _input_from(form: DemandForm) -> DemandInput:
    c = form.cleaned_data
    return DemandInput(
        title=c["title"],
        description=c["description"],
        category=c["category"],
        channel=c["channel"],
        grid=c["grid"],
        address=c["address"],
        building=c["building"],
        room=c["room"],
        reporter_name=c["reporter_name"],
        reporter_phone=c["reporter_phone"],
        priority=c["priority"],
    )


@requires(RECORD_DEMANDS)
@once_per_form
def create(request: HttpRequest) -> HttpResponse:
    """Record a demand; a likely duplicate is shown first, to link to instead."""
    user = request.user
    form = DemandForm(request.POST if request.method == "POST" else None, user=user)
    duplicates: list[Demand] = []
    if form.is_bound and form.is_valid():
        data = _input_from(form)
        if not form.cleaned_data["confirmed"]:
            duplicates = likely_duplicates(
                grid=data.grid, category=data.category, text=f"{data.title} {data.description}"
            )
        if not duplicates:
            try:
                demand = create_demand(data=data, actor=user, request=request)
            except DemandInputError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已登记诉求，查询码 %(code)s") % {"code": demand.code})
                return redirect("demands:detail", demand_id=demand.pk)
    return render(request, "demands/form.html", {"form": form, "duplicates": duplicates})


@requires(RECORD_DEMANDS)
def building_rooms(request: HttpRequest) -> HttpResponse:
    """The room choices of one building (htmx, when the recording form's building changes)."""
    building = request.GET.get("building", "")
    rooms = (
        rooms_of_building(request.user, int(building))
        if (building.isdigit() and len(building) < 19)
        else []
    )
    return render(request, "demands/_room_options.html", {"rooms": _natural(rooms, room_label)})


def _natural(rows: Any, label: Any) -> list[tuple[int, str]]:
    return sorted(((row.pk, label(row)) for row in rows), key=lambda pair: natural_key(pair[1]))


@requires(RECORD_DEMANDS)
def grid_buildings(request: HttpRequest) -> HttpResponse:
    """The building choices of one grid, in natural order (htmx, when the recording form's
    grid changes); the room choices are emptied with them (out of band)."""
    grid = request.GET.get("grid", "")
    buildings = (
        buildings_for(request.user, int(grid)) if (grid.isdigit() and len(grid) < 19) else []
    )
    return render(
        request, "demands/_building_options.html", {"buildings": _natural(buildings, str)}
    )


@requires(RECORD_DEMANDS)
@require_POST
def link_repeat(request: HttpRequest, demand_id: int) -> HttpResponse:
    """The person recording chose to link the new report to an existing demand."""
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    record_repeat(
        demand,
        reporter_name=request.POST.get("reporter_name", "")[:50],
        note=request.POST.get("note", "")[:400],
        actor=request.user,
    )
    messages.success(request, _("已并入诉求 %(code)s，未重复登记") % {"code": demand.code})
    return redirect("demands:detail", demand_id=demand.pk)


@requires(RECORD_DEMANDS)
@require_POST
def move(request: HttpRequest, demand_id: int) -> HttpResponse:
    """One move of the workflow from the demand's page; a refusal says why, nothing is lost."""
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容不完整，请重试"))
        return redirect("demands:detail", demand_id=demand.pk)
    c = form.cleaned_data
    unit = visible_unit(request.user, pk=c["unit"]) if c["unit"] else None
    paired = (
        units_paired_with(demand.grid).filter(pk=c["paired_unit"]).first()
        if c["paired_unit"]
        else None
    )
    if c["paired_unit"] and paired is None:
        messages.error(request, _("诉求所在社区（村）没有与该单位结对"))
        return redirect("demands:detail", demand_id=demand.pk)
    try:
        transition_demand(
            demand.pk,
            move=MoveInput(
                to=c["to"],
                note=c["note"],
                expected_version=c["version"],
                unit=unit,
                paired_unit=paired,
                satisfaction=c["satisfaction"],
                mediation=c["mediation"],
            ),
            actor=request.user,
            request=request,
        )
    except MoveRefused as exc:
        messages.error(request, exc.reason)
        response = render(
            request,
            "demands/detail.html",
            _detail_context(request, demand_as_stored(demand), move_form=form),
        )
        response.status_code = 409
        return response
    messages.success(request, _("已更新诉求状态"))
    return redirect("demands:detail", demand_id=demand.pk)


@requires(VIEW_DEMANDS)
@require_POST
def reveal(request: HttpRequest, demand_id: int) -> HttpResponse:
    """The reporter's full phone, once, with an audit record of who looked."""
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    if not _may_reveal(request.user, demand):
        return HttpResponse(_("您无权查看完整电话"), status=403)
    record(
        Action.PERSONAL_DATA_VIEWED,
        request=request,
        node=demand.grid,
        target=f"{demand.code}（#{demand.pk}）",
        demand_id=demand.pk,
        fields=["reporter_phone"],
    )
    response = render(
        request, "demands/_phone.html", {"demand": demand, "phone": demand.reporter_phone}
    )
    response["Cache-Control"] = "no-store"
    return response


@requires(MANAGE_DEMANDS)
@require_POST
def supervise(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    form = SuperviseForm(request.POST)
    if form.is_valid():
        supervise_demand(
            demand,
            due=form.cleaned_data["due"],
            note=form.cleaned_data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("已列入督办"))
        return redirect("demands:detail", demand_id=demand.pk)
    # The page again, each refusal next to its field.
    context = _detail_context(request, demand, supervise_form=form)
    return render(request, "demands/detail.html", context, status=400)


@requires(RECORD_DEMANDS)
@require_POST
@once_per_form
def task_add(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    form = TaskForm(request.POST)
    if form.is_valid():
        add_task(demand, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已新增任务"))
        return redirect("demands:detail", demand_id=demand.pk)
    context = _detail_context(request, demand, task_form=form)
    return render(request, "demands/detail.html", context, status=400)


@requires(RECORD_DEMANDS)
@require_POST
@once_per_form
def photo_add(request: HttpRequest, demand_id: int) -> HttpResponse:
    demand = get_visible_or_404(Demand, request.user, pk=demand_id)
    uploads = request.FILES.getlist("photos")
    for upload in uploads[:MAX_PHOTOS]:
        try:
            add_photo(demand, upload=upload, actor=request.user)
        except PhotoRefused as exc:
            messages.error(request, f"{upload.name}: {exc}")
    return redirect("demands:detail", demand_id=demand.pk)


@requires(VIEW_DEMANDS)
def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A photo, to those who may see its demand."""
    item = get_visible_or_404(DemandPhoto, request.user, pk=photo_id)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(RECORD_DEMANDS)
@require_POST
def task_done(request: HttpRequest, demand_task_id: int) -> HttpResponse:
    task = get_visible_or_404(DemandTask, request.user, pk=demand_task_id)
    complete_task(task, actor=request.user)
    return redirect("demands:detail", demand_id=task.demand_id)
