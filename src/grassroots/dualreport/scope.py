"""The scope of a party member in 双报到: their own report and service records, nothing else.

A member's rows hang on the grid they live in; a party member holding no staff role is not grid
staff, so these models declare ``own_rows`` as their scope ``rule``: such an account gets the
rows of its own membership, anyone else their subtree's (the same rule as the roster's,
``members.scope``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.members.scope import is_member_only

# The lookup from each model to its member's account.
_ACCOUNT_LOOKUP = {
    "MemberReport": "member__person__account",
    "ServiceRecord": "member__person__account",
    "ReportChange": "report__member__person__account",
    "RecordChange": "record__member__person__account",
}


def own_rows(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule: a member sees their own rows, others their subtree's. An account
    with no person record behind it sees none."""
    if not is_member_only(user):
        return subtree_rows
    return all_rows.filter(**{_ACCOUNT_LOOKUP[all_rows.model.__name__]: user.pk})
