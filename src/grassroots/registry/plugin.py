"""What the population and housing registry adds (人口房屋)."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
from grassroots.kernel.plugins import Mount, NavEntry, Plugin, permission

VIEW_REGISTRY = "registry.view"
MANAGE_REGISTRY = "registry.manage"  # register, change and move residents; room use
IMPORT_REGISTRY = "registry.import"
EXPORT_REGISTRY = "registry.export"

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
        ),
    ),
)
