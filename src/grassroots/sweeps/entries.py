"""Turning what the phone sent into the registry's own types, with every problem named.

A new resident arrives with the API's English field names; ``parse_new_resident`` hands the
values to ``registry.validation.parse_resident`` under its column names, so a visit validates a
person exactly as an import or a form does, and maps each problem back to the field that was
sent (``new_residents.0.id_number``).
"""

from __future__ import annotations

from typing import Any

from grassroots.registry import validation as v
from grassroots.registry.validation import ResidentData, parse_resident
from grassroots.sweeps.photos import Photo, PhotoError, decode_photo

COLUMNS = {
    "name": v.C_NAME,
    "gender": v.C_GENDER,
    "id_type": v.C_ID_TYPE,
    "id_number": v.C_ID,
    "birth_date": v.C_BIRTH,
    "ethnicity": v.C_ETHNICITY,
    "phone": v.C_PHONE,
    "relation": v.C_RELATION,
    "population_type": v.C_POPULATION,
    "political_status": v.C_POLITICAL,
    "education": v.C_EDUCATION,
    "special_groups": v.C_SPECIAL,
    "notes": v.C_NOTES,
}
FIELDS = {column: name for name, column in COLUMNS.items()}


class EntryProblem(ValueError):
    """Fields of an entry that cannot be taken as sent: ``problems`` is [(field, reason)]."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("；".join(f"{f} {m}" for f, m in problems))
        self.problems = problems

    @property
    def field(self) -> str:
        return self.problems[0][0]


def parse_new_resident(values: dict[str, Any], index: int) -> ResidentData:
    cells = {
        COLUMNS[name]: str(value or "").strip() for name, value in values.items() if name in COLUMNS
    }
    data, problems = parse_resident(cells)
    if data is None:
        raise EntryProblem(
            [
                (f"new_residents.{index}.{FIELDS.get(column, column)}", reason)
                for column, reason in problems
            ]
        )
    return data


def photo_of(text: str | None, field: str) -> Photo | None:
    if not text:
        return None
    try:
        return decode_photo(text)
    except PhotoError as error:
        raise EntryProblem([(field, str(error))]) from error
