"""What residents' demands add (民情诉求): intake, the workflow, supervision and the rates."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    NAV_MINE,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_DEMANDS = "demands.view"  # the lists, a demand's page, the rates
RECORD_DEMANDS = "demands.record"  # record a demand, move it on (the workflow says which)
MANAGE_DEMANDS = "demands.manage"  # supervise, import from 12345, export the lists
OWN_DEMANDS = "demands.own"  # a resident reports for their household and follows their own

_HANDLERS = (*STAFF, Role.PAIRED_UNIT_LIAISON)

plugin = Plugin(
    name="demands",
    personal_data="grassroots.demands.personal:personal_data",
    permissions=(
        permission(VIEW_DEMANDS, "查看民情诉求", roles=_HANDLERS),
        permission(RECORD_DEMANDS, "登记和办理民情诉求", roles=_HANDLERS),
        permission(MANAGE_DEMANDS, "督办、导入12345工单、导出清单", roles=OFFICE),
        permission(OWN_DEMANDS, "反映本户诉求、查看本人诉求", roles=[Role.RESIDENT]),
    ),
    urls=(Mount("demands/", include="grassroots.demands.urls"),),
    api_routers=("grassroots.demands.api:router", "grassroots.demands.api:public_router"),
    commands="grassroots.demands.cli",
    demo_seeds="grassroots.demands.demo_seeds",
    scope_samples="grassroots.demands.testing",
    navigation=(
        NavEntry(
            _("民情诉求"),
            "demands:mine",
            80,
            current=("demands:",),
            permission=VIEW_DEMANDS,
            group=NAV_GOVERNANCE,
        ),
        NavEntry(
            _("我的诉求"),
            "demands:own",
            81,
            current=("demands:own",),
            permission=OWN_DEMANDS,
            group=NAV_MINE,
        ),
    ),
    audit_details=(
        AuditDetail(
            "fields",
            _("字段"),
            values="grassroots.demands.models:Demand",
            actions=("personal_data_viewed",),
        ),
        AuditDetail("demand_id", _("诉求编号")),
        AuditDetail("category", _("类别")),
        AuditDetail("channel", _("来源渠道"), values="grassroots.demands.models:Channel"),
        AuditDetail(
            "from",
            _("原状态"),
            values="grassroots.demands.workflow:Status",
            actions=("demand_transitioned",),
        ),
        AuditDetail(
            "to",
            _("新状态"),
            values="grassroots.demands.workflow:Status",
            actions=("demand_transitioned",),
        ),
        AuditDetail("supervised", _("督办")),
        AuditDetail(
            "mediation",
            _("调解结果"),
            values="grassroots.demands.models:Mediation",
            actions=("demand_transitioned",),
        ),
    ),
    home_panels=(
        HomePanel(
            "demands/_panel.html",
            "grassroots.demands.selectors.workbench:demands_panel",
            permission=VIEW_DEMANDS,
            order=1,
        ),
        HomePanel(
            "demands/_panel_own.html",
            "grassroots.demands.selectors.workbench:own_panel",
            permission=OWN_DEMANDS,
            order=1,
        ),
    ),
    indicators=(
        IndicatorSpec(
            code="demand_response_rate",
            name=_("诉求响应率"),
            unit="percent",
            direction="higher",
            counter="grassroots.demands.indicators:response",
            rows="grassroots.demands.indicators:response_rows",
            order=50,
        ),
        IndicatorSpec(
            code="demand_resolution_rate",
            name=_("诉求解决率"),
            unit="percent",
            direction="higher",
            counter="grassroots.demands.indicators:resolution",
            rows="grassroots.demands.indicators:resolution_rows",
            order=51,
        ),
        IndicatorSpec(
            code="demand_satisfaction_rate",
            name=_("诉求满意率"),
            unit="percent",
            direction="higher",
            counter="grassroots.demands.indicators:satisfaction",
            rows="grassroots.demands.indicators:satisfaction_rows",
            order=52,
        ),
        IndicatorSpec(
            code="mediation_success_rate",
            name=_("矛盾纠纷调解成功率"),
            unit="percent",
            direction="higher",
            counter="grassroots.demands.indicators:mediation",
            rows="grassroots.demands.indicators:mediation_rows",
            order=53,
        ),
    ),
    worker_figures=("grassroots.demands.worker:worker_figures",),
)
