"""What each role may do, as the apps' plugins declare it, holds for real accounts."""

import pytest

from grassroots.accounts.plugin import MANAGE_ACCOUNTS
from grassroots.api.plugin import USE_API
from grassroots.audit.plugin import VIEW_AUDIT, VIEW_UNATTRIBUTED
from grassroots.branchlife.plugin import (
    CHECK_COMPLIANCE,
    MEMBER_MEETINGS,
    RECORD_MEETINGS,
    VIEW_MEETINGS,
)
from grassroots.cadres.plugin import MANAGE_CADRES, VIEW_CADRES
from grassroots.councils.plugin import MANAGE_COUNCILS, READ_CONVENTIONS, VIEW_COUNCILS
from grassroots.demands.plugin import MANAGE_DEMANDS, OWN_DEMANDS, RECORD_DEMANDS, VIEW_DEMANDS
from grassroots.dualreport.plugin import MANAGE_DUALREPORT, SERVE_DUALREPORT
from grassroots.grids.plugin import (
    MANAGE_GRIDS,
    MY_GRID,
    MY_SCORECARD,
    VIEW_GRIDS,
    WORKER_SCORECARDS,
)
from grassroots.indicators.plugin import VIEW_INDICATORS
from grassroots.kernel.permissions import (
    Role,
    all_permissions,
    has_permission,
    role_permissions,
)
from grassroots.members.plugin import MANAGE_MEMBERS, MEMBER_SELF, VIEW_MEMBERS
from grassroots.org.plugin import MANAGE_ORG, VIEW_ORG
from grassroots.owners.plugin import MANAGE_OWNERS, RECORD_BALLOTS, VIEW_OWNERS
from grassroots.pairing.plugin import MANAGE_PAIRING, RECORD_PROGRESS, VIEW_PAIRING
from grassroots.people.plugin import MANAGE_PEOPLE, VIEW_PEOPLE, VIEW_PERSONAL_DATA
from grassroots.registry.plugin import (
    EXPORT_REGISTRY,
    IMPORT_REGISTRY,
    MANAGE_REGISTRY,
    VIEW_REGISTRY,
)
from grassroots.rentals.plugin import MANAGE_RENTALS, RECORD_RENTALS, VIEW_RENTALS
from grassroots.site.plugin import OPERATE_SYSTEM
from grassroots.surveys.plugin import MANAGE_SURVEYS, RECORD_SURVEYS, VIEW_SURVEYS
from grassroots.sweeps.plugin import MANAGE_SWEEPS, RECORD_SWEEP
from grassroots.training.plugin import MANAGE_TRAINING, VIEW_TRAINING
from grassroots.wishes.plugin import CLAIM_WISHES, MANAGE_WISHES, VIEW_WISHES

