"""Template helpers shared by every page: permission checks, translated choice labels and the
main navigation's current section."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, gettext_noop

from grassroots.accounts.roles import Perm, has_permission

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
]


@register.filter
def can(user: Any, permission_name: str) -> bool:
    """``{% if user|can:"VIEW_AUDIT" %}``: the name of a ``Perm`` attribute."""
    return has_permission(user, getattr(Perm, permission_name))


@register.filter
def tr(value: Any) -> str:
    """Translate a stored Chinese label (a choice's display value) into the active language."""
    return gettext(str(value)) if value not in (None, "") else ""


@register.filter
def section(request: Any) -> str:
    """The main-navigation section of the page: its app, with the party tree and one's own
    training apart from the org tree and the training classes they share an app with."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name == "org" and match.url_name.startswith("party"):
        return "party"
    if match.app_name == "training" and match.url_name == "mine":
        return "my_training"
    return match.app_name or ""
