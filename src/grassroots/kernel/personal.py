"""A person's own data, gathered for an access request (个人信息查阅复制, PIPL art. 45).

Each app that keeps data about people declares ``personal_data="module:function"`` in its
plugin: the function takes a ``DataSubject`` and returns ``PersonalSheet``s, one per kind of
record it holds about that person (found by the blind index of their ID number, or of a phone
number an earlier app found on their records). Apps are asked in ``INSTALLED_APPS`` order, so
the people and registry apps, which hold phones, come before those that look people up by phone
(demands). ``gather`` asks them all; ``write_workbook`` writes one sheet each.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone

from grassroots.kernel import crypto, exports
from grassroots.kernel.exports import Sheet
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.plugins import installed_plugins, load

# Columns never shown: blind indexes and bookkeeping say nothing about the person.
_HIDDEN = {"version", "name_initials", "row"}


@dataclass
class DataSubject:
    """The person asking: their ID number, and the phones their records turn out to hold."""

    id_number: str
    phones: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.id_number = crypto.normalise(self.id_number)

    @property
    def id_index(self) -> str:
        return crypto.blind_index(self.id_number)

    @property
    def phone_indexes(self) -> list[str]:
        return sorted(crypto.blind_index(p) for p in self.phones)

    def found_phone(self, phone: str) -> None:
        if phone:
            self.phones.add("".join(phone.split()))


@dataclass(frozen=True)
class PersonalSheet:
    title: str
    headers: Sequence[str]
    rows: list[list[Any]]


def model_sheet(
    title: str, records: Iterable[models.Model], *, extra: dict[str, Any] | None = None
) -> PersonalSheet:
    """A sheet of ``records`` with every field a person would recognise, by its Chinese name:
    choices as their labels, related rows by their name, encrypted values in full (it is the
    person's own data). ``extra`` adds columns: header → function of the record."""
    records = list(records)
    extra = extra or {}
    if not records:
        return PersonalSheet(title, [], [])
    fields = [
        f
        for f in records[0]._meta.concrete_fields
        if not f.name.endswith("_index") and f.name not in _HIDDEN and not f.primary_key
    ]
    headers = ["编号", *(str(f.verbose_name) for f in fields), *extra]
    rows = [
        [r.pk, *(_shown(r, f) for f in fields), *(fn(r) for fn in extra.values())] for r in records
    ]
    return PersonalSheet(title, headers, rows)


def _shown(record: models.Model, f: models.Field) -> Any:
    if f.choices:
        return getattr(record, f"get_{f.name}_display")()
    if isinstance(f, models.ForeignKey):
        related = getattr(record, f.name)
        return "" if related is None else str(related)
    value = getattr(record, f.attname)
    if isinstance(f, EncryptedTextField) or value is None:
        return value or ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def gather(subject: DataSubject) -> list[PersonalSheet]:
    """Every installed app's sheets about the subject, in ``INSTALLED_APPS`` order."""
    sheets: list[PersonalSheet] = []
    for plugin in installed_plugins():
        if plugin.personal_data:
            sheets.extend(load(plugin.personal_data)(subject))
    return sheets


def write_workbook(path: Path, sheets: Sequence[PersonalSheet]) -> None:
    """One sheet per kind of record (an empty kind says 无记录), every cell as text, through
    the one export writer."""
    used: set[str] = set()
    out = []
    for sheet_data in sheets:
        title = sheet_data.title[:31]
        n = 2
        while title in used:  # Excel wants unique sheet names
            title, n = f"{sheet_data.title[:28]}({n})", n + 1
        used.add(title)
        if not sheet_data.rows:
            out.append(Sheet(title, ["无记录 / no records"], []))
            continue
        rows = ([_as_text(value) for value in row] for row in sheet_data.rows)
        out.append(Sheet(title, sheet_data.headers, rows))
    exports.write_workbook(path, out)


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)
