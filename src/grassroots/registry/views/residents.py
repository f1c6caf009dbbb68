"""Registry pages: residents (search, detail, history, edit, register, move), rooms, buildings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import OrgNode
from grassroots.people.plugin import VIEW_PERSONAL_DATA
from grassroots.registry import selectors
from grassroots.registry.choices import SpecialGroup
from grassroots.registry.forms import AddressForm, MoveOutForm, ResidentForm, RoomUseForm
from grassroots.registry.models import Building, Resident, Room
from grassroots.registry.plugin import (
    EXPORT_REGISTRY,
    IMPORT_REGISTRY,
    MANAGE_REGISTRY,
    VIEW_REGISTRY,
)
from grassroots.registry.services import (
    RegistryError,
    change_room_use,
    ensure_room,
    register_resident,
    reveal_resident_data,
    update_resident,
)
from grassroots.registry.services.moves import move_in, move_out
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

MAX_QUERY = 40


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


@requires(VIEW_REGISTRY)
def resident_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    group = request.GET.get("group", "")
    group = group if group in SpecialGroup.values else ""
    node = None
    if _int(request.GET.get("node")):
        node = get_visible_or_404(OrgNode, user, pk=_int(request.GET.get("node")))
    page = selectors.resident_page(
        user, query=query, node=node, special_group=group, after=_int(request.GET.get("after"))
    )
    return render(
        request,
        "registry/list.html",
        {
            "page": page,
            "query": query,
            "group": group,
            "node": node,
            "groups": SpecialGroup.choices,
            "perms": _perms(user),
        },
    )


def _perms(user: Any) -> dict[str, bool]:
    return {
        name: has_permission(user, permission)
        for name, permission in (
            ("MANAGE_REGISTRY", MANAGE_REGISTRY),
            ("IMPORT_REGISTRY", IMPORT_REGISTRY),
            ("EXPORT_REGISTRY", EXPORT_REGISTRY),
            ("VIEW_PERSONAL_DATA", VIEW_PERSONAL_DATA),
        )
    }


@requires(VIEW_REGISTRY)
def resident_detail(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = get_visible_or_404(Resident, request.user, pk=resident_id)
    return render(request, "registry/detail.html", _detail(request, resident))


def _detail(request: HttpRequest, resident: Resident, **extra: Any) -> dict[str, Any]:
    room = resident.household.room if resident.household_id else None
    if room is not None and not selectors.may_see_room(request.user, room):
        room = None
    return {
        "resident": resident,
        "room": room,
        "perms": _perms(request.user),
        **selectors.resident_history(request.user, resident),
        **extra,
    }


@requires(VIEW_PERSONAL_DATA)
@require_POST
def resident_reveal(request: HttpRequest, resident_id: int) -> HttpResponse:
    """The unmasked document number and phone, once, with an audit record."""
    resident = get_visible_or_404(Resident, request.user, pk=resident_id)
    revealed = reveal_resident_data(resident, actor=request.user, request=request)
    template = "registry/_personal.html" if request.htmx else "registry/detail.html"
    response = render(request, template, _detail(request, resident, revealed=revealed))
    response["Cache-Control"] = "no-store"
    return response


@requires(MANAGE_REGISTRY)
def resident_edit(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = get_visible_or_404(Resident, request.user, pk=resident_id)
    form = ResidentForm(request.POST or None, resident=resident)
    if form.is_bound and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            update_resident(
                resident, data=form.data_out, version=version, actor=request.user, request=request
            )
        except RegistryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已保存：%(name)s") % {"name": resident.name})
            return redirect("registry:resident", resident_id=resident.pk)
    return render(request, "registry/form.html", {"form": form, "resident": resident})


@requires(MANAGE_REGISTRY)
@once_per_form
def resident_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    post = request.POST or None
    form, address = ResidentForm(post), AddressForm(post, user=user)
    if form.is_bound and form.is_valid() and address.is_valid():
        place = address.cleaned_data
        try:
            room = ensure_room(
                grid=place["grid"],
                estate=place["estate"],
                building=place["building"],
                unit=place["unit"],
                number=place["number"],
            )
            resident = register_resident(
                room=room, data=form.data_out, actor=user, on=place["moved_in_on"], request=request
            )
        except RegistryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已登记：%(name)s") % {"name": resident.name})
            return redirect("registry:resident", resident_id=resident.pk)
    return render(
        request, "registry/form.html", {"form": form, "address": address, "resident": None}
    )


@requires(MANAGE_REGISTRY)
def resident_move(request: HttpRequest, resident_id: int) -> HttpResponse:
    """Move out (迁出) or move to another room (迁入), each a dated stay."""
    user = request.user
    resident = get_visible_or_404(Resident, user, pk=resident_id)
    action = request.POST.get("action", "")
    address = AddressForm(request.POST if action == "in" else None, user=user)
    out = MoveOutForm(request.POST if action == "out" else None)
    try:
        if action == "in" and address.is_valid():
            place = address.cleaned_data
            room = ensure_room(
                grid=place["grid"],
                estate=place["estate"],
                building=place["building"],
                unit=place["unit"],
                number=place["number"],
            )
            move_in(resident, room=room, on=place["moved_in_on"], actor=user, request=request)
            return _moved(request, resident, _("已迁入新住址"))
        if action == "out" and out.is_valid():
            move_out(resident, on=out.cleaned_data["moved_out_on"], actor=user, request=request)
            return _moved(request, resident, _("已登记迁出"))
    except RegistryError as error:
        messages.error(request, str(error))
    return render(
        request, "registry/move.html", {"resident": resident, "address": address, "out": out}
    )


def _moved(request: HttpRequest, resident: Resident, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("registry:resident", resident_id=resident.pk)


@requires(VIEW_REGISTRY)
def room_detail(request: HttpRequest, room_id: int) -> HttpResponse:
    user = request.user
    room = get_visible_or_404(Room, user, pk=room_id)
    form = RoomUseForm(request.POST or None, initial={"use": room.use, "version": room.version})
    if form.is_bound:
        if not has_permission(user, MANAGE_REGISTRY):
            raise Http404
        if form.is_valid():
            try:
                change_room_use(
                    room,
                    use=form.cleaned_data["use"],
                    actor=user,
                    on=form.cleaned_data["effective_on"],
                    version=form.cleaned_data["version"],
                    request=request,
                )
            except RegistryError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("房屋用途已更新"))
            return redirect("registry:room", room_id=room.pk)
    return render(
        request,
        "registry/room.html",
        {"room": room, "form": form, "perms": _perms(user), **selectors.room_detail(user, room)},
    )


@requires(VIEW_REGISTRY)
def building_list(request: HttpRequest) -> HttpResponse:
    node = None
    if _int(request.GET.get("node")):
        node = get_visible_or_404(OrgNode, request.user, pk=_int(request.GET.get("node")))
    buildings = selectors.buildings_in(request.user, node)[:300]
    return render(request, "registry/buildings.html", {"buildings": buildings, "node": node})


@requires(VIEW_REGISTRY)
def building_detail(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_visible_or_404(Building, request.user, pk=building_id)
    return render(
        request,
        "registry/building.html",
        {"building": building, "rooms": selectors.rooms_of(request.user, building)},
    )
