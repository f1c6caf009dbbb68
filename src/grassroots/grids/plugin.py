"""What the grid roster and the building notice boards add (一格多员、亮身份): who serves each
grid, the grids short of a chief, a worker or a party branch, and for every building a notice
naming its party branch, its members and its grid worker, whose QR code opens a public page
where residents send a demand."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role, has_permission
from grassroots.kernel.plugins import (
    NAV_MINE,
    NAV_ORGANISATION,
    AuditDetail,
    AuditTarget,
    HomePanel,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_GRIDS = "grids.view"  # the roster, the check and the notices
MANAGE_GRIDS = "grids.manage"  # appoint and end posts, link buildings to party organisations
MY_GRID = "grids.mine"  # a party member's own grid: who serves it
MY_SCORECARD = "grids.scorecard"  # a grid worker's own scorecard (网格员考核)
WORKER_SCORECARDS = "grids.scorecards"  # every grid worker's scorecard in the unit, and export

AUDIT_WHAT = {
    "grid_post_appointed": _("任命网格岗位"),
    "grid_post_ended": _("网格岗位离任"),
    "building_branch_set": _("设置楼栋党支部"),
    "building_branch_cleared": _("取消楼栋党支部"),
    "member_board_phone_agreed": _("同意公示工作电话"),
    "member_board_phone_withdrawn": _("撤回公示工作电话"),
    "building_notice_boards": _("楼栋亮身份公示牌"),
}

plugin = Plugin(
    name="grids",
    permissions=(
        permission(VIEW_GRIDS, "查看网格力量和楼栋亮身份牌", roles=STAFF),
        permission(MANAGE_GRIDS, "维护网格长、网格员、志愿者、乡贤和楼栋党组织", roles=OFFICE),
        permission(MY_GRID, "党员本人：所在网格的网格长和网格员", roles=[Role.PARTY_MEMBER]),
        permission(MY_SCORECARD, "查看本人的网格员考核", roles=STAFF),
        permission(WORKER_SCORECARDS, "查看和导出所辖网格员考核", roles=OFFICE),
    ),
    urls=(Mount("grids/", include="grassroots.grids.urls"),),
    commands="grassroots.grids.cli",
    demo_seeds="grassroots.grids.demo_seeds",
    scope_samples="grassroots.grids.testing",
    navigation=(
        NavEntry(
            _("网格力量"),
            "grids:list",
            36,
            current=("grids:",),
            permission=VIEW_GRIDS,
            group=NAV_ORGANISATION,
        ),
        NavEntry(
            _("网格员考核"),
            "grids:workers",
            37,
            current=("grids:worker",),
            permission=WORKER_SCORECARDS,
            group=NAV_ORGANISATION,
        ),
        NavEntry(
            _("我的考核"),
            "grids:my_scorecard",
            37,
            current=("grids:my_scorecard",),
            permission=MY_SCORECARD,
            show=lambda user: not has_permission(user, WORKER_SCORECARDS),
            group=NAV_MINE,
        ),
    ),
    home_panels=(
        HomePanel(
            "grids/panel_my_grid.html",
            "grassroots.grids.selectors:my_grid_panel",
            permission=MY_GRID,
            order=40,
        ),
    ),
    audit_details=(
        AuditDetail("what", _("事项"), values="grassroots.grids.plugin:AUDIT_WHAT"),
        AuditDetail("post", _("岗位编号")),
        AuditDetail("building", _("楼栋编号")),
        AuditDetail("party_org", _("党组织编号")),
        AuditDetail("member", _("党员编号")),
        AuditDetail("buildings", _("楼栋数")),
    ),
    audit_targets=(
        AuditTarget("grid", "grassroots.grids.selectors:audit_names"),
        AuditTarget("grid-boards", "grassroots.grids.selectors:audit_names"),
    ),
)
