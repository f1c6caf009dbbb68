"""The site itself: the home page, the health check and the operators' commands."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import (
    NAV_SYSTEM,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

# The system administrator's part (三权分立): how the system runs, its configuration and
# backups; no personal data, accounts or audit log.
OPERATE_SYSTEM = "site.operate"

AUDIT_VIA = {"cli": _("命令行")}

plugin = Plugin(
    name="site",
    permissions=(
        permission(OPERATE_SYSTEM, "查看系统运行状况、配置与备份", roles=[Role.SYSTEM_ADMIN]),
    ),
    urls=(
        Mount("healthz", view="grassroots.site.views:healthz", name="healthz"),
        Mount("system/", view="grassroots.site.views:system_status", name="system_status"),
        Mount("", include="grassroots.site.pages"),
    ),
    commands="grassroots.site.cli",
    navigation=(
        NavEntry(_("首页"), "site:home", 0, current=("site:",)),
        NavEntry(
            _("运行状况"),
            "system_status",
            95,
            current=("system_status",),
            permission=OPERATE_SYSTEM,
            group=NAV_SYSTEM,
        ),
    ),
    audit_details=(
        AuditDetail("engine", _("数据库")),
        AuditDetail("file", _("文件")),
        AuditDetail("os_user", _("系统用户")),
        AuditDetail("size", _("大小（字节）")),
        AuditDetail("via", _("方式"), values="grassroots.site.plugin:AUDIT_VIA"),
        AuditDetail("with_keys", _("含密钥")),
        AuditDetail("keys_replaced", _("已替换密钥")),
    ),
)
