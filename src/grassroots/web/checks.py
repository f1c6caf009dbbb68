"""Start-up checks of the page frame."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_front_end_assets(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The locally served front-end packages must have been installed."""
    errors = []
    for prefix, folder in settings.STATICFILES_DIRS:
        if not folder.is_dir():
            errors.append(
                Error(
                    f"front-end assets for {prefix} are missing from {folder}",
                    hint="Run the set-up (./dev demo or ./dev setup), which installs them from the "
                    "npm registry.",
                    id="grassroots.E002",
                )
            )
    return errors
