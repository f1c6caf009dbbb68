"""Views that belong to no single capability: health check and home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

import grassroots
from grassroots.kernel.keys import key_problem
from grassroots.kernel.permissions import has_permission
from grassroots.org.selectors import children_with_counts, scope_roots, subtree_counts
from grassroots.site.panels import home_panels
from grassroots.site.plugin import OPERATE_SYSTEM


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


@login_required
def system_status(request: HttpRequest) -> HttpResponse:
    """The system administrator's page: version, database, keys, migrations, data directory
    and how backups are made. Nothing here is personal data."""
    if not has_permission(request.user, OPERATE_SYSTEM):
        raise Http404
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    context = {
        "version": grassroots.__version__,
        "vendor": connection.vendor,
        "key_problem": key_problem(),
        "pending": len(pending),
        "data_dir": settings.DATA_DIR,
        "lock_minutes": settings.SIGN_IN_LOCK_MINUTES,
        "max_failures": settings.SIGN_IN_MAX_FAILURES,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "token_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "site/system_status.html", context)
