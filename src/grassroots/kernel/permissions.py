"""Roles, and who may do what (角色与权限), collected from every app's plugin.

A permission is a plain string named for what it allows (``"registry.view"``). Each app declares
its own in its ``plugin.py``, with the roles granted it; this module only puts the table
together. Views, API and commands ask ``has_permission(user, ...)``; nothing else decides who
may do what. Data scope (which rows) is separate: it always comes from the account's org node
through ``visible_to``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models

from grassroots.kernel.plugins import Permission, installed_plugins


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区(县)管理员"
    STREET_STAFF = "street_staff", "街道干部"
    COMMUNITY_SECRETARY = "community_secretary", "社区(村)党组织书记"
    GRID_WORKER = "grid_worker", "网格员"
    PAIRED_UNIT_LIAISON = "paired_unit_liaison", "结对单位联络员"
    PARTY_MEMBER = "party_member", "党员"
    RESIDENT = "resident", "居民"
    OWNERS_COMMITTEE = "owners_committee", "业委会成员"
    # The three separated administrators (三权分立, 等保 8.1.4.2): each runs one part of the
    # system and none of them does daily work or reads personal data.
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# The separated administrators: one account holds at most one of them, and no daily-work role
# beside it (accounts.services.check_roles).
ADMINISTRATORS = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Groups of roles that plugins grant permissions to.
OFFICE = (Role.DISTRICT_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY)
STAFF = (*OFFICE, Role.GRID_WORKER)
# Every daily-work role; the administrators get only what their own part declares for them.
EVERYONE = tuple(r for r in Role if r not in ADMINISTRATORS)

# The level of the org tree an account of each role normally belongs to.
HOME_LEVEL: dict[str, str] = {
    Role.DISTRICT_ADMIN: "district",
    Role.STREET_STAFF: "street",
    Role.COMMUNITY_SECRETARY: "community",
    Role.GRID_WORKER: "grid",
    Role.PAIRED_UNIT_LIAISON: "community",
    Role.PARTY_MEMBER: "grid",
    Role.RESIDENT: "grid",
    # An owners' committee member sits on their estate's grid and sees that estate only.
    Role.OWNERS_COMMITTEE: "grid",
    Role.SYSTEM_ADMIN: "district",
    Role.SECURITY_ADMIN: "district",
    Role.AUDIT_ADMIN: "district",
}


def declared_permissions() -> tuple[Permission, ...]:
    """Every permission the installed apps declare, in app order."""
    return tuple(p for plugin in installed_plugins() for p in plugin.permissions)


@cache
def _table(declared: tuple[Permission, ...]) -> dict[str, frozenset[str]]:
    codes = [p.code for p in declared]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"permissions declared twice: {', '.join(duplicates)}")
    return {role: frozenset(p.code for p in declared if role in p.roles) for role in Role.values}


def role_permissions() -> dict[str, frozenset[str]]:
    """Each role and the permissions its holders have."""
    return _table(declared_permissions())


def permissions_of(roles: list[str] | tuple[str, ...] | set[str]) -> frozenset[str]:
    table = role_permissions()
    granted: set[str] = set()
    for role in roles:
        granted |= table.get(role, frozenset())
    return frozenset(granted)


def has_permission(user: Any, permission: str) -> bool:
    """True if the user's roles grant ``permission`` (operators hold every permission)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return permission in permissions_of(user.role_codes)


def all_permissions() -> frozenset[str]:
    return frozenset(p.code for p in declared_permissions())
