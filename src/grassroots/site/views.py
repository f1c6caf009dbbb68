"""Views that belong to no single capability: health check and home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from grassroots.kernel.keys import key_problem
from grassroots.org.selectors import children_with_counts, scope_roots, subtree_counts
from grassroots.site.panels import home_panels


def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database answers and the keys fit its data; 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {
                "status": "error",
                "database": {"vendor": connection.vendor, "ok": False, "error": str(exc)[:200]},
            },
            status=503,
        )
    database = {"vendor": connection.vendor, "ok": True}
    problem = key_problem()
    if problem:
        return JsonResponse(
            {"status": "error", "database": database, "keys": {"ok": False, "error": problem}},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": database, "keys": {"ok": True}})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the user has to do now (each app's panel), the user's unit and what lies below
    it, and the ways into the tree."""
    user = request.user
    roots = scope_roots(user)
    unit = roots[0] if len(roots) == 1 and not user.is_superuser else None
    context = {
        "unit": unit,
        "roots": roots,
        "counts": subtree_counts(user, unit),
        "children": children_with_counts(user, unit) if unit is not None else [],
        "panels": home_panels(user),
    }
    return render(request, "site/home.html", context)
