"""What the org and party trees add to the platform (组织架构、党组织)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import EVERYONE, Role
from grassroots.kernel.plugins import (
    NAV_ORGANISATION,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_ORG = "org.view"
MANAGE_ORG = "org.manage"

AUDIT_CHANGES = {
    "admin_created": _("后台新建"),
    "admin_changed": _("后台修改"),
    "admin_deleted": _("后台删除"),
    "party_org_created": _("新建党组织"),
}
AUDIT_MODELS = {"orgnode": _("组织节点"), "partyorganization": _("党组织")}

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
    audit_details=(
        AuditDetail(
            "change",
            _("变更"),
            values="grassroots.org.plugin:AUDIT_CHANGES",
            actions=("org_node_changed",),
        ),
        AuditDetail("model", _("对象类型"), values="grassroots.org.plugin:AUDIT_MODELS"),
        AuditDetail(
            "fields",
            _("字段"),
            values="grassroots.org.models:OrgNode",
            actions=("org_node_changed",),
        ),
        AuditDetail("name", _("名称")),
        AuditDetail("parent", _("上级编码")),
        AuditDetail("level", _("层级"), values="grassroots.org.models:Level"),
        AuditDetail("org_node", _("单位编码")),
        AuditDetail(
            "kind",
            _("党组织类型"),
            values="grassroots.org.models:PartyOrgKind",
            actions=("org_node_changed",),
        ),
    ),
)
