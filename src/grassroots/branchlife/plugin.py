"""What 三会一课 adds: each party branch's meetings (支部党员大会, 支委会, 党小组会, 党课) with
attendance and minutes, the check of the rule per quarter rolled up the party tree, and on a
party member's home page the meetings of their branch to come and their own attendance."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
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

VIEW_MEETINGS = "branchlife.view"  # a branch's meetings (a member: their own branch's)
RECORD_MEETINGS = "branchlife.record"  # record and correct a meeting, its attendance, minutes
CHECK_COMPLIANCE = "branchlife.compliance"  # which branches kept the rule, per quarter
MEMBER_MEETINGS = "branchlife.mine"  # a member's own meetings on the home page

plugin = Plugin(
    name="branchlife",
    permissions=(
        permission(VIEW_MEETINGS, "查看三会一课", roles=[*STAFF, Role.PARTY_MEMBER]),
        permission(RECORD_MEETINGS, "登记三会一课会议、出席和会议记录", roles=OFFICE),
        permission(CHECK_COMPLIANCE, "查看三会一课落实情况", roles=STAFF),
        permission(MEMBER_MEETINGS, "党员本人：本支部会议和出席情况", roles=[Role.PARTY_MEMBER]),
    ),
    urls=(Mount("branchlife/", include="grassroots.branchlife.urls"),),
    commands="grassroots.branchlife.cli",
    demo_seeds="grassroots.branchlife.demo_seeds",
    scope_samples="grassroots.branchlife.testing",
    navigation=(
        NavEntry(
            _("三会一课"),
            "branchlife:index",
            37,
            current=("branchlife:",),
            permission=VIEW_MEETINGS,
            group=NAV_PARTY,
        ),
    ),
    home_panels=(
        HomePanel(
            "branchlife/_panel.html",
            "grassroots.branchlife.selectors:home_panel",
            permission=MEMBER_MEETINGS,
            order=30,
        ),
        HomePanel(
            "branchlife/_panel_week.html",
            "grassroots.branchlife.selectors:week_panel",
            permission=RECORD_MEETINGS,
            order=4,
        ),
    ),
    audit_actions=(
        ("branch_meeting_recorded", "记录三会一课"),
        ("branch_meeting_changed", "修改三会一课记录"),
    ),
    audit_details=(
        AuditDetail("meeting_id", _("会议编号")),
        AuditDetail("held_on", _("召开日期")),
        AuditDetail(
            "kind",
            _("会议类型"),
            values="grassroots.branchlife.models:MeetingKind",
            actions=("branch_meeting_recorded",),
        ),
        AuditDetail("changes", _("修改内容")),
        AuditDetail("present", _("出席")),
        AuditDetail("absent", _("缺席")),
        AuditDetail("attendance", _("出席情况"), change=True),
        AuditDetail("topic", _("议题")),
        AuditDetail("minutes", _("记录")),
    ),
    indicators=(
        IndicatorSpec(
            code="branch_meeting_compliance_rate",
            name=_("三会一课合规率"),
            unit="percent",
            direction="higher",
            counter="grassroots.branchlife.indicators:meeting_compliance",
            rows="grassroots.branchlife.indicators:compliance_rows",
            order=75,
        ),
    ),
)
