"""The scope of an owners' committee member (业委会成员): their own estate, nothing else.

The member's account sits on the estate's grid, but a grid may hold several estates: the
member sees the rows of the estates whose committee seats them, within their subtree. An
account holding any staff role keeps its subtree, like everyone else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.kernel.permissions import STAFF, Role


def committee_only(user: Any) -> bool:
    roles = set(getattr(user, "role_codes", ()) or ())
    return Role.OWNERS_COMMITTEE in roles and not roles & set(STAFF)


def seated_estates(user: Any) -> QuerySet:
    """The ids of the estates whose committee seats the account."""
    from grassroots.owners.models import CommitteeMember

    return CommitteeMember.objects.filter(account_id=user.pk).values("committee__estate_id")


# How each model reaches its estate.
_ESTATE = {
    "CommitteeMember": "committee__estate",
    "VoteLink": "vote__estate",
    "Ballot": "vote__estate",
}


def committee_estates(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the owners models: a committee member sees their estate's
    rows only; anyone else their subtree's."""
    if not committee_only(user):
        return subtree_rows
    lookup = _ESTATE.get(subtree_rows.model.__name__, "estate")
    return subtree_rows.filter(**{f"{lookup}__in": seated_estates(user)})
