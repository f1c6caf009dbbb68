"""The scope of a party member (党员) in 三会一课: their own branch's meetings, nothing else.

A member's account sits on the grid they live in; staff there see every branch's meetings in
their subtree, but a member holding no staff role sees the meetings of the branch their person
record belongs to (``Person.party_branch``), and none when the account has no person or the
person no branch.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.members.scope import is_member_only
from grassroots.people.models import Person


def own_branch(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for meetings: a member sees their branch's, others their
    subtree's. The branch is found from the account in the same query (the branch's member
    whose account this is), so an account with no person, or a person with no branch, sees
    none."""
    if not is_member_only(user):
        return subtree_rows
    return all_rows.filter(branch__members__account=user.pk)


def member_branch_id(user: Any) -> int | None:
    """The party branch of the account's person, if any."""
    if not getattr(user, "pk", None):
        return None
    return Person.objects.filter(account=user.pk).values_list("party_branch_id", flat=True).first()
