"""The site itself: the home page, the health check and the operators' commands."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import Mount, NavEntry, Plugin

plugin = Plugin(
    name="site",
    urls=(
        Mount("healthz", view="grassroots.site.views:healthz", name="healthz"),
        Mount("", include="grassroots.site.pages"),
    ),
    commands="grassroots.site.cli",
    navigation=(NavEntry(_("首页"), "site:home", 0, current=("site:",)),),
)
