"""The scope of a party member (党员): their own rows, nothing else.

A member's account sits on the grid they live in, but a member is not grid staff: the member
models declare ``own_rows`` as their scope ``rule``, and for an account that holds the
party-member role and no staff role it gives the rows of that account's own membership (their
roster row, their households' links, their contacts). Anyone else keeps their subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.kernel.permissions import STAFF, Role

# The lookup from each model to its member's person.
_PERSON_LOOKUP = {"Member": "person__account"}


def is_member_only(user: Any) -> bool:
    """Whether the account's scope is its own membership: a party member holding no staff
    role."""
    roles = set(getattr(user, "role_codes", ()) or ())
    return Role.PARTY_MEMBER in roles and not roles & set(STAFF)


def own_rows(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the member models: a member sees their own rows, others their
    subtree's. An account with no person record behind it sees none."""
    if not is_member_only(user):
        return subtree_rows
    lookup = _PERSON_LOOKUP.get(all_rows.model.__name__, "member__person__account")
    return all_rows.filter(**{lookup: user.pk})
