"""What pairing co-construction adds (结对共建): paired county units and their communities,
their agreements and pledges, the board of pledges, and the liaison's view of its own unit."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.kernel.plugins import (
    NAV_PARTY,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_PAIRING = "pairing.view"  # the pairings, agreements, pledges and their progress
MANAGE_PAIRING = "pairing.manage"  # agreements, pledges, confirming a close-out, reopening
RECORD_PROGRESS = "pairing.progress"  # a pledge's progress and evidence

plugin = Plugin(
    name="pairing",
    permissions=(
        permission(VIEW_PAIRING, "查看结对共建", roles=[*OFFICE, Role.PAIRED_UNIT_LIAISON]),
        permission(MANAGE_PAIRING, "管理共建协议和承诺事项、确认销号", roles=OFFICE),
        permission(
            RECORD_PROGRESS, "填报承诺事项进度和佐证", roles=[*OFFICE, Role.PAIRED_UNIT_LIAISON]
        ),
    ),
    urls=(Mount("pairing/", include="grassroots.pairing.urls"),),
    api_routers=("grassroots.pairing.api:router",),
    commands="grassroots.pairing.cli",
    demo_seeds="grassroots.pairing.demo_seeds",
    scope_samples="grassroots.pairing.testing",
    navigation=(
        NavEntry(
            _("结对共建"),
            "pairing:list",
            75,
            current=("pairing:",),
            permission=VIEW_PAIRING,
            group=NAV_PARTY,
        ),
    ),
    audit_details=(
        AuditDetail("agreement_id", _("协议编号")),
        AuditDetail("signed_on", _("签订日期")),
        AuditDetail("pairing_problem_id", _("问题编号")),
        AuditDetail("finding_id", _("调研发现编号")),
        AuditDetail("pairing_task_id", _("任务编号")),
        AuditDetail("pairing_visit_id", _("走访编号")),
        AuditDetail("pledge_id", _("承诺事项编号")),
        AuditDetail("findings", _("发现问题数")),
        AuditDetail(
            "source",
            _("来源"),
            values="grassroots.pairing.models:ProblemSource",
            actions=("pairing_problem_added",),
        ),
        AuditDetail(
            "kind",
            _("走访类型"),
            values="grassroots.pairing.models:VisitKind",
            actions=("pairing_visit_recorded",),
        ),
        AuditDetail(
            "answer",
            _("评价"),
            values="grassroots.pairing.models:Answer",
            actions=("pairing_visit_answered",),
            change=True,
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.pairing.models:PledgeStatus",
            actions=("pledge_changed", "pairing_task_changed"),
            change=True,
        ),
    ),
    home_panels=(
        HomePanel(
            "pairing/_panel.html",
            "grassroots.pairing.selectors.workbench:pairing_panel",
            permission=VIEW_PAIRING,
            order=3,
        ),
    ),
    indicators=(
        IndicatorSpec(
            code="pledge_completion_rate",
            name=_("结对承诺事项完成率"),
            unit="percent",
            direction="higher",
            counter="grassroots.pairing.indicators:pledge_completion",
            rows="grassroots.pairing.indicators:pledge_rows",
            order=80,
        ),
    ),
)
