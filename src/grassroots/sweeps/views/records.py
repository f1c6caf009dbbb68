"""The grid worker's phone pages: tasks → buildings → rooms → one room's visit form.

The pages are plain server-rendered HTML that the service worker (``service_worker``, served
at the site root so its scope covers them) keeps for use without signal; the visit form is
sent by sweep.js through the browser's queue to the visit API, never by a form post, so an
entry made offline is the same entry sent later.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.registry import choices as rc
from grassroots.registry.models import Building, Room
from grassroots.sweeps import selectors
from grassroots.sweeps.choices import HazardKind, VisitOutcome
from grassroots.sweeps.models import SweepTask
from grassroots.sweeps.plugin import MANAGE_SWEEPS, RECORD_SWEEP
from grassroots.web.decorators import requires


@requires(RECORD_SWEEP)
def home(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.running_tasks(request.user)[:200])
    return render(
        request,
        "sweeps/home.html",
        {
            "tasks": selectors.tasks_with_shares(tasks),
            "can_manage": has_permission(request.user, MANAGE_SWEEPS),
        },
    )


@requires(RECORD_SWEEP)
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(SweepTask, request.user, pk=task_id)
    shares = selectors.building_shares(task.campaign, task.grid_id)
    buildings = [
        (b, shares.get(b.pk, selectors.Share()))
        for b in selectors.buildings_of(request.user, task.grid_id)
    ]
    return render(request, "sweeps/task.html", {"task": task, "buildings": buildings})


@requires(RECORD_SWEEP)
def building_rooms(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_visible_or_404(Building, request.user, pk=building_id)
    task = selectors.current_task(request.user, building.grid_id)
    rooms = selectors.rooms_with_status(building, task.campaign if task else None)
    return render(
        request,
        "sweeps/building.html",
        {
            "building": building,
            "task": task,
            "rooms": rooms,
            "visited": sum(1 for r in rooms if r["visited"]),
        },
    )


def _choices() -> dict[str, object]:
    return {
        "room_uses": rc.RoomUse.choices,
        "hazard_kinds": HazardKind.choices,
        "outcomes": VisitOutcome.choices,
        "id_types": rc.IdType.choices,
        "relations": rc.Relation.choices,
        "population_types": rc.PopulationType.choices,
        "ethnicities": rc.Ethnicity.choices,
        "political": rc.PoliticalStatus.choices,
        "educations": rc.Education.choices,
        "special_groups": rc.SpecialGroup.choices,
    }


@requires(RECORD_SWEEP)
def room_visit(request: HttpRequest, room_id: int) -> HttpResponse:
    room = get_visible_or_404(Room, request.user, pk=room_id)
    task = selectors.current_task(request.user, room.grid_id)
    visits = selectors.recent_visits(request.user, room, task.campaign) if task else []
    return render(
        request,
        "sweeps/room.html",
        {
            "room": room,
            "task": task,
            "visits": visits,
            "residents": selectors.current_residents(room),
            "open_hazards": selectors.open_hazards_in(request.user, room),
            **_choices(),
        },
    )


SW_ASSETS = (
    "grassroots/app.css",
    "grassroots/app.js",
    "grassroots/favicon.svg",
    "vendor/htmx/htmx.min.js",
    "sweeps/sweep.css",
    "sweeps/checks.js",
    "sweeps/sweep.js",
)
_VERSION = "__sw_version__"


def _version(script: str) -> str:
    """A digest of everything the worker keeps: a changed asset, page or script is a new worker
    (the browser compares the script's bytes) with a new cache, even where static file names
    carry no hash of their content."""
    digest = hashlib.sha256(script.encode())
    digest.update(Path(get_template("sweeps/offline.html").origin.name).read_bytes())
    for path in SW_ASSETS:
        found = finders.find(path)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


def service_worker(request: HttpRequest) -> HttpResponse:
    """/sweeps-sw.js: at the site root, so its scope covers /sweeps/ (and the static files)."""
    response = render(
        request,
        "sweeps/sw.js",
        {
            "version": _VERSION,
            # Each asset under its plain name and the name it is served under (with the hash of
            # its content in production): a page kept from before an update still finds them.
            "assets": [(settings.STATIC_URL + path, static(path)) for path in SW_ASSETS],
            "home": reverse("sweeps:home"),
            "offline": reverse("sweeps:offline"),
        },
        content_type="application/javascript; charset=utf-8",
    )
    script = response.content.decode()
    response.content = script.replace(_VERSION, _version(script)).encode()
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def offline_page(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page that cannot be reached without signal.

    Fetched once when the worker installs, without cookies: it reads nothing of the user or the
    database, so it renders for anyone and is the same for everyone.
    """
    return render(request, "sweeps/offline.html", {"home": reverse("sweeps:home")})
