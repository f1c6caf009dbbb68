"""What the people module holds about a person, for an access request (kernel/personal.py)."""

from __future__ import annotations

from grassroots.kernel.personal import DataSubject, PersonalSheet, model_sheet
from grassroots.people.selectors import people_holding


def personal_data(subject: DataSubject) -> list[PersonalSheet]:
    people = people_holding(subject.id_index)
    for person in people:
        subject.found_phone(person.phone)
    return [model_sheet("人员", people)]
