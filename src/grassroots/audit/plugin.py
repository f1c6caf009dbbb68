"""What the audit log adds (审计日志)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import NAV_SYSTEM, AuditDetail, Mount, NavEntry, Plugin, permission

VIEW_AUDIT = "audit.view"
VIEW_UNATTRIBUTED = "audit.view_unattributed"

# Words of the details many modules record alike; a module's own wording comes first.
AUDIT_CHANGES = {
    "created": _("新建"),
    "updated": _("修改"),
    "edited": _("修改"),
    "deleted": _("删除"),
    "moved": _("移动"),
    "renamed": _("改名"),
    "recorded": _("登记"),
}
AUDIT_FORMATS = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF", "csv": "CSV"}

plugin = Plugin(
    name="audit",
    # The audit administrator reads the log and nothing else; the system and security
    # administrators never do (三权分立).
    permissions=(
        permission(VIEW_AUDIT, "查看审计日志", roles=[Role.DISTRICT_ADMIN, Role.AUDIT_ADMIN]),
        permission(
            VIEW_UNATTRIBUTED,
            "查看不属于任何单位的登录失败记录（未知账号、被锁定的地址）",
            roles=[Role.AUDIT_ADMIN],
        ),
    ),
    urls=(Mount("audit/", include="grassroots.audit.urls"),),
    commands="grassroots.audit.cli",
    navigation=(
        NavEntry(
            _("审计日志"),
            "audit:events",
            90,
            current=("audit:",),
            permission=VIEW_AUDIT,
            group=NAV_SYSTEM,
        ),
    ),
    audit_details=(
        AuditDetail("rows", _("行数")),
        AuditDetail("before", _("归档截止日期")),
        AuditDetail("first_seq", _("起始序号")),
        AuditDetail("last_seq", _("截止序号")),
        AuditDetail("anchor_digest", _("链锚摘要")),
        AuditDetail("created", _("新增")),
        AuditDetail("updated", _("更新")),
        AuditDetail("unchanged", _("未变")),
        AuditDetail("on", _("日期")),
        AuditDetail("day", _("日期")),
        AuditDetail("fields", _("字段")),
        AuditDetail("change", _("变更"), values="grassroots.audit.plugin:AUDIT_CHANGES"),
        AuditDetail("from", _("原值")),
        AuditDetail("to", _("新值")),
        AuditDetail("status", _("状态"), change=True),
        AuditDetail("reason", _("原因")),
        AuditDetail("source", _("来源")),
        AuditDetail("format", _("格式"), values="grassroots.audit.plugin:AUDIT_FORMATS"),
        AuditDetail("query", _("筛选条件")),
        AuditDetail("unit", _("单位")),
        AuditDetail("year", _("届次（年）")),
        AuditDetail("account", _("账号")),
        AuditDetail("kind", _("类别")),
        AuditDetail("note", _("备注")),
        AuditDetail("number", _("期数")),
        AuditDetail("percent", _("进度（%）")),
        AuditDetail("unmasked", _("完整号码")),
    ),
    audit_actions=(("audit_exported", "导出审计日志"),),
)
