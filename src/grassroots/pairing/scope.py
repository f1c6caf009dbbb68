"""The scope of a paired unit's liaison (结对单位联络员): the unit's own rows, nothing else.

A liaison's account sits on the org tree like anyone's (usually at a community the unit pairs
with), so ``visible_to`` first gives the subtree; the pairing models then declare this function
as their ``narrow``, and it keeps only the rows of units the account is a liaison of. An account
that also holds an office role (district, street or community) keeps its whole subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.kernel.permissions import OFFICE, Role

# The lookup from each model to its paired unit's id.
_UNIT_LOOKUP = {
    "PairedUnit": "pk",
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


def only_own_unit(user: Any, queryset: QuerySet) -> QuerySet:
    """``visible_to``'s narrowing for the pairing models: a liaison keeps its units' rows."""
    if not is_liaison_only(user):
        return queryset
    from grassroots.pairing.models import PairedUnit

    units = PairedUnit.liaisons.through.objects.filter(account_id=user.pk).values("pairedunit_id")
    return queryset.filter(**{f"{_UNIT_LOOKUP[queryset.model.__name__]}__in": units})
