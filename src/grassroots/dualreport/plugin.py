"""What 双报到 adds ("一单一表一卡"): a unit's party organisation reports to a community (报到单),
the community's needs list of service posts (需求表), in-service members reporting where they
live and taking a post, their service records confirmed by the community (服务登记卡), and each
quarter's feedback to the members' work units."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.kernel.plugins import (
    NAV_MINE,
    NAV_PARTY,
    AuditDetail,
    HomePanel,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

MANAGE_DUALREPORT = "dualreport.manage"  # the needs list, confirmations, the quarter's feedback
SERVE_DUALREPORT = "dualreport.serve"  # a member's own report, service records and hours

plugin = Plugin(
    name="dualreport",
    permissions=(
        permission(
            MANAGE_DUALREPORT, "管理双报到：需求表、报到确认、服务登记确认、季度反馈", roles=OFFICE
        ),
        permission(
            SERVE_DUALREPORT, "党员本人：到社区报到、认领岗位、登记服务", roles=[Role.PARTY_MEMBER]
        ),
    ),
    urls=(Mount("dualreport/", include="grassroots.dualreport.urls"),),
    commands="grassroots.dualreport.cli",
    demo_seeds="grassroots.dualreport.demo_seeds",
    scope_samples="grassroots.dualreport.testing",
    navigation=(
        NavEntry(
            _("双报到"),
            "dualreport:index",
            37,
            current=("dualreport:",),
            permission=MANAGE_DUALREPORT,
            group=NAV_PARTY,
        ),
        NavEntry(
            _("我的服务"),
            "dualreport:my",
            38,
            current=("dualreport:my",),
            permission=SERVE_DUALREPORT,
            group=NAV_MINE,
        ),
    ),
    home_panels=(
        HomePanel(
            "dualreport/_panel.html",
            "grassroots.dualreport.selectors:home_panel",
            permission=SERVE_DUALREPORT,
            order=20,
        ),
    ),
    audit_actions=(
        ("dualreport_post_changed", "双报到需求表变更"),
        ("dualreport_unit_report_changed", "单位报到单变更"),
        ("dualreport_report_changed", "党员报到变更"),
        ("dualreport_record_changed", "服务登记变更"),
    ),
    audit_details=(
        AuditDetail("post_id", _("岗位编号")),
        AuditDetail("active", _("启用")),
        AuditDetail("hours", _("服务时长（小时）")),
        AuditDetail("served_on", _("服务日期")),
        AuditDetail("service_record_id", _("服务记录编号")),
        AuditDetail("member_report_id", _("报到编号")),
        AuditDetail("post", _("岗位")),
        AuditDetail("unit_report_id", _("报到单编号")),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.dualreport.models:RecordStatus",
            actions=("dualreport_record_changed",),
            change=True,
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.dualreport.models:ReportStatus",
            actions=("dualreport_report_changed",),
            change=True,
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.dualreport.models:UnitReportStatus",
            actions=("dualreport_unit_report_changed",),
            change=True,
        ),
    ),
)
