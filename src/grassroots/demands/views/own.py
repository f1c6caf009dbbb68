"""A signed-in resident's own demands (我的诉求): report one for their household, list them,
follow each. The household is the registry's, found through the account's person; the list
and each page read only what the resident reported (``demands.scope``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grassroots.demands import public, selectors
from grassroots.demands.forms import OwnDemandForm
from grassroots.demands.models import Channel
from grassroots.demands.plugin import OWN_DEMANDS
from grassroots.demands.services import DemandInput, DemandInputError
from grassroots.demands.services.residents import report_own_demand
from grassroots.registry.selectors import own_residence
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

PAGE_SIZE = 20


@requires(OWN_DEMANDS)
def own_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.own_demands(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "demands/own_list.html", {"page": page})


@requires(OWN_DEMANDS)
@once_per_form
def own_new(request: HttpRequest) -> HttpResponse:
    """Report a demand for one's own home (or its building), the place filled in from the
    registry; without a registered home the page says whom to ask."""
    resident = own_residence(request.user)
    if resident is None:
        return render(request, "demands/own_form.html", {"resident": None})
    room = resident.household.room
    initial = {"reporter_phone": resident.phone or getattr(request.user.person, "phone", "")}
    form = OwnDemandForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        room=room,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        home = c["where"] == OwnDemandForm.HOME
        data = DemandInput(
            title=c["title"],
            description=c["description"],
            category=c["category"],
            channel=Channel.WEB,
            grid=room.grid,
            building=room.building,
            room=room if home else None,
            reporter_name=resident.name,
            reporter_phone=c["reporter_phone"],
        )
        try:
            demand = report_own_demand(
                data=data, account=request.user, request=request, photo=c["photo"]
            )
        except DemandInputError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已提交诉求，查询码 %(code)s") % {"code": demand.code})
            return redirect("demands:own_detail", demand_id=demand.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "demands/own_form.html",
        {"resident": resident, "room": room, "form": form},
        status=status,
    )


@requires(OWN_DEMANDS)
def own_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    """One's own demand: where it stands and each step so far, as the public page shows it
    (when and to what, never who or their notes), and its photos."""
    demand = selectors.own_demand(request.user, demand_id)
    return render(
        request,
        "demands/own_detail.html",
        {"demand": demand, "steps": public.public_steps(demand), "photos": demand.photos.all()},
    )


@requires(OWN_DEMANDS)
def own_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    item = selectors.own_photo(request.user, photo_id)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
