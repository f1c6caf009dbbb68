"""Template helpers shared by every page: permission checks, translated choice labels and the
main navigation's current section."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, gettext_noop

from grassroots.kernel.permissions import has_permission
from grassroots.web import navigation, once
from grassroots.web.navigation import NavLink, NavSection

register = template.Library()

# Choice labels are plain Chinese in the models (they are also the stored display values);
# listing them here puts them in the message catalogue so ``|tr`` can translate them.
CHOICE_LABELS = [
    gettext_noop("区县"),
    gettext_noop("街道乡镇"),
    gettext_noop("社区村"),
    gettext_noop("网格"),
    gettext_noop("区(县)委"),
    gettext_noop("街道大党工委"),
    gettext_noop("社区大党总支"),
    gettext_noop("社区党委"),
    gettext_noop("网格党支部"),
    gettext_noop("楼栋党支部"),
    gettext_noop("党小组"),
    gettext_noop("党员中心户"),
    gettext_noop("男"),
    gettext_noop("女"),
    gettext_noop("区(县)管理员"),
    gettext_noop("街道干部"),
    gettext_noop("社区(村)党组织书记"),
    gettext_noop("网格员"),
    gettext_noop("结对单位联络员"),
    gettext_noop("党员"),
    gettext_noop("居民"),
    gettext_noop("业委会成员"),
]


@register.filter
def can(user: Any, permission_name: str) -> bool:
    """``{% if user|can:"audit.view" %}``: whether the user holds the permission."""
    return has_permission(user, permission_name)


@register.filter
def tr(value: Any) -> str:
    """Translate a stored Chinese label (a choice's display value) into the active language."""
    return gettext(str(value)) if value not in (None, "") else ""


@register.filter
def pct(value: Any) -> str:
    """``class="bar-fill {{ share|pct }}"``: the class that sizes a bar to ``value`` per cent
    (``pct-42``; rounded, within 0–100). Sizes are classes because the Content-Security-Policy
    allows no style attribute (app.css)."""
    try:
        number = round(float(value))
    except (TypeError, ValueError, OverflowError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"


@register.filter
def chart_rows(chart: dict[str, Any]) -> list[tuple[Any, list[Any]]]:
    """A chart's figures as table rows, the text equivalent beside it: each label with the
    value of every series (``{"labels": [...], "series": [{"label": ..., "data": [...]}]}``)."""
    series = chart.get("series", [])
    return [(label, [s["data"][i] for s in series]) for i, label in enumerate(chart["labels"])]


@register.simple_tag(takes_context=True)
def main_navigation(context: dict[str, Any]) -> list[NavLink]:
    """``{% main_navigation as links %}``: the main navigation for this user and page."""
    return navigation.main_navigation(context["request"])


@register.simple_tag(takes_context=True)
def navigation_sections(context: dict[str, Any]) -> list[NavSection]:
    """``{% navigation_sections as sections %}``: the main navigation in its groups."""
    return navigation.navigation_sections(context["request"])


@register.simple_tag
def form_once() -> str:
    """Inside a create form: its one-time token, so a second submit saves nothing (web/once.py)."""
    return once.hidden_input()
