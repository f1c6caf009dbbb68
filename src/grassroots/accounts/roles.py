"""Roles and what each may do, declared in this one place (角色与权限).

A permission is a plain string named for what it allows. Views, API and commands ask
``has_permission(user, "...")``; nothing else decides who may do what. Data scope (which rows)
is separate: it always comes from the account's org node through ``visible_to``.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区(县)管理员"
    STREET_STAFF = "street_staff", "街道干部"
    COMMUNITY_SECRETARY = "community_secretary", "社区(村)党组织书记"
    GRID_WORKER = "grid_worker", "网格员"
    PAIRED_UNIT_LIAISON = "paired_unit_liaison", "结对单位联络员"
    PARTY_MEMBER = "party_member", "党员"
    RESIDENT = "resident", "居民"


class Perm:
    """Permission names. Later modules add theirs to PERMISSIONS below."""

    VIEW_ORG = "org.view"
    MANAGE_ORG = "org.manage"
    VIEW_PEOPLE = "people.view"
    MANAGE_PEOPLE = "people.manage"
    VIEW_PERSONAL_DATA = "people.view_personal_data"  # unmasked ID numbers and phones
    MANAGE_ACCOUNTS = "accounts.manage"
    VIEW_AUDIT = "audit.view"
    USE_API = "api.use"
    # Registry and building sweeps (人口房屋、扫楼)
    VIEW_REGISTRY = "registry.view"
    MANAGE_REGISTRY = "registry.manage"  # register, change and move residents; room use
    IMPORT_REGISTRY = "registry.import"
    EXPORT_REGISTRY = "registry.export"
    RECORD_SWEEP = "sweeps.record"  # record door-to-door visits
    MANAGE_SWEEPS = "sweeps.manage"  # campaigns, hazards' rectification, data quality
    # Training classes (培训班)
    VIEW_TRAINING = "training.view"  # classes, attendance, feedback, briefs
    MANAGE_TRAINING = "training.manage"  # run a class: sessions, roster, speeches, briefs
    # Two-committee cadres (两委)
    VIEW_CADRES = "cadres.view"  # two-committee rosters and the composition report
    MANAGE_CADRES = "cadres.manage"  # import rosters, record resignations and by-elections
    # Residents' demands (民情诉求)
    VIEW_DEMANDS = "demands.view"  # the lists, a demand's page, the rates
    RECORD_DEMANDS = "demands.record"  # record a demand, move it on (the workflow says which)
    MANAGE_DEMANDS = "demands.manage"  # supervise, import from 12345, export the lists


_STAFF = {
    Perm.VIEW_ORG,
    Perm.VIEW_PEOPLE,
    Perm.USE_API,
    Perm.VIEW_REGISTRY,
    Perm.MANAGE_REGISTRY,
    Perm.RECORD_SWEEP,
}
_REGISTRY_OFFICE = {Perm.IMPORT_REGISTRY, Perm.EXPORT_REGISTRY, Perm.MANAGE_SWEEPS}
_DEMANDS = {Perm.VIEW_DEMANDS, Perm.RECORD_DEMANDS}
_DEMANDS_LEAD = _DEMANDS | {Perm.MANAGE_DEMANDS}

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_ADMIN: frozenset(
        _STAFF
        | {
            Perm.MANAGE_ORG,
            Perm.MANAGE_PEOPLE,
            Perm.VIEW_PERSONAL_DATA,
            Perm.MANAGE_ACCOUNTS,
            Perm.VIEW_AUDIT,
            *_REGISTRY_OFFICE,
            Perm.VIEW_TRAINING,
            Perm.MANAGE_TRAINING,
            Perm.VIEW_CADRES,
            Perm.MANAGE_CADRES,
            *_DEMANDS_LEAD,
        }
    ),
    Role.STREET_STAFF: frozenset(
        _STAFF
        | _REGISTRY_OFFICE
        | _DEMANDS_LEAD
        | {
            Perm.MANAGE_PEOPLE,
            Perm.VIEW_PERSONAL_DATA,
            Perm.VIEW_TRAINING,
            Perm.MANAGE_TRAINING,
            Perm.VIEW_CADRES,
            Perm.MANAGE_CADRES,
        }
    ),
    Role.COMMUNITY_SECRETARY: frozenset(
        _STAFF
        | _REGISTRY_OFFICE
        | _DEMANDS_LEAD
        | {Perm.MANAGE_PEOPLE, Perm.VIEW_PERSONAL_DATA, Perm.VIEW_TRAINING, Perm.VIEW_CADRES}
    ),
    Role.GRID_WORKER: frozenset(_STAFF | _DEMANDS),
    Role.PAIRED_UNIT_LIAISON: frozenset({Perm.VIEW_ORG, Perm.USE_API, *_DEMANDS}),
    Role.PARTY_MEMBER: frozenset({Perm.VIEW_ORG}),
    Role.RESIDENT: frozenset({Perm.VIEW_ORG}),
}

# The level of the org tree an account of each role normally belongs to.
HOME_LEVEL: dict[str, str] = {
    Role.DISTRICT_ADMIN: "district",
    Role.STREET_STAFF: "street",
    Role.COMMUNITY_SECRETARY: "community",
    Role.GRID_WORKER: "grid",
    Role.PAIRED_UNIT_LIAISON: "community",
    Role.PARTY_MEMBER: "grid",
    Role.RESIDENT: "grid",
}


def permissions_of(roles: list[str] | tuple[str, ...] | set[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def has_permission(user: Any, permission: str) -> bool:
    """True if the user's roles grant ``permission`` (operators hold every permission)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return permission in permissions_of(user.role_codes)


def all_permissions() -> frozenset[str]:
    return frozenset(v for k, v in vars(Perm).items() if not k.startswith("_"))
