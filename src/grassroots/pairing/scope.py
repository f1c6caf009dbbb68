"""The scope of a paired unit's liaison (结对单位联络员): the unit's own rows, nothing else.

A liaison's account sits on the org tree like anyone's (usually at a community the unit pairs
with), but its unit pairs with communities all over the district: the pairing models declare
this function as their scope ``rule``, and for a liaison it gives the rows of the units the
account is a liaison of, in whichever community they hang, and nothing else. An account that
also holds an office role (district, street or community) keeps its subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.kernel.permissions import OFFICE, Role
from grassroots.pairing.models import PairedUnit

# The lookup from each model to its paired unit's id.
_UNIT_LOOKUP = {
    "Pairing": "unit_id",
    "Agreement": "pairing__unit_id",
    "Pledge": "pairing__unit_id",
    "ProgressEntry": "pledge__pairing__unit_id",
    "Evidence": "pledge__pairing__unit_id",
    "PledgeChange": "pledge__pairing__unit_id",
    "Visit": "pairing__unit_id",
    "Finding": "visit__pairing__unit_id",
    "AnswerChange": "visit__pairing__unit_id",
    "Problem": "pairing__unit_id",
    "ListTask": "problem__pairing__unit_id",
    "TaskProgress": "task__problem__pairing__unit_id",
    "TaskEvidence": "task__problem__pairing__unit_id",
    "TaskChange": "task__problem__pairing__unit_id",
}


def is_liaison_only(user: Any) -> bool:
    """Whether the account's scope is its units' rows: a liaison holding no office role."""
    roles = set(getattr(user, "role_codes", ()) or ())
    return Role.PAIRED_UNIT_LIAISON in roles and not roles & set(OFFICE)


def only_own_unit(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the pairing models: a liaison sees its units' rows, others
    their subtree's."""
    if not is_liaison_only(user):
        return subtree_rows
    units = PairedUnit.liaisons.through.objects.filter(account_id=user.pk).values("pairedunit_id")
    return all_rows.filter(**{f"{_UNIT_LOOKUP[all_rows.model.__name__]}__in": units})


def own_units_in_subtree(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for the units themselves: a unit hangs on its district, above a
    liaison's account, so a liaison meets its unit through the unit's pairings (as everyone
    below the district does) and ``visible_to`` gives it no unit row beyond its subtree."""
    if not is_liaison_only(user):
        return subtree_rows
    units = PairedUnit.liaisons.through.objects.filter(account_id=user.pk).values("pairedunit_id")
    return subtree_rows.filter(pk__in=units)
