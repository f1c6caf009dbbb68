"""Requests per client address on the public pages, counted in the database.

A counter row per (key, hour) is shared by every gunicorn worker process, so the limit holds
however many workers serve the page.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from grassroots.demands.models import IntakeThrottle

WINDOW_SECONDS = 3600


def allow(key: str, limit: int, *, now: float | None = None) -> bool:
    """Count one request for ``key``; False once more than ``limit`` came in this window."""
    window = int((now if now is not None else time.time()) // WINDOW_SECONDS)
    key = key[:80]
    with transaction.atomic():
        rows = IntakeThrottle.objects.filter(key=key, window=window)
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    IntakeThrottle.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                rows.update(count=F("count") + 1)
            IntakeThrottle.objects.filter(window__lt=window - 1).delete()
        count = rows.values_list("count", flat=True).first() or 0
    return count <= limit
