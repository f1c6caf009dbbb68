"""The scope of a resident (居民): the demands they reported themselves, nothing else.

A resident's account sits on the grid they live in, but a resident is not grid staff: the
demand models declare ``own_demands`` as their scope ``rule``, and for an account holding the
resident role and no other role that handles demands it gives the demands that account
reported while signed in (and their history, photos and tasks), wherever they lie. Anyone
else keeps their subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.kernel.permissions import Role

# The lookup from each model to the account that reported its demand.
_REPORTER = {"Demand": "created_by"}


def is_resident_only(user: Any) -> bool:
    """Whether the account's scope is its own demands: a resident holding no other role."""
    roles = set(getattr(user, "role_codes", ()) or ())
    return Role.RESIDENT in roles and roles <= {Role.RESIDENT}


def own_demands(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the demand models: a resident sees the demands they reported,
    others their subtree's."""
    if not is_resident_only(user):
        return subtree_rows
    lookup = _REPORTER.get(all_rows.model.__name__, "demand__created_by")
    return all_rows.filter(**{lookup: user.pk})
