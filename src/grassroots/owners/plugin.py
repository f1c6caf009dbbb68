"""What owners' co-governance adds (业主共治): each estate's property company and owners'
committee, rooms' exclusive areas and owners, and owners' votes counted by the law (民法典第
二百七十八条, 法释〔2009〕7号第八条、第九条), on paper ballots or online by a one-time link.

Events it emits: ``owners.vote_closed`` with ``vote_id`` (int) and ``passed`` (bool), inside
the transaction that closes the vote (``services.close_vote``).
"""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    AuditDetail,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_OWNERS = "owners.view"  # estates' bodies, owners (masked), votes and tallies
RECORD_BALLOTS = "owners.ballots"  # enter paper ballots, print the owners' ballots
MANAGE_OWNERS = "owners.manage"  # import owners and areas, open and close votes, set bodies

plugin = Plugin(
    name="owners",
    permissions=(
        permission(VIEW_OWNERS, "查看业主共治和业主表决", roles=[*STAFF, Role.OWNERS_COMMITTEE]),
        permission(RECORD_BALLOTS, "录入业主纸质表决票", roles=STAFF),
        permission(MANAGE_OWNERS, "管理业主信息、物业、业委会和业主表决", roles=OFFICE),
    ),
    urls=(Mount("owners/", include="grassroots.owners.urls"),),
    api_routers=("grassroots.owners.api:router", "grassroots.owners.api:public_router"),
    commands="grassroots.owners.cli",
    demo_seeds="grassroots.owners.demo_seeds",
    scope_samples="grassroots.owners.testing",
    navigation=(
        NavEntry(
            _("业主表决"),
            "owners:votes",
            57,
            current=("owners:",),
            permission=VIEW_OWNERS,
            group=NAV_GOVERNANCE,
        ),
    ),
    audit_details=(
        AuditDetail("vote_id", _("表决编号")),
        AuditDetail("estate_id", _("小区编号")),
        AuditDetail("opinion", _("表决意见"), values="grassroots.owners.choices:Opinion"),
        AuditDetail("passed", _("是否通过")),
    ),
    audit_actions=(
        ("owners_vote_opened", "发起业主表决"),
        ("owners_vote_closed", "业主表决结束"),
        ("owners_ballot_entered", "录入业主表决票"),
        ("owners_ballot_online", "业主扫码表决"),
        ("owners_imported", "导入业主和专有部分面积"),
        ("owners_ballots_imported", "导入业主表决票"),
        ("owners_estate_bodies_changed", "登记物业服务企业或业主委员会"),
    ),
)
