"""What micro-wishes add (微心愿): the community posts small wishes of residents in need, a party
member or a paired unit claims and fulfils one with a photo, and the community confirms it."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import (
    NAV_PARTY,
    AuditDetail,
    HomePanel,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_WISHES = "wishes.view"  # the wishes in scope (a member's: open ones and their own claims)
MANAGE_WISHES = "wishes.manage"  # post, confirm or return a fulfilment, cancel
CLAIM_WISHES = "wishes.claim"  # claim a wish and upload the fulfilment photo

plugin = Plugin(
    name="wishes",
    permissions=(
        permission(
            VIEW_WISHES,
            "查看微心愿",
            roles=[*STAFF, Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON],
        ),
        permission(MANAGE_WISHES, "发布、确认、退回、取消微心愿", roles=OFFICE),
        permission(
            CLAIM_WISHES,
            "认领微心愿、上传完成照片",
            roles=[Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON],
        ),
    ),
    urls=(Mount("wishes/", include="grassroots.wishes.urls"),),
    commands="grassroots.wishes.cli",
    demo_seeds="grassroots.wishes.demo_seeds",
    scope_samples="grassroots.wishes.testing",
    navigation=(
        NavEntry(
            _("微心愿"),
            "wishes:list",
            36,
            current=("wishes:",),
            permission=VIEW_WISHES,
            group=NAV_PARTY,
        ),
    ),
    home_panels=(
        HomePanel(
            "wishes/_panel.html",
            "grassroots.wishes.selectors:home_panel",
            permission=CLAIM_WISHES,
            order=30,
        ),
    ),
    audit_actions=(("wish_changed", "微心愿状态变更"),),
    audit_details=(
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.wishes.models:WishStatus",
            actions=("wish_changed",),
            change=True,
        ),
        AuditDetail("wish_id", _("微心愿编号")),
    ),
)
