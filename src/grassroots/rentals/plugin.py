"""What the group-rental campaign adds (群租房整治, 五个一批): campaigns over an area, one case
per group-rental room, the five methods recorded until the room is rectified, and the report."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Listener,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_RENTALS = "rentals.view"  # campaigns, cases and the report
RECORD_RENTALS = "rentals.record"  # record an action on a case (grid workers included)
MANAGE_RENTALS = "rentals.manage"  # open campaigns

plugin = Plugin(
    name="rentals",
    permissions=(
        permission(VIEW_RENTALS, "查看群租房整治", roles=STAFF),
        permission(RECORD_RENTALS, "记录群租房整治措施", roles=STAFF),
        permission(MANAGE_RENTALS, "开展群租房整治行动", roles=OFFICE),
    ),
    urls=(Mount("rentals/", include="grassroots.rentals.urls"),),
    api_routers=("grassroots.rentals.api:router",),
    commands="grassroots.rentals.cli",
    demo_seeds="grassroots.rentals.demo_seeds",
    scope_samples="grassroots.rentals.testing",
    navigation=(
        NavEntry(
            _("群租房整治"),
            "rentals:list",
            55,
            current=("rentals:",),
            permission=VIEW_RENTALS,
            group=NAV_GOVERNANCE,
        ),
    ),
    home_panels=(
        HomePanel(
            "rentals/_panel.html",
            "grassroots.rentals.selectors:rentals_panel",
            permission=VIEW_RENTALS,
            order=5,
        ),
    ),
    listeners=(
        # A sweep or an edit sets a room to 群租房: a running campaign opens a case, or a
        # rectified case goes back (反弹).
        Listener("registry.room_use_changed", "grassroots.rentals.services:room_use_changed"),
    ),
    audit_details=(
        AuditDetail("method", _("整治措施"), values="grassroots.rentals.choices:Method"),
        AuditDetail("result", _("措施结果"), values="grassroots.rentals.choices:Outcome"),
        AuditDetail(
            "kind",
            _("变化"),
            values="grassroots.rentals.choices:ChangeKind",
            actions=("rental_case_changed",),
        ),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.rentals.choices:CaseStatus",
            actions=("rental_case_changed",),
            change=True,
        ),
        AuditDetail("case_id", _("整治对象编号")),
        AuditDetail("cases", _("整治对象数")),
        AuditDetail("starts_on", _("开始日期")),
        AuditDetail("ends_on", _("结束日期")),
    ),
    indicators=(
        IndicatorSpec(
            code="group_rental_rectification_rate",
            name=_("群租房整改率"),
            unit="percent",
            direction="higher",
            counter="grassroots.rentals.indicators:group_rental_rectification",
            rows="grassroots.rentals.indicators:group_rental_rows",
            order=10,
        ),
    ),
)
