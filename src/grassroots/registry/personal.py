"""What the registry holds about a person, for an access request (kernel/personal.py)."""

from __future__ import annotations

from grassroots.kernel.personal import DataSubject, PersonalSheet, model_sheet
from grassroots.registry.choices import IdType
from grassroots.registry.models import RegistryChange, Residence, Resident, document_index


def personal_data(subject: DataSubject) -> list[PersonalSheet]:
    """The resident holding the ID number (as any kind of document), where they lived and
    every recorded change. The whole registry, not a user's scope: the operator's
    access-request export, audited by its caller."""
    indexes = [document_index(kind, subject.id_number) for kind in IdType.values]
    residents = list(
        Resident.objects.filter(id_number_index__in=indexes).select_related("grid", "household")
    )
    for resident in residents:
        subject.found_phone(resident.phone)
    residences = Residence.objects.filter(resident__in=residents).select_related(
        "resident", "room", "household", "batch"
    )
    changes = RegistryChange.objects.filter(resident__in=residents).select_related(
        "resident", "room", "actor"
    )
    return [
        model_sheet("居民", residents),
        model_sheet("居住记录", residences.order_by("moved_in_on", "pk")),
        model_sheet("登记变更", changes.order_by("at", "pk")),
    ]
