"""What the org and party trees add to the platform (组织架构、党组织)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import EVERYONE, Role
from grassroots.kernel.plugins import NAV_ORGANISATION, Mount, NavEntry, Plugin, permission

VIEW_ORG = "org.view"
MANAGE_ORG = "org.manage"

plugin = Plugin(
    name="org",
    permissions=(
        permission(VIEW_ORG, "查看组织架构和党组织", roles=EVERYONE),
        permission(MANAGE_ORG, "维护组织架构", roles=[Role.DISTRICT_ADMIN]),
    ),
    urls=(Mount("org/", include="grassroots.org.urls"),),
    api_routers=("grassroots.org.api:router",),
    commands="grassroots.org.cli",
    navigation=(
        NavEntry(
            _("组织架构"),
            "org:tree",
            order=10,
            current=("org:",),
            permission=VIEW_ORG,
            group=NAV_ORGANISATION,
        ),
        NavEntry(
            _("党组织"),
            "org:party_tree",
            20,
            current=("org:party",),
            permission=VIEW_ORG,
            group=NAV_ORGANISATION,
        ),
    ),
)
