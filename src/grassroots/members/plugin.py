"""What party members at work add (党员作用发挥): the member roster, 一联十 (each member keeps in
touch with about ten households), and the member's own page on the phone."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import (
    NAV_MINE,
    NAV_PARTY,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_MEMBERS = "members.view"  # the roster, the links and the coverage
MANAGE_MEMBERS = "members.manage"  # import the roster, assign households, set the target
MEMBER_SELF = "members.self"  # a member's own households and contacts (我的联系户)

plugin = Plugin(
    name="members",
    personal_data="grassroots.members.personal:personal_data",
    permissions=(
        permission(VIEW_MEMBERS, "查看党员和一联十", roles=STAFF),
        permission(MANAGE_MEMBERS, "维护党员名册、分配联系户", roles=OFFICE),
        permission(MEMBER_SELF, "党员本人：联系户和联系记录", roles=[Role.PARTY_MEMBER]),
    ),
    urls=(Mount("members/", include="grassroots.members.urls"),),
    commands="grassroots.members.cli",
    scope_samples="grassroots.members.testing",
    demo_seeds="grassroots.members.demo_seeds",
    navigation=(
        NavEntry(
            _("党员"),
            "members:list",
            35,
            current=("members:",),
            permission=VIEW_MEMBERS,
            group=NAV_PARTY,
        ),
        NavEntry(
            _("一联十"),
            "members:links",
            36,
            current=("members:links",),
            permission=MANAGE_MEMBERS,
            group=NAV_PARTY,
        ),
        NavEntry(
            _("我的联系户"),
            "members:mine",
            36,
            current=("members:mine",),
            permission=MEMBER_SELF,
            group=NAV_MINE,
        ),
    ),
    home_panels=(
        HomePanel(
            "members/_panel_mine.html",
            "grassroots.members.selectors.mine:panel",
            permission=MEMBER_SELF,
            order=10,
        ),
    ),
    audit_actions=(
        ("member_contact_recorded", "记录党员联系"),
        ("member_contact_noted", "补记党员联系情况"),
        ("member_contact_raised", "党员联系转为诉求"),
        ("member_household_linked", "分配联系户"),
        ("member_household_unlinked", "解除联系户"),
        ("member_link_suggestion_accepted", "接受联系户分配建议"),
        ("member_link_target_changed", "修改每名党员联系户数"),
    ),
    audit_details=(
        AuditDetail("contact_id", _("联系记录编号")),
        AuditDetail("household_id", _("户编号")),
        AuditDetail("member_id", _("党员编号")),
        AuditDetail("link_id", _("联系户编号")),
        AuditDetail(
            "kind",
            _("联系方式"),
            values="grassroots.members.models:ContactKind",
            actions=("member_contact_recorded",),
        ),
        AuditDetail("note", _("联系情况"), actions=("member_contact_noted",), change=True),
        AuditDetail(
            "member",
            _("党员编号"),
            actions=("member_household_linked", "member_household_unlinked"),
            change=True,
        ),
        AuditDetail("links", _("分配的联系户")),
        AuditDetail("skipped", _("跳过")),
        AuditDetail("households", _("每名党员联系户数"), change=True),
    ),
    indicators=(
        IndicatorSpec(
            code="household_linkage_rate",
            name=_("一联十覆盖率"),
            unit="percent",
            direction="higher",
            counter="grassroots.members.indicators:household_linkage",
            rows="grassroots.members.indicators:linkage_rows",
            order=70,
        ),
    ),
)
