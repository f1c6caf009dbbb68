"""The demo district (演示数据): the ``grassroots demo`` command and the core seeders."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import AuditDetail, Plugin

AUDIT_SOURCES = {"demo": _("演示数据")}

plugin = Plugin(
    name="demo",
    commands="grassroots.demo.cli",  # its own seeders (org tree, people...) run first, always,
    audit_details=(
        AuditDetail("residents", _("居民数")),
        AuditDetail("seed", _("随机种子")),
        AuditDetail("seeders", _("生成步骤")),
        AuditDetail(
            "source",
            _("来源"),
            values="grassroots.demo.plugin:AUDIT_SOURCES",
            actions=("org_imported",),
        ),
    ),
)
