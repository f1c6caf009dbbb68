"""Facts about links kept beside them, so a district's coverage reads columns, not history.

Every path that makes contacts or makes and ends links (the services, the link import, the
demo, the test helpers) calls these in the same transaction, for the households and members
it touched. The coverage trusts the columns for the day they describe and any later day, and
falls back to the rows themselves for an earlier one (``selectors.coverage``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from grassroots.members.importer.common import chunks
from grassroots.members.models import Contact, HouseholdLink, Member

_NEVER = datetime.date(1900, 1, 1)


def keep_last_contacts(
    household_ids: Iterable[int], *, link_model: Any = HouseholdLink, contact_model: Any = Contact
) -> None:
    """Copy each household's latest contact, by any member, onto its links
    (``HouseholdLink.last_contact_at``). The models are the migration's when it fills the
    column for rows made before it."""
    latest = (
        contact_model.objects.filter(household_id=OuterRef("household_id"))
        .order_by()
        .values("household_id")
        .annotate(last=Max("at"))
        .values("last")
    )
    for chunk in chunks(sorted(set(household_ids))):
        link_model.objects.filter(household_id__in=chunk).update(last_contact_at=Subquery(latest))


def _of_member(link_model: Any, column: str, aggregate: type, **conditions: object) -> Subquery:
    rows = (
        link_model.objects.filter(member_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("member_id")
        .annotate(value=aggregate(column))
        .values("value")
    )
    return Subquery(rows)


def keep_links_held(
    member_ids: Iterable[int], *, member_model: Any = Member, link_model: Any = HouseholdLink
) -> None:
    """Count each member's open links (``Member.links_held``) and note the last day any of
    their links began or ended (``Member.links_changed_on``)."""
    held = Coalesce(_of_member(link_model, "pk", Count, ended_on__isnull=True), Value(0))
    changed = Greatest(
        Coalesce(_of_member(link_model, "linked_on", Max), Value(_NEVER)),
        Coalesce(_of_member(link_model, "ended_on", Max, ended_on__isnull=False), Value(_NEVER)),
    )
    for chunk in chunks(sorted(set(member_ids))):
        member_model.objects.filter(pk__in=chunk).update(links_held=held, links_changed_on=changed)


__all__ = ["keep_last_contacts", "keep_links_held"]
