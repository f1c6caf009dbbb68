"""Writes to person records, and the one audited way to read personal data unmasked."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel import crypto
from grassroots.kernel.idnumbers import parse_id_number
from grassroots.kernel.personal import DataSubject, gather, write_workbook
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.models import Person


class DuplicateIdNumberError(ValueError):
    """Another person already holds this ID number: one number is one person."""

    def __init__(self) -> None:
        super().__init__(_("该公民身份号码已登记在其他人员名下，同一号码不能登记两次"))


@dataclass
class PersonFields:
    """Everything a person form edits. Personal data is plain text here, encrypted on save."""

    name: str
    gender: str
    org_node: OrgNode
    birth_date: datetime.date | None = None
    phone: str = ""
    id_number: str = ""
    post: str = ""
    is_party_member: bool = False
    party_joined_on: datetime.date | None = None
    party_branch: PartyOrganization | None = None


_PLAIN_FIELDS = (
    "name",
    "gender",
    "org_node",
    "birth_date",
    "post",
    "is_party_member",
    "party_joined_on",
    "party_branch",
)
_FOREIGN_KEYS = ("org_node", "party_branch")
_PERSONAL_FIELDS = ("phone", "id_number")


def _apply(person: Person, data: PersonFields) -> list[str]:
    """Copy ``data`` onto ``person``; return the names of the fields that changed."""
    changed = []
    for name in _PLAIN_FIELDS:
        new = getattr(data, name)
        if name in _FOREIGN_KEYS:
            # Compare ids: a new Person has no related object to read yet.
            differs = getattr(person, f"{name}_id") != (new.pk if new is not None else None)
        else:
            differs = getattr(person, name) != new
        if differs:
            setattr(person, name, new)
            changed.append(name)
    id_number = crypto.normalise(data.id_number)
    phone = data.phone.strip()
    if id_number != (person.id_number or ""):
        if id_number:
            parse_id_number(id_number)  # forms check first; this keeps the domain honest
        person.set_personal_data(id_number=id_number)
        changed.append("id_number")
    if phone != (person.phone or ""):
        person.set_personal_data(phone=phone)
        changed.append("phone")
    if not person.is_party_member:
        person.party_joined_on = None
        person.party_branch = None
    return changed


def _save(person: Person) -> None:
    index = person.id_number_index
    if index and Person.objects.filter(id_number_index=index).exclude(pk=person.pk).exists():
        raise DuplicateIdNumberError
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        # Two clerks saving the same number at once: the unique blind index decides.
        if index and Person.objects.filter(id_number_index=index).exclude(pk=person.pk).exists():
            raise DuplicateIdNumberError from exc
        raise


@transaction.atomic
def create_person(*, data: PersonFields, actor: Any, request: HttpRequest | None = None) -> Person:
    """Register a person. The audit record names the fields given, never their values."""
    person = Person()
    given = _apply(person, data)
    _save(person)
    record(
        Action.PERSON_CREATED,
        actor=actor,
        request=request,
        target=f"{person.name}（#{person.pk}）",
        person_id=person.pk,
        org_node=person.org_node.code,
        fields=sorted(given),
    )
    return person


@transaction.atomic
def update_person(
    person: Person, *, data: PersonFields, actor: Any, request: HttpRequest | None = None
) -> Person:
    """Change a person's record; nothing is written (or logged) when nothing changed."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = _apply(person, data)
    if not changed:
        return person
    _save(person)
    record(
        Action.PERSON_CHANGED,
        actor=actor,
        request=request,
        target=f"{person.name}（#{person.pk}）",
        person_id=person.pk,
        fields=sorted(changed),
    )
    return person


@dataclass(frozen=True)
class PersonalData:
    id_number: str
    phone: str


def reveal_personal_data(
    person: Person, *, actor: Any, request: HttpRequest | None = None
) -> PersonalData:
    """The unmasked ID number and phone; each call leaves an audit record.

    The caller checks the permission (VIEW_PERSONAL_DATA) and the scope; this writes the
    trace that says who looked at whom, from where.
    """
    record(
        Action.PERSONAL_DATA_VIEWED,
        actor=actor,
        request=request,
        target=f"{person.name}（#{person.pk}）",
        person_id=person.pk,
        fields=list(_PERSONAL_FIELDS),
    )
    return PersonalData(id_number=person.id_number or "", phone=person.phone or "")


@dataclass(frozen=True)
class AccessRequestExport:
    path: Path
    sheets: dict[str, int]

    @property
    def records(self) -> int:
        return sum(self.sheets.values())


def export_personal_data(id_number: str, target: Path, *, os_user: str = "") -> AccessRequestExport:
    """Everything the platform holds on the holder of ``id_number``, one sheet per kind of
    record (each app's ``personal_data``), to the .xlsx ``target``, for their access request
    (个人信息查阅复制, PIPL art. 45). Audited with the number masked and its blind index, never
    the number itself; the file is the operator's alone (0600)."""
    target = Path(target).resolve()
    if target.suffix.lower() != ".xlsx":
        raise ValueError("文件名请以 .xlsx 结尾 / the file name must end in .xlsx")
    if not target.parent.is_dir():
        raise ValueError(f"目标目录不存在 / no such folder: {target.parent}")
    subject = DataSubject(id_number)
    sheets = gather(subject)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        write_workbook(partial, sheets)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    counts = {sheet.title: len(sheet.rows) for sheet in sheets}
    record(
        Action.PERSONAL_DATA_EXPORTED,
        target=crypto.mask_id_number(subject.id_number),
        via="access_request",
        subject_index=subject.id_index,
        file=str(target),
        sheets=counts,
        os_user=os_user,
    )
    return AccessRequestExport(path=target, sheets=counts)
