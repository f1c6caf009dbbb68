"""The demands a person reported, found by their phone, for an access request
(kernel/personal.py)."""

from __future__ import annotations

from grassroots.demands.models import Demand
from grassroots.kernel.personal import DataSubject, PersonalSheet, model_sheet


def personal_data(subject: DataSubject) -> list[PersonalSheet]:
    """Demands whose reporter's phone is one of the phones on the person's records (the
    people and registry modules, asked earlier, found them). The whole platform: the
    operator's access-request export, audited by its caller."""
    indexes = subject.phone_indexes
    demands = (
        Demand.objects.filter(reporter_phone_index__in=indexes)
        .select_related("category", "owner_unit", "grid", "owner", "paired_unit", "created_by")
        .order_by("received_at", "pk")
        if indexes
        else Demand.objects.none()
    )
    return [model_sheet("反映的诉求", demands)]
