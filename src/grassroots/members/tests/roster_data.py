"""Files and records the roster, link and coverage tests share."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric

from grassroots.members.models import Member, MemberKind
from grassroots.org.models import OrgNode
from grassroots.people.models import Person


def id_number(birth: str, serial: str = "001", region: str = "420606") -> str:
    """A valid citizen ID number: region, birth date YYYYMMDD, serial (odd last digit: a man),
    check digit."""
    body = f"{region}{birth}{serial}"
    return body + ric.calc_check_digit(body + "0")


def write(
    path: Path, headers: tuple[str, ...], rows: list[list[str]], *, encoding: str = "utf-8"
) -> Path:
    """The rows under the headers, as an xlsx workbook or a CSV file in ``encoding``."""
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def member_with_id(grid: OrgNode, name: str, number: str, **fields: object) -> Member:
    """A member living in ``grid`` whose person holds this ID number."""
    person = Person(
        org_node=grid,
        name=name,
        gender="M",
        is_party_member=True,
        party_joined_on=datetime.date(2001, 7, 1),
    )
    person.set_personal_data(id_number=number, phone="13912345678")
    person.save()
    fields.setdefault("kind", MemberKind.COMMUNITY)
    return Member.objects.create(person=person, grid=grid, **fields)  # type: ignore[arg-type]
