"""The JSON API's own permission: using it at all (接口)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import STAFF, Role
from grassroots.kernel.plugins import NAV_SYSTEM, NavEntry, Plugin, permission

USE_API = "api.use"

plugin = Plugin(
    name="api",
    permissions=(permission(USE_API, "使用接口", roles=[*STAFF, Role.PAIRED_UNIT_LIAISON]),),
    # Only the roles that may call the API are shown its documentation.
    navigation=(
        NavEntry(_("API文档"), "api:openapi-view", 100, permission=USE_API, group=NAV_SYSTEM),
    ),
)