DEMANDS = {VIEW_DEMANDS, RECORD_DEMANDS}
DEMANDS_LEAD = DEMANDS | {MANAGE_DEMANDS}
BASE = {
    Role.DISTRICT_ADMIN: {
        VIEW_ORG,
        MANAGE_ORG,
        VIEW_PEOPLE,
        MANAGE_PEOPLE,
        VIEW_PERSONAL_DATA,
        MANAGE_ACCOUNTS,
        VIEW_AUDIT,
        USE_API,
        VIEW_TRAINING,
        MANAGE_TRAINING,
    },
    Role.STREET_STAFF: {
        VIEW_ORG,
        VIEW_PEOPLE,
        MANAGE_PEOPLE,
        VIEW_PERSONAL_DATA,
        USE_API,
        VIEW_TRAINING,
        MANAGE_TRAINING,
    },
    Role.COMMUNITY_SECRETARY: {
        VIEW_ORG,
        VIEW_PEOPLE,
        MANAGE_PEOPLE,
        VIEW_PERSONAL_DATA,
        USE_API,
        VIEW_TRAINING,
    },
    Role.GRID_WORKER: {VIEW_ORG, VIEW_PEOPLE, USE_API},
    Role.PAIRED_UNIT_LIAISON: {VIEW_ORG, USE_API},
    Role.PARTY_MEMBER: {VIEW_ORG},
    Role.RESIDENT: {VIEW_ORG},
    Role.OWNERS_COMMITTEE: {VIEW_ORG},
}
EXTRA = {
    Role.DISTRICT_ADMIN: DEMANDS_LEAD,
    Role.STREET_STAFF: DEMANDS_LEAD,
    Role.COMMUNITY_SECRETARY: DEMANDS_LEAD,
    Role.GRID_WORKER: DEMANDS,
    Role.PAIRED_UNIT_LIAISON: DEMANDS,
}
EXPECTED = {role: perms | EXTRA.get(role, set()) for role, perms in BASE.items()}
# The registry: every staff role keeps it door to door; the offices above the grid also load
# and export it and run the sweep campaigns.
REGISTRY_WORK = {VIEW_REGISTRY, MANAGE_REGISTRY, RECORD_SWEEP}
REGISTRY_OFFICE = {IMPORT_REGISTRY, EXPORT_REGISTRY, MANAGE_SWEEPS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= REGISTRY_WORK | REGISTRY_OFFICE
EXPECTED[Role.GRID_WORKER] |= REGISTRY_WORK
# Two-committee cadres (两委): the department and the streets keep the rosters, secretaries read.
EXPECTED[Role.DISTRICT_ADMIN] |= {VIEW_CADRES, MANAGE_CADRES}
EXPECTED[Role.STREET_STAFF] |= {VIEW_CADRES, MANAGE_CADRES}
EXPECTED[Role.COMMUNITY_SECRETARY] |= {VIEW_CADRES}
# Pairing (结对共建): the offices keep agreements and pledges and confirm close-outs; a paired
# unit's liaison sees its own unit's pairings and records progress, never closes.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {VIEW_PAIRING, MANAGE_PAIRING, RECORD_PROGRESS}
EXPECTED[Role.PAIRED_UNIT_LIAISON] |= {VIEW_PAIRING, RECORD_PROGRESS}
# The group-rental campaign (群租房整治): every staff role sees and records its cases door to
# door; the offices above the grid open campaigns.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_RENTALS, RECORD_RENTALS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_RENTALS}
# Party members at work (党员作用发挥): staff see the roster and 一联十, the offices keep them; a
# party member works on their own households.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_MEMBERS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_MEMBERS}
EXPECTED[Role.PARTY_MEMBER] |= {MEMBER_SELF}
# 三会一课: staff see the meetings and their compliance, the offices record them; a member sees
# their own branch's meetings.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_MEETINGS, CHECK_COMPLIANCE}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {RECORD_MEETINGS}
EXPECTED[Role.PARTY_MEMBER] |= {VIEW_MEETINGS, MEMBER_MEETINGS}
# 微心愿: the offices post and confirm; members and paired units claim and fulfil.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_WISHES}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_WISHES}
for _role in (Role.PARTY_MEMBER, Role.PAIRED_UNIT_LIAISON):
    EXPECTED[_role] |= {VIEW_WISHES, CLAIM_WISHES}

# Results (考核指标): every staff role reads the indicators of its part of the tree (a grid
# worker their grid's) and their own scorecard; the offices read their grid workers'.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_INDICATORS, MY_SCORECARD}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {WORKER_SCORECARDS}
# 满意度测评: staff see the surveys and record the calls; the offices draw and run them.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_SURVEYS, RECORD_SURVEYS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_SURVEYS}

# 一格多员 and 亮身份: staff see each grid's people and the notices, the offices appoint; a
# member sees who serves their own grid.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_GRIDS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_GRIDS}
EXPECTED[Role.PARTY_MEMBER] |= {MY_GRID}

# 双报到: the offices keep the needs list, confirm reports and services and feed the quarter
# back; a member reports and logs their own service.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_DUALREPORT}
EXPECTED[Role.PARTY_MEMBER] |= {SERVE_DUALREPORT}

# 民情诉求: a resident reports for their own household and follows their own demands.
EXPECTED[Role.RESIDENT] |= {OWN_DEMANDS}
STAFF_ROLES = (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER)
# 三方共治: the offices run meetings and decisions and record votes; everyone else reads the
# conventions in force in their own community.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {VIEW_COUNCILS, MANAGE_COUNCILS}
for _role in (*STAFF_ROLES, Role.PARTY_MEMBER, Role.RESIDENT, Role.PAIRED_UNIT_LIAISON):
    EXPECTED[_role] |= {READ_CONVENTIONS}
# 业主共治: staff see the estates' bodies and votes and enter paper ballots; the offices import
# owners, open and close votes; an owners' committee member reads their own estate's.
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER):
    EXPECTED[_role] |= {VIEW_OWNERS, RECORD_BALLOTS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= {MANAGE_OWNERS}
EXPECTED[Role.OWNERS_COMMITTEE] |= {VIEW_OWNERS}
# 三权分立: each separated administrator holds its own part and nothing of the daily work.
EXPECTED[Role.SYSTEM_ADMIN] = {OPERATE_SYSTEM}
EXPECTED[Role.SECURITY_ADMIN] = {MANAGE_ACCOUNTS}
EXPECTED[Role.AUDIT_ADMIN] = {VIEW_AUDIT, VIEW_UNATTRIBUTED}


def test_every_role_is_declared_with_its_permissions():
    assert set(role_permissions()) == set(Role)
    for role, perms in role_permissions().items():
        assert perms <= all_permissions(), role


@pytest.mark.parametrize("role", list(Role))
def test_an_account_holds_exactly_the_permissions_of_its_role(personas, role):
    account = personas[role]
    granted = {p for p in all_permissions() if has_permission(account, p)}
    assert granted == EXPECTED[role]


def test_only_the_audit_and_district_administrators_read_the_audit_log(personas):
    readers = {role for role, account in personas.items() if has_permission(account, VIEW_AUDIT)}
    assert readers == {Role.DISTRICT_ADMIN, Role.AUDIT_ADMIN}


def test_an_inactive_account_may_do_nothing(personas):
    account = personas[Role.DISTRICT_ADMIN]
    account.is_active = False
    assert not any(has_permission(account, p) for p in all_permissions())


def test_an_operator_may_do_everything(db):
    from grassroots.accounts.models import Account

    operator = Account.objects.create_superuser("root-op", password="Op-pass-2026")
    assert all(has_permission(operator, p) for p in all_permissions())
