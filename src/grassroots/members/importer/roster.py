"""The party-member roster from a spreadsheet (党员名册导入): ``grassroots members import FILE``.

Headers (any order): 姓名,公民身份号码,性别,出生日期,联系电话,入党日期,所在党组织,党员类别,
工作单位,居住网格编码. One row is one member. A member is a person of the people module, found
by the blind index of the ID number (one number, one person) and made when absent; membership
adds the kind, the work unit and the grid the member lives in, and the registry's resident
with the same citizen ID number, linked rather than copied. 性别 and 出生日期 may be left
blank (the ID number says them); when given they must agree with it. 所在党组织 is the name of
a party organisation, or the code of the org node it leads: a name held by several is settled
by the one leading the member's home grid or an ancestor of it, and otherwise refused with the
places that hold it. The command line imports for the whole tree. An existing person keeps
the unit their record hangs on (a cadre stays with their office); a new one hangs on the home
grid. A blank phone leaves a known phone as it was.

The whole file is checked first; any problem means nothing is written (第N行 列名: 原因).
Importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.kernel import crypto, phones
from grassroots.kernel.idnumbers import IdNumber
from grassroots.kernel.importing import ImportFailed, ImportResult, max_length, too_long
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.members.importer.common import (
    CheckedRow,
    all_errors,
    chunks,
    clean,
    compact,
    date,
    grid,
    grids_by_code,
    id_number,
    record_import,
)
from grassroots.members.models import Member, MemberKind
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.models import Person
from grassroots.registry.choices import IdType
from grassroots.registry.models import Resident, document_index
from grassroots.registry.validation import GENDERS

NAME, ID_NUMBER, GENDER, BIRTH, PHONE_COLUMN = (
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "联系电话",
)
JOINED, BRANCH, KIND, WORK_UNIT, GRID = (
    "入党日期",
    "所在党组织",
    "党员类别",
    "工作单位",
    "居住网格编码",
)
HEADERS = (NAME, ID_NUMBER, GENDER, BIRTH, PHONE_COLUMN, JOINED, BRANCH, KIND, WORK_UNIT, GRID)
KINDS = {label: value for value, label in MemberKind.choices} | {v: v for v in MemberKind.values}
GENDER_NAMES = {"M": "男", "F": "女"}
ADULT_AGE = 18  # the Party admits members from 18 (党章第一条)
NAME_LENGTH = max_length(Person, "name")
WORK_UNIT_LENGTH = max_length(Member, "work_unit")


@dataclass
class MemberRow(CheckedRow):
    """One row, checked; the party organisation and the grid are filled in against the tree."""

    name: str = ""
    id: IdNumber | None = None
    gender: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    joined_on: datetime.date | None = None
    branch_text: str = ""
    branch: PartyOrganization | None = None
    kind: str = ""
    work_unit: str = ""
    grid_code: str = ""
    grid: OrgNode | None = None
    person: Person | None = None
    resident_id: int | None = None

    @property
    def index(self) -> str:
        return crypto.blind_index(self.id.number) if self.id else ""


def _name(row: MemberRow, cells: Row) -> None:
    row.name = clean(cells[NAME])
    if not row.name:
        row.error(NAME, _("不能为空"))
    elif problem := too_long(NAME_LENGTH, row.name):
        row.error(NAME, problem)


def _gender_and_birth(row: MemberRow, cells: Row) -> None:
    """Blank: what the ID number says; given: it must say the same."""
    text = compact(cells[GENDER])
    given = GENDERS.get(text) if text else None
    if text and given is None:
        row.error(GENDER, _("“%(text)s”不是性别，应为男或女") % {"text": text})
    birth = date(row, cells[BIRTH], BIRTH, required=False)
    if row.id is None:
        return
    row.gender, row.birth_date = row.id.gender, row.id.birth_date
    if given and given != row.id.gender:
        row.error(
            GENDER,
            _("与公民身份号码中的性别（%(gender)s）不一致")
            % {"gender": GENDER_NAMES[row.id.gender]},
        )
    if birth and birth != row.id.birth_date:
        row.error(
            BIRTH,
            _("与公民身份号码中的出生日期（%(date)s）不一致")
            % {"date": row.id.birth_date.isoformat()},
        )


def _phone(row: MemberRow, cells: Row) -> None:
    row.phone = phones.normalise_phone(cells[PHONE_COLUMN])
    if row.phone and not phones.is_phone(row.phone):
        row.error(PHONE_COLUMN, _("“%(text)s”不是有效的手机号或固定电话") % {"text": row.phone})


def _joined(row: MemberRow, cells: Row, today: datetime.date) -> None:
    row.joined_on = date(row, cells[JOINED], JOINED, required=True)
    if row.joined_on is None:
        return
    if row.joined_on > today:
        row.error(JOINED, _("入党日期不能晚于今天"))
    elif row.birth_date:
        born = row.birth_date
        age = row.joined_on.year - born.year
        age -= (row.joined_on.month, row.joined_on.day) < (born.month, born.day)
        if age < ADULT_AGE:
            row.error(JOINED, _("入党时未满%(n)d周岁，请核对入党日期") % {"n": ADULT_AGE})


def _kind_and_unit(row: MemberRow, cells: Row) -> None:
    text = compact(cells[KIND])
    row.kind = KINDS.get(text, "")
    if not text:
        row.error(KIND, _("不能为空"))
    elif not row.kind:
        row.error(
            KIND,
            _("“%(text)s”不是党员类别，应为%(kinds)s")
            % {"text": text, "kinds": "、".join(MemberKind.labels)},
        )
    row.work_unit = clean(cells[WORK_UNIT])
    if problem := too_long(WORK_UNIT_LENGTH, row.work_unit):
        row.error(WORK_UNIT, problem)
    elif not row.work_unit and row.kind == MemberKind.IN_SERVICE:
        row.error(WORK_UNIT, _("在职党员须填写工作单位"))


def parse_row(number: int, cells: Row, today: datetime.date) -> MemberRow:
    """Check one row on its own; the tree and the records held are checked later."""
    row = MemberRow(number=number)
    _name(row, cells)
    row.id = id_number(row, cells[ID_NUMBER], ID_NUMBER)
    _gender_and_birth(row, cells)
    _phone(row, cells)
    _joined(row, cells, today)
    row.branch_text = clean(cells[BRANCH])
    if not row.branch_text:
        row.error(BRANCH, _("不能为空"))
    _kind_and_unit(row, cells)
    row.grid_code = compact(cells[GRID])
    return row


class _Branches:
    """Party organisations by name and by the code of the node they lead."""

    def __init__(self, rows: list[MemberRow]) -> None:
        texts = {row.branch_text for row in rows if row.branch_text}
        found = PartyOrganization.objects.select_related("org_node").filter(name__in=texts)
        led = PartyOrganization.objects.select_related("org_node").filter(
            org_node__code__in={compact(text) for text in texts}
        )
        self.by_name: dict[str, list[PartyOrganization]] = defaultdict(list)
        self.by_code: dict[str, list[PartyOrganization]] = defaultdict(list)
        for org in found.order_by("path"):
            self.by_name[org.name].append(org)
        for org in led.order_by("path"):
            self.by_code[org.org_node.code].append(org)

    def resolve(self, row: MemberRow) -> None:
        text = row.branch_text
        if not text:
            return
        candidates = self.by_name.get(text) or self.by_code.get(compact(text)) or []
        if not candidates:
            row.error(
                BRANCH,
                _("党组织中没有名称（或所领导组织节点编码）为“%(text)s”的党组织") % {"text": text},
            )
            return
        if len(candidates) > 1 and row.grid is not None:
            # The same name in many communities (第一网格党支部): the one over the home grid.
            home = row.grid.path
            near = [org for org in candidates if home.startswith(org.org_node.path)]
            candidates = near or candidates
        if len(candidates) > 1:
            places = "、".join(f"{org.name}（{org.org_node.name}）" for org in candidates[:5])
            row.error(
                BRANCH,
                _(
                    "“%(text)s”对应%(n)d个党组织：%(places)s，无法确定是哪一个，请在党组织树中区分其名称"
                )
                % {"text": text, "n": len(candidates), "places": places},
            )
            return
        row.branch = candidates[0]


def _check_across_rows(rows: list[MemberRow]) -> None:
    """One row per ID number; the grid and party organisation on the tree."""
    grids = grids_by_code(row.grid_code for row in rows)
    for row in rows:
        row.grid = grid(row, row.grid_code, grids, GRID)
    branches = _Branches(rows)
    seen: dict[str, int] = {}
    for row in rows:
        branches.resolve(row)
        if row.id is None:
            continue
        first = seen.setdefault(row.id.number, row.number)
        if first != row.number:
            row.error(ID_NUMBER, _("与第%(n)d行的公民身份号码重复") % {"n": first})


def _check_against_records(rows: list[MemberRow]) -> None:
    """The same number held by a person or a resident of another name is a typo somewhere."""
    with_id = [row for row in rows if row.id is not None]
    people = {
        person.id_number_index: person
        for chunk in chunks(row.index for row in with_id)
        for person in Person.objects.filter(id_number_index__in=chunk)
    }
    documents = {row.id.number: document_index(IdType.CITIZEN, row.id.number) for row in with_id}  # type: ignore[union-attr]
    residents = {
        index: (pk, name)
        for chunk in chunks(documents.values())
        for pk, index, name in Resident.objects.filter(id_number_index__in=chunk).values_list(
            "pk", "id_number_index", "name"
        )
    }
    for row in with_id:
        row.person = people.get(row.index)
        if row.person is not None and row.person.name != row.name:
            row.error(NAME, _("与人员信息中该公民身份号码登记的姓名不一致，请核对姓名和号码"))
        resident = residents.get(documents[row.id.number])  # type: ignore[union-attr]
        if resident is not None:
            if resident[1] != row.name:
                row.error(NAME, _("与人口登记中该公民身份号码的居民姓名不一致，请核对姓名和号码"))
            row.resident_id = resident[0]


def read_rows(table: Table, today: datetime.date) -> list[MemberRow]:
    """Every row checked, or ``ImportFailed`` with every problem found."""
    table.require(*HEADERS, known=())
    rows = [parse_row(r.number, r, today) for r in table.rows]
    _check_across_rows(rows)
    _check_against_records(rows)
    errors = all_errors(rows)
    if errors:
        raise ImportFailed(errors)
    return rows


def _shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _Writer:
    """Writes checked rows: the person, then the membership; counts what changed."""

    def __init__(self, rows: list[MemberRow]) -> None:
        self.result = ImportResult()
        self.changes: dict[str, dict[str, list[Any]]] = {}
        self.created: list[int] = []
        known = [row.person.pk for row in rows if row.person is not None]
        self.members = {
            member.person_id: member
            for chunk in chunks(known)
            for member in Member.objects.filter(person_id__in=chunk)
        }

    def person(self, row: MemberRow) -> tuple[Person, dict[str, list[Any]]]:
        wanted = {
            "name": row.name,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "is_party_member": True,
            "party_joined_on": row.joined_on,
            "party_branch_id": row.branch.pk,  # type: ignore[union-attr]
        }
        person = row.person
        if person is None:
            person = Person(org_node=row.grid, **wanted)
            person.set_personal_data(id_number=row.id.number, phone=row.phone)  # type: ignore[union-attr]
            person.save()
            return person, {}
        changes = {
            name: [_shown(getattr(person, name)), _shown(value)]
            for name, value in wanted.items()
            if getattr(person, name) != value
        }
        for name in changes:
            setattr(person, name, wanted[name])
        fields = list(changes)
        if row.phone and row.phone != (person.phone or ""):
            changes["phone"] = [crypto.mask_phone(person.phone or ""), crypto.mask_phone(row.phone)]
            person.set_personal_data(phone=row.phone)
            fields += ["phone", "phone_index"]
        if fields:
            person.save(update_fields=[*fields, "updated_at"])
        return person, changes

    def member(self, row: MemberRow, person: Person) -> tuple[bool, dict[str, list[Any]]]:
        wanted = {
            "kind": row.kind,
            "work_unit": row.work_unit,
            "grid_id": row.grid.pk,  # type: ignore[union-attr]
            "resident_id": row.resident_id,
        }
        member = self.members.get(person.pk)
        if member is None:
            member = Member.objects.create(person=person, **wanted)
            self.created.append(member.pk)
            return True, {}
        changes = {
            name: [getattr(member, name), value]
            for name, value in wanted.items()
            if getattr(member, name) != value
        }
        if changes:
            for name in changes:
                setattr(member, name, wanted[name])
            member.version += 1
            member.save(update_fields=[*changes, "version", "updated_at"])
        return False, changes

    def write(self, rows: list[MemberRow]) -> ImportResult:
        for row in rows:
            person, person_changes = self.person(row)
            created, member_changes = self.member(row, person)
            changes = person_changes | member_changes
            if created:
                self.result.created += 1
            elif changes:
                self.result.updated += 1
                self.changes[str(person.pk)] = changes
            else:
                self.result.unchanged += 1
        return self.result


def import_roster(
    path: str | Path, *, actor: Any = None, today: datetime.date | None = None
) -> ImportResult:
    """Check the whole roster, then write it in one transaction (or raise ``ImportFailed``)."""
    rows = read_rows(read_table(path), today or timezone.localdate())
    with transaction.atomic():
        writer = _Writer(rows)
        result = writer.write(rows)
        record_import(
            Action.MEMBERS_IMPORTED,
            actor=actor,
            source=Path(path).name,
            result=result,
            created_members=writer.created,
            changed_people=writer.changes,
        )
    return result


__all__ = ["HEADERS", "import_roster"]
