"""What three-party co-governance adds (三方共治): joint meetings and residents' councils
(三方联席会议、居民议事会、小院议事厅) with their parties, agenda, minutes and decisions
closed out on the shared ledger, and the conventions (居民公约、村规民约、管理规约) whose
versions are adopted by a recorded vote."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role, has_permission
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    NAV_MINE,
    HomePanel,
    Listener,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_COUNCILS = "councils.view"  # meetings, decisions, conventions of the scope
MANAGE_COUNCILS = "councils.manage"  # hold meetings, record decisions and votes, close out
READ_CONVENTIONS = "councils.conventions"  # the conventions in force in one's own community

plugin = Plugin(
    name="councils",
    permissions=(
        permission(VIEW_COUNCILS, "查看议事协商和公约", roles=OFFICE),
        permission(MANAGE_COUNCILS, "召开议事会议、记录决议和表决、确认决议销号", roles=OFFICE),
        permission(
            READ_CONVENTIONS,
            "查阅本社区现行公约",
            roles=[*STAFF, Role.PARTY_MEMBER, Role.RESIDENT, Role.PAIRED_UNIT_LIAISON],
        ),
    ),
    urls=(Mount("councils/", include="grassroots.councils.urls"),),
    api_routers=("grassroots.councils.api:router",),
    commands="grassroots.councils.cli",
    demo_seeds="grassroots.councils.demo_seeds",
    scope_samples="grassroots.councils.testing",
    navigation=(
        NavEntry(
            _("议事协商"),
            "councils:list",
            77,
            current=("councils:",),
            permission=VIEW_COUNCILS,
            group=NAV_GOVERNANCE,
        ),
        NavEntry(
            _("公约"),
            "councils:conventions",
            78,
            current=("councils:convention",),
            show=lambda user: reads_only(user),
            group=NAV_MINE,
        ),
    ),
    home_panels=(
        HomePanel(
            "councils/_panel.html",
            "grassroots.councils.workbench:councils_panel",
            permission=MANAGE_COUNCILS,
            order=4,
        ),
    ),
    listeners=(Listener("owners.vote_closed", "grassroots.councils.listeners:adopt_by_vote"),),
    audit_actions=(
        ("council_meeting_changed", "议事会议变更"),
        ("council_decision_changed", "决议事项变更"),
        ("council_decision_progress", "填报决议进度"),
        ("convention_changed", "公约变更"),
    ),
)


def reads_only(user: object) -> bool:
    """The conventions link for those who read them but hold no office (the offices reach them
    from 议事协商)."""
    return has_permission(user, READ_CONVENTIONS) and not has_permission(user, VIEW_COUNCILS)
