"""The public page for residents: no sign-in. Submit a demand, then follow it by code and
phone. A wrong code and a wrong phone look the same; both forms are limited per address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from grassroots.demands import public
from grassroots.demands.forms import PublicDemandForm, TrackForm, building_choices
from grassroots.demands.models import Channel
from grassroots.demands.services import DemandInput, DemandInputError


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "demands/public.html",
        {
            "form": PublicDemandForm(),
            "track": TrackForm(),
            "error": _("提交或查询过于频繁，请一小时后再试"),
        },
        status=429,
    )
    response["Retry-After"] = "3600"
    return response


def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "pick" in request.POST:
        # Without JavaScript the estate's buildings come by sending the form once: the same
        # form again, the estate kept and its buildings listed, nothing checked or recorded.
        form = PublicDemandForm(initial=request.POST.dict())
        return render(request, "demands/public.html", {"form": form, "track": TrackForm()})
    form = PublicDemandForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        data = DemandInput(
            title=c["title"],
            description=c["description"],
            category=c["category"],
            channel=Channel.WEB,
            grid=c["grid"],
            building=c["building"],
            address=form.place_text(),
            reporter_name=c["reporter_name"],
            reporter_phone=c["reporter_phone"],
        )
        try:
            demand = public.submit_public_demand(data, request=request, photo=c["photo"])
        except public.TooManyRequests:
            return _too_many(request)
        except DemandInputError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "demands/public_done.html", {"demand": demand})
    status = 400 if form.is_bound else 200
    return render(
        request, "demands/public.html", {"form": form, "track": TrackForm()}, status=status
    )


def buildings(request: HttpRequest) -> HttpResponse:
    """The building choices of one estate (htmx, when the public form's estate changes)."""
    found = PublicDemandForm.buildings_of(request.GET.get("estate", ""))
    return render(
        request, "demands/_public_building_options.html", {"choices": building_choices(found)}
    )


def track(request: HttpRequest) -> HttpResponse:
    """Look a demand up by code and phone (POST, so the phone stays out of URLs and logs)."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    found = None
    missing = False
    if form.is_bound and form.is_valid():
        try:
            found = public.look_up(
                form.cleaned_data["code"], form.cleaned_data["phone"], request=request
            )
        except public.TooManyRequests:
            return _too_many(request)
        missing = found is None
    steps = public.public_steps(found) if found else []
    response = render(
        request,
        "demands/public_track.html",
        {"track": form, "found": found, "steps": steps, "missing": missing},
    )
    if missing:
        response.status_code = 404
    return response
