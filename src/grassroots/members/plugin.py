"""What party members at work add (党员作用发挥): the member roster, 一联十 (each member keeps in
touch with about ten households), and the member's own page on the phone."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import Mount, NavEntry, Plugin, permission

VIEW_MEMBERS = "members.view"  # the roster, the links and the coverage
MANAGE_MEMBERS = "members.manage"  # import the roster, assign households, set the target
MEMBER_SELF = "members.self"  # a member's own households and contacts (我的联系户)

plugin = Plugin(
    name="members",
    permissions=(
        permission(VIEW_MEMBERS, "查看党员和一联十", roles=STAFF),
        permission(MANAGE_MEMBERS, "维护党员名册、分配联系户", roles=OFFICE),
        permission(MEMBER_SELF, "党员本人：联系户和联系记录", roles=[Role.PARTY_MEMBER]),
    ),
    urls=(Mount("members/", include="grassroots.members.urls"),),
    commands="grassroots.members.cli",
    scope_samples="grassroots.members.testing",
    navigation=(
        NavEntry(_("党员"), "members:list", 35, current=("members:",), permission=VIEW_MEMBERS),
        NavEntry(
            _("一联十"),
            "members:links",
            36,
            current=("members:links",),
            permission=MANAGE_MEMBERS,
        ),
    ),
)
