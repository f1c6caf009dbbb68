"""What the population and housing registry adds (人口房屋)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_REGISTRY = "registry.view"
MANAGE_REGISTRY = "registry.manage"  # register, change and move residents; room use
IMPORT_REGISTRY = "registry.import"
EXPORT_REGISTRY = "registry.export"

AUDIT_MOVES = {"in": _("迁入"), "out": _("迁出")}

plugin = Plugin(
    name="registry",
    personal_data="grassroots.registry.personal:personal_data",
    # Web import files hold plaintext ID numbers: deleted once imported, within a day at most.
    transient_uploads=("registry-imports",),
    permissions=(
        permission(VIEW_REGISTRY, "查看人口房屋", roles=STAFF),
        permission(MANAGE_REGISTRY, "登记、变更、迁移居民，房屋用途", roles=STAFF),
        permission(IMPORT_REGISTRY, "批量导入人口房屋", roles=OFFICE),
        permission(EXPORT_REGISTRY, "导出人口房屋", roles=OFFICE),
    ),
    urls=(Mount("registry/", include="grassroots.registry.urls"),),
    api_routers=("grassroots.registry.api:router",),
    commands="grassroots.registry.cli",
    demo_seeds="grassroots.registry.demo_seeds",
    scope_samples="grassroots.registry.testing",
    navigation=(
        NavEntry(
            _("人口房屋"),
            "registry:residents",
            40,
            current=("registry:",),
            permission=VIEW_REGISTRY,
            group=NAV_GOVERNANCE,
        ),
    ),
    audit_details=(
        AuditDetail(
            "fields",
            _("字段"),
            values="grassroots.registry.models:Resident",
            actions=("resident_created", "resident_changed", "personal_data_viewed"),
        ),
        AuditDetail("resident_id", _("居民编号")),
        AuditDetail("room_id", _("房屋编号")),
        AuditDetail("batch", _("导入批次")),
        AuditDetail("rooms", _("新增房屋")),
        AuditDetail("moved", _("迁移"), values="grassroots.registry.plugin:AUDIT_MOVES"),
        AuditDetail(
            "use", _("房屋用途"), values="grassroots.registry.choices:RoomUse", change=True
        ),
    ),
    worker_figures=("grassroots.registry.worker:worker_figures",),
)
