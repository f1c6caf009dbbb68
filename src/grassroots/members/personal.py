"""What the party-member roster holds about a person, for an access request
(kernel/personal.py)."""

from __future__ import annotations

from grassroots.kernel.personal import DataSubject, PersonalSheet, model_sheet
from grassroots.members.models import HouseholdLink, Member


def personal_data(subject: DataSubject) -> list[PersonalSheet]:
    """The member whose person holds the ID number, and the households linked to them."""
    members = list(
        Member.objects.filter(person__id_number_index=subject.id_index).select_related(
            "person", "grid", "resident"
        )
    )
    links = HouseholdLink.objects.filter(member__in=members).select_related(
        "member__person", "household__room", "grid", "created_by"
    )
    return [
        model_sheet("党员", members),
        model_sheet("一联十联系户", links.order_by("linked_on", "pk")),
    ]
