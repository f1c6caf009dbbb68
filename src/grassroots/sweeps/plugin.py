"""What building sweeps add (扫楼): visits on a phone, campaigns, hazards."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

RECORD_SWEEP = "sweeps.record"  # record door-to-door visits
MANAGE_SWEEPS = "sweeps.manage"  # campaigns, hazards' rectification, data quality

plugin = Plugin(
    name="sweeps",
    permissions=(
        permission(RECORD_SWEEP, "记录入户走访", roles=STAFF),
        permission(MANAGE_SWEEPS, "扫楼行动、隐患整改、数据质量", roles=OFFICE),
    ),
    urls=(
        Mount("sweeps/", include="grassroots.sweeps.urls"),
        # The service worker must sit at the root to control the sweep pages.
        Mount(
            "sweeps-sw.js",
            view="grassroots.sweeps.views.records:service_worker",
            name="sweeps_service_worker",
        ),
    ),
    api_routers=("grassroots.sweeps.api:router",),
    demo_seeds="grassroots.sweeps.demo_seeds",
    scope_samples="grassroots.sweeps.testing",
    navigation=(
        NavEntry(
            _("扫楼"),
            "sweeps:home",
            50,
            current=("sweeps:",),
            permission=RECORD_SWEEP,
            group=NAV_GOVERNANCE,
        ),
    ),
    audit_details=(
        AuditDetail(
            "visit_outcome", _("走访结果"), values="grassroots.sweeps.choices:VisitOutcome"
        ),
        # Earlier records kept the visit's outcome in the record's own 结果 column.
        AuditDetail(
            "outcome",
            _("走访结果"),
            values="grassroots.sweeps.choices:VisitOutcome",
            actions=("sweep_visit_recorded",),
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.sweeps.choices:HazardStatus",
            actions=("hazard_changed",),
            change=True,
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.sweeps.choices:CampaignStatus",
            actions=("sweep_campaign_changed",),
            change=True,
        ),
        AuditDetail("hazard_id", _("隐患编号")),
        AuditDetail("campaign_id", _("任务编号")),
        AuditDetail("visit_id", _("走访编号")),
        AuditDetail("added", _("新增居民")),
        AuditDetail("hazards", _("发现隐患")),
        AuditDetail("moved_out", _("迁出居民")),
    ),
    home_panels=(
        HomePanel(
            "sweeps/_panel.html",
            "grassroots.sweeps.selectors.workbench:sweeps_panel",
            permission=RECORD_SWEEP,
            order=2,
        ),
    ),
    indicators=(
        IndicatorSpec(
            code="hazard_rectification_rate",
            name=_("消防隐患整改率"),
            unit="percent",
            direction="higher",
            counter="grassroots.sweeps.indicators:hazard_rectification",
            rows="grassroots.sweeps.indicators:hazard_rows",
            order=20,
        ),
        IndicatorSpec(
            code="sweep_coverage_rate",
            name=_("扫楼覆盖率"),
            unit="percent",
            direction="higher",
            counter="grassroots.sweeps.indicators:sweep_coverage",
            rows="grassroots.sweeps.indicators:coverage_rows",
            order=60,
        ),
        # Registry freshness (动态化信息更新) is counted here, not in the registry: a visit
        # confirms a household as much as an edit does, and the registry knows no visits.
        IndicatorSpec(
            code="registry_freshness_rate",
            name=_("动态化信息更新率"),
            unit="percent",
            direction="higher",
            counter="grassroots.sweeps.indicators:registry_freshness",
            rows="grassroots.sweeps.indicators:freshness_rows",
            order=61,
        ),
    ),
    worker_figures=("grassroots.sweeps.worker:worker_figures",),
)
