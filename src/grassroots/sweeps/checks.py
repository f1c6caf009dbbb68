"""Start-up check: the data-quality thresholds in settings make sense."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_sweep_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems = []
    start, end = settings.SWEEP_WORK_HOURS
    if not (0 <= start < end <= 24):
        problems.append(
            checks.Error(
                "SWEEP_WORK_HOURS must be (first hour, hour after the last) with 0 <= start < end "
                f"<= 24, got {settings.SWEEP_WORK_HOURS!r}",
                id="sweeps.E001",
            )
        )
    for name in (
        "SWEEP_PACE_MAX_ROOMS",
        "SWEEP_PACE_WINDOW_MINUTES",
        "SWEEP_OFF_HOURS_MIN_VISITS",
        "SWEEP_PHOTO_MAX_BYTES",
    ):
        if getattr(settings, name) < 1:
            problems.append(checks.Error(f"{name} must be at least 1", id="sweeps.E002"))
    return problems
