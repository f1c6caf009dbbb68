"""What pairing co-construction adds (结对共建): paired county units and their communities,
their agreements and pledges, the board of pledges, and the liaison's view of its own unit."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.kernel.plugins import NAV_PARTY, Mount, NavEntry, Plugin, permission

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
)
