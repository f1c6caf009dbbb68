"""Views that belong to no single capability: health check and home page."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": {"vendor": connection.vendor, "ok": False,
                                             "error": str(exc)[:200]}}, status=503)
    return JsonResponse({"status": "ok", "database": {"vendor": connection.vendor, "ok": True}})
