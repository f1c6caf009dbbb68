"""What the two-committee rosters hold about a person, for an access request
(kernel/personal.py)."""

from __future__ import annotations

from grassroots.cadres.models import CadreMember
from grassroots.kernel.personal import DataSubject, PersonalSheet, model_sheet


def personal_data(subject: DataSubject) -> list[PersonalSheet]:
    members = CadreMember.objects.filter(id_number_index=subject.id_index).select_related(
        "term", "unit"
    )
    return [model_sheet("两委成员", members.order_by("term__year", "pk"))]
