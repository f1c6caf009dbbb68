"""What the audit log adds (审计日志)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import Mount, NavEntry, Plugin, permission

VIEW_AUDIT = "audit.view"

plugin = Plugin(
    name="audit",
    permissions=(permission(VIEW_AUDIT, "查看审计日志", roles=[Role.DISTRICT_ADMIN]),),
    urls=(Mount("audit/", include="grassroots.audit.urls"),),
    commands="grassroots.audit.cli",
    navigation=(
        NavEntry(_("审计日志"), "audit:events", 90, current=("audit:",), permission=VIEW_AUDIT),
    ),
)
