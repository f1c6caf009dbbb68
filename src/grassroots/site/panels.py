"""The home page's panels (工作台): what each installed app says the user has to do now."""

from __future__ import annotations

from typing import Any

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.plugins import HomePanel, installed_plugins, load


def home_panels(user: Any) -> list[tuple[str, dict[str, Any]]]:
    """Each panel the user may see and has something in: its template and its context."""
    declared: list[HomePanel] = sorted(
        (panel for plugin in installed_plugins() for panel in plugin.home_panels),
        key=lambda panel: panel.order,
    )
    shown = []
    for panel in declared:
        if panel.permission is not None and not has_permission(user, panel.permission):
            continue
        context = load(panel.context)(user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
