"""What each role may do, as declared in accounts/roles.py, holds for real accounts."""

import pytest

from grassroots.accounts.roles import PERMISSIONS, Perm, Role, all_permissions, has_permission

DEMANDS = {Perm.VIEW_DEMANDS, Perm.RECORD_DEMANDS}
DEMANDS_LEAD = DEMANDS | {Perm.MANAGE_DEMANDS}
BASE = {
    Role.DISTRICT_ADMIN: {
        Perm.VIEW_ORG,
        Perm.MANAGE_ORG,
        Perm.VIEW_PEOPLE,
        Perm.MANAGE_PEOPLE,
        Perm.VIEW_PERSONAL_DATA,
        Perm.MANAGE_ACCOUNTS,
        Perm.VIEW_AUDIT,
        Perm.USE_API,
        Perm.VIEW_TRAINING,
        Perm.MANAGE_TRAINING,
    },
    Role.STREET_STAFF: {
        Perm.VIEW_ORG,
        Perm.VIEW_PEOPLE,
        Perm.MANAGE_PEOPLE,
        Perm.VIEW_PERSONAL_DATA,
        Perm.USE_API,
        Perm.VIEW_TRAINING,
        Perm.MANAGE_TRAINING,
    },
    Role.COMMUNITY_SECRETARY: {
        Perm.VIEW_ORG,
        Perm.VIEW_PEOPLE,
        Perm.MANAGE_PEOPLE,
        Perm.VIEW_PERSONAL_DATA,
        Perm.USE_API,
        Perm.VIEW_TRAINING,
    },
    Role.GRID_WORKER: {Perm.VIEW_ORG, Perm.VIEW_PEOPLE, Perm.USE_API},
    Role.PAIRED_UNIT_LIAISON: {Perm.VIEW_ORG, Perm.USE_API},
    Role.PARTY_MEMBER: {Perm.VIEW_ORG},
    Role.RESIDENT: {Perm.VIEW_ORG},
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
REGISTRY_WORK = {Perm.VIEW_REGISTRY, Perm.MANAGE_REGISTRY, Perm.RECORD_SWEEP}
REGISTRY_OFFICE = {Perm.IMPORT_REGISTRY, Perm.EXPORT_REGISTRY, Perm.MANAGE_SWEEPS}
for _role in (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
    EXPECTED[_role] |= REGISTRY_WORK | REGISTRY_OFFICE
EXPECTED[Role.GRID_WORKER] |= REGISTRY_WORK
# Two-committee cadres (两委): the department and the streets keep the rosters, secretaries read.
EXPECTED[Role.DISTRICT_ADMIN] |= {Perm.VIEW_CADRES, Perm.MANAGE_CADRES}
EXPECTED[Role.STREET_STAFF] |= {Perm.VIEW_CADRES, Perm.MANAGE_CADRES}
EXPECTED[Role.COMMUNITY_SECRETARY] |= {Perm.VIEW_CADRES}


def test_every_role_is_declared_with_its_permissions():
    assert set(PERMISSIONS) == set(Role)
    for role, perms in PERMISSIONS.items():
        assert perms <= all_permissions(), role


@pytest.mark.parametrize("role", list(Role))
def test_an_account_holds_exactly_the_permissions_of_its_role(personas, role):
    account = personas[role]
    granted = {p for p in all_permissions() if has_permission(account, p)}
    assert granted == EXPECTED[role]


def test_only_the_district_administrator_reads_the_audit_log(personas):
    readers = {
        role for role, account in personas.items() if has_permission(account, Perm.VIEW_AUDIT)
    }
    assert readers == {Role.DISTRICT_ADMIN}


def test_an_inactive_account_may_do_nothing(personas):
    account = personas[Role.DISTRICT_ADMIN]
    account.is_active = False
    assert not any(has_permission(account, p) for p in all_permissions())


def test_an_operator_may_do_everything(db):
    from grassroots.accounts.models import Account

    operator = Account.objects.create_superuser("root-op", password="Op-pass-2026")
    assert all(has_permission(operator, p) for p in all_permissions())
