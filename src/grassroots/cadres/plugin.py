"""What two-committee cadres add (两委班子): rosters by term and the composition report."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.kernel.plugins import (
    NAV_ORGANISATION,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_CADRES = "cadres.view"  # two-committee rosters and the composition report
MANAGE_CADRES = "cadres.manage"  # import rosters, record resignations and by-elections

_LEADS = (Role.DISTRICT_ADMIN, Role.STREET_STAFF)

plugin = Plugin(
    name="cadres",
    personal_data="grassroots.cadres.personal:personal_data",
    permissions=(
        permission(VIEW_CADRES, "查看两委名册和统计", roles=OFFICE),
        permission(MANAGE_CADRES, "导入名册、记录辞职和补选", roles=_LEADS),
    ),
    urls=(Mount("cadres/", include="grassroots.cadres.urls"),),
    api_routers=("grassroots.cadres.api:router",),
    commands="grassroots.cadres.cli",
    demo_seeds="grassroots.cadres.demo_seeds",
    scope_samples="grassroots.cadres.testing",
    navigation=(
        NavEntry(
            _("两委班子"),
            "cadres:report",
            70,
            current=("cadres:",),
            permission=VIEW_CADRES,
            group=NAV_ORGANISATION,
        ),
    ),
    audit_details=(
        AuditDetail(
            "change",
            _("变更"),
            values="grassroots.cadres.models:ChangeKind",
            actions=("cadre_member_changed",),
        ),
        AuditDetail("effective_on", _("生效日期")),
        AuditDetail("members", _("人数")),
        AuditDetail("reference_date", _("统计基准日")),
        AuditDetail("replaced", _("替换原名册")),
        AuditDetail("units_created", _("新建单位")),
    ),
)
