"""Pages of the member roster and of 一联十 coverage (党员名册、一联十覆盖情况)."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from grassroots.members.models import MemberKind
from grassroots.members.plugin import VIEW_MEMBERS
from grassroots.members.selectors.coverage import coverage, find_unit
from grassroots.members.selectors.roster import find_grid, roster_grids, roster_page
from grassroots.web.decorators import requires

PAGE_SIZE = 50
# Beyond this many grids the page lists communities only; choosing one shows its grids.
GRIDS_SHOWN = 200


@requires(VIEW_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    """The roster of the members the user sees, by grid and kind, with their linked
    households now."""
    user = request.user
    grid = find_grid(user, request.GET["grid"]) if request.GET.get("grid") else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in MemberKind.values else ""
    members = roster_page(user, grid=grid, kind=kind)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/list.html",
        {
            "page": page,
            "grids": roster_grids(user),
            "grid": grid,
            "kind": kind,
            "kinds": MemberKind.choices,
        },
    )


def _as_of(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


@requires(VIEW_MEMBERS)
def coverage_page(request: HttpRequest) -> HttpResponse:
    """一联十 coverage of the user's scope, or of one community or grid of it, on a day."""
    user = request.user
    unit = None
    if request.GET.get("unit"):
        unit = find_unit(user, request.GET["unit"])
        if unit is None:
            raise Http404
    text = request.GET.get("as_of", "")
    as_of = _as_of(text) if text else None
    bad_date = bool(text) and as_of is None
    result = coverage(user, unit=unit, as_of=as_of or timezone.localdate())
    return render(
        request,
        "members/coverage.html",
        {
            "report": result,
            "bad_date": bad_date,
            "show_grids": len(result.grids) <= GRIDS_SHOWN,
            "as_of_param": "" if as_of is None else as_of.isoformat(),
        },
    )
