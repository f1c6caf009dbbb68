"""The site itself: the home page, the health check and the operators' commands."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import AuditDetail, Mount, NavEntry, Plugin

AUDIT_VIA = {"cli": _("命令行")}

plugin = Plugin(
    name="site",
    urls=(
        Mount("healthz", view="grassroots.site.views:healthz", name="healthz"),
        Mount("", include="grassroots.site.pages"),
    ),
    commands="grassroots.site.cli",
    navigation=(NavEntry(_("首页"), "site:home", 0, current=("site:",)),),
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
