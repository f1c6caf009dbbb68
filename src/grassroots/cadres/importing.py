"""Importing a term's roster (两委名册导入): ``grassroots cadres import FILE --term YEAR``.

The file (xlsx, or CSV in UTF-8 with or without BOM, GBK or GB18030) has the headers
单位,姓名,性别,出生日期,公民身份号码,学历,党组织职务,村(居)委会职务 in any order (公民身份号码
may be empty or absent). Every row is checked first (``rows.read_row``), then against the tree
and the other rows; any problem means nothing is written and every problem is reported as
``第N行 列名: 原因``. A clean file replaces the term's whole roster in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from grassroots.cadres.rows import (
    HEADERS,
    ID_NUMBER,
    REQUIRED_HEADERS,
    UNIT,
    RosterRow,
    read_row,
)
from grassroots.cadres.units import UnitMatch, describe_candidates, match_units
from grassroots.kernel.importing import ImportFailed, RowError
from grassroots.kernel.tabular import Table, read_table

Progress = Callable[[int, int], None]


@dataclass
class RosterImportResult:
    year: int
    members: int
    replaced: int
    units: int
    units_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = _("%(year)d年换届名册共%(members)d名成员、%(units)d个村(社区)") % {
            "year": self.year,
            "members": self.members,
            "units": self.units,
        }
        if self.replaced:
            text += _("，替换原名册%(n)d名成员") % {"n": self.replaced}
        if self.units_created:
            text += _("，新建单位%(n)d个：%(names)s") % {
                "n": len(self.units_created),
                "names": "、".join(self.units_created),
            }
        return text


@dataclass
class CheckedRoster:
    """A file that passed every check: its rows and the unit each names."""

    name: str
    rows: list[RosterRow]
    match: UnitMatch


def check_roster(
    source: str | Path | Table, *, reference_date: datetime.date, create_units: bool
) -> CheckedRoster:
    """Read and check the file; raise ImportFailed with every problem found."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*REQUIRED_HEADERS, known=HEADERS)
    rows = [read_row(row.number, row.cells, reference_date=reference_date) for row in table.rows]
    match = match_units(row.unit_name for row in rows)
    errors = [
        RowError(row.number, column, reason) for row in rows for column, reason in row.problems
    ]
    errors += _unit_errors(rows, match, create_units)
    errors += _duplicate_errors(rows)
    if errors:
        raise ImportFailed(errors)
    return CheckedRoster(name=table.name, rows=rows, match=match)


def _unit_errors(rows: list[RosterRow], match: UnitMatch, create_units: bool) -> list[RowError]:
    errors = []
    described = {name: describe_candidates(nodes) for name, nodes in match.ambiguous.items()}
    for row in rows:
        if row.unit_name in described:
            errors.append(
                RowError(
                    row.number,
                    UNIT,
                    _(
                        "有%(n)d个社区村都叫“%(name)s”，无法确定是哪一个：%(candidates)s；"
                        "请先在组织架构中区分名称"
                    )
                    % {
                        "n": len(match.ambiguous[row.unit_name]),
                        "name": row.unit_name,
                        "candidates": described[row.unit_name],
                    },
                )
            )
        elif row.unit_name in match.missing and not create_units:
            errors.append(
                RowError(
                    row.number,
                    UNIT,
                    _("组织架构中没有名为“%(name)s”的社区村；请核对名称，或加 --create-units 新建")
                    % {"name": row.unit_name},
                )
            )
    return errors


def _duplicate_errors(rows: list[RosterRow]) -> list[RowError]:
    """The same ID number in two units or under two names; a row listed twice."""
    errors = []
    by_id: dict[str, RosterRow] = {}
    seen: dict[tuple, RosterRow] = {}
    for row in rows:
        if row.problems:
            continue
        if row.id_number:
            first = by_id.setdefault(row.id_number, row)
            if first is not row and (first.unit_name, first.name) != (row.unit_name, row.name):
                errors.append(
                    RowError(
                        row.number,
                        ID_NUMBER,
                        _(
                            "与第%(row)d行（%(unit)s %(name)s）的公民身份号码相同，"
                            "同一人不能在两个单位"
                            "或以两个姓名出现"
                        )
                        % {"row": first.number, "unit": first.unit_name, "name": first.name},
                    )
                )
        key = (
            row.unit_name,
            row.name,
            row.gender,
            row.birth_date,
            row.party_post,
            row.committee_post,
        )
        first = seen.setdefault(key, row)
        if first is not row:
            errors.append(
                RowError(
                    row.number, UNIT, _("与第%(row)d行完全相同，是重复行") % {"row": first.number}
                )
            )
    return errors


__all__ = ["CheckedRoster", "RosterImportResult", "check_roster"]
