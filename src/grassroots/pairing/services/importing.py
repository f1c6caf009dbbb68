"""Importing pairings and pledges from a spreadsheet (结对共建台账导入): ``grassroots pairing
import FILE``.

Headers (any order): 结对单位编码,结对单位名称,结对单位党组织,社区编码,协议签订日期,承诺事项,
任务类别,责任人,完成时限,完成日期. One row is one pledge. Units are made or renamed by code, a
pairing is found or made for each unit and community, an agreement for each pairing and signing
date, and a pledge for each pairing and text. A filled 完成日期 is a historical fact: the pledge
is recorded as closed on that day. The whole file is checked first; any problem means nothing is
written, and every problem is a ``RowError`` (第N行 列名: 原因). Importing the same file again
changes nothing.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError, max_length, too_long
from grassroots.kernel.tabular import Table, read_table
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import (
    Agreement,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeStatus,
    Task,
)
from grassroots.pairing.services import add_agreement, add_pledge, close_as_of_record

UNIT_CODE, UNIT_NAME, UNIT_PARTY = "结对单位编码", "结对单位名称", "结对单位党组织"
COMMUNITY, SIGNED, TEXT, TASK = "社区编码", "协议签订日期", "承诺事项", "任务类别"
RESPONSIBLE, DEADLINE, DONE = "责任人", "完成时限", "完成日期"
HEADERS = (
    UNIT_CODE,
    UNIT_NAME,
    UNIT_PARTY,
    COMMUNITY,
    SIGNED,
    TEXT,
    TASK,
    RESPONSIBLE,
    DEADLINE,
    DONE,
)
TASKS = {label: value for value, label in Task.choices}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
LIMITS = {
    UNIT_CODE: max_length(PairedUnit, "code"),
    UNIT_NAME: max_length(PairedUnit, "name"),
    UNIT_PARTY: max_length(PairedUnit, "party_organization"),
    TEXT: max_length(Pledge, "text"),
    RESPONSIBLE: max_length(Pledge, "responsible"),
}


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_date(text: str) -> datetime.date | None:
    text = "".join(_clean(text).split()).removesuffix("00:00:00")
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class PledgeRow:
    """One row of the file, checked; ``errors`` holds what is wrong with it."""

    number: int
    unit_code: str = ""
    unit_name: str = ""
    unit_party: str = ""
    community_code: str = ""
    signed_on: datetime.date | None = None
    text: str = ""
    task: str = ""
    responsible: str = ""
    deadline: datetime.date | None = None
    done_on: datetime.date | None = None
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason))


def _required_text(row: PledgeRow, cells: Mapping[str, str], column: str) -> str:
    text = _clean(cells.get(column, ""))
    if not text and column != UNIT_PARTY:
        row.error(column, _("不能为空"))
    elif problem := too_long(LIMITS[column], text):
        row.error(column, problem)
    return text


def _date(row: PledgeRow, cells: Mapping[str, str], column: str, *, required: bool) -> Any:
    text = _clean(cells.get(column, ""))
    if not text:
        if required:
            row.error(column, _("不能为空"))
        return None
    day = parse_date(text)
    if day is None:
        row.error(column, _("日期“%(text)s”无法识别，应为YYYY-MM-DD") % {"text": text})
    return day


def parse_row(number: int, cells: Mapping[str, str], today: datetime.date) -> PledgeRow:
    """Check one row on its own; what needs the tree or other rows is checked later."""
    row = PledgeRow(number=number)
    row.unit_code = _required_text(row, cells, UNIT_CODE)
    row.unit_name = _required_text(row, cells, UNIT_NAME)
    row.unit_party = _required_text(row, cells, UNIT_PARTY)
    row.community_code = "".join(_clean(cells.get(COMMUNITY, "")).split())
    if not row.community_code:
        row.error(COMMUNITY, _("不能为空"))
    row.signed_on = _date(row, cells, SIGNED, required=True)
    row.text = _required_text(row, cells, TEXT)
    task = _clean(cells.get(TASK, ""))
    row.task = TASKS.get(task, "")
    if not row.task:
        row.error(
            TASK,
            _("“%(text)s”不是任务类别，应为%(tasks)s") % {"text": task, "tasks": "、".join(TASKS)},
        )
    row.responsible = _required_text(row, cells, RESPONSIBLE)
    row.deadline = _date(row, cells, DEADLINE, required=True)
    row.done_on = _date(row, cells, DONE, required=False)
    if row.done_on and row.done_on > today:
        row.error(DONE, _("完成日期不能晚于今天"))
    return row


def _check_against_tree(rows: list[PledgeRow]) -> dict[str, OrgNode]:
    """Each row's community must be a community (or village) of the tree."""
    codes = {row.community_code for row in rows if row.community_code}
    communities = {
        node.code: node for node in OrgNode.objects.filter(code__in=codes, level=Level.COMMUNITY)
    }
    for row in rows:
        if row.community_code and row.community_code not in communities:
            row.error(
                COMMUNITY,
                _("组织架构中没有编码为%(code)s的社区（村）") % {"code": row.community_code},
            )
    return communities


def _check_across_rows(rows: list[PledgeRow], communities: dict[str, OrgNode]) -> None:
    """One name per unit code; one row per pledge; a unit belongs to one district."""
    names: dict[str, tuple[str, str, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    known = {u.code: u for u in PairedUnit.objects.filter(code__in={r.unit_code for r in rows})}
    for row in rows:
        if not row.unit_code:
            continue
        first = names.setdefault(row.unit_code, (row.unit_name, row.unit_party, row.number))
        if (row.unit_name, row.unit_party) != first[:2]:
            row.error(
                UNIT_NAME,
                _("结对单位%(code)s的名称或党组织与第%(n)d行不一致")
                % {"code": row.unit_code, "n": first[2]},
            )
        community = communities.get(row.community_code)
        unit = known.get(row.unit_code)
        if community and unit and not community.path.startswith(unit.district.path):
            row.error(COMMUNITY, _("该社区（村）不在结对单位所属区县内"))
        key = (row.unit_code, row.community_code, row.text)
        if key in seen:
            row.error(TEXT, _("与第%(n)d行重复") % {"n": seen[key]})
        seen.setdefault(key, row.number)


def read_rows(table: Table, today: datetime.date) -> list[PledgeRow]:
    table.require(*HEADERS, known=())
    rows = [parse_row(r.number, r.cells, today) for r in table.rows]
    communities = _check_against_tree(rows)
    _check_across_rows(rows, communities)
    errors = [e for row in rows for e in row.errors]
    if errors:
        raise ImportFailed(errors)
    for row in rows:
        row.community = communities[row.community_code]  # type: ignore[attr-defined]
    return rows


class _Writer:
    """Writes checked rows, finding what is there before making anything new."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.result = ImportResult()

    def unit(self, row: PledgeRow) -> PairedUnit:
        unit = PairedUnit.objects.filter(code=row.unit_code).first()
        if unit is None:
            district = OrgNode.objects.get(path=row.community.path[: OrgNode.steplen])  # type: ignore[attr-defined]
            return PairedUnit.objects.create(
                code=row.unit_code,
                name=row.unit_name,
                party_organization=row.unit_party,
                district=district,
            )
        if (unit.name, unit.party_organization) != (row.unit_name, row.unit_party):
            PairedUnit.objects.filter(pk=unit.pk).update(
                name=row.unit_name, party_organization=row.unit_party
            )
        return unit

    def pairing(self, unit: PairedUnit, row: PledgeRow) -> Pairing:
        community = row.community  # type: ignore[attr-defined]
        found = Pairing.objects.filter(unit=unit, community=community).order_by("-started_on")
        pairing = found.first()
        if pairing is None:
            pairing = Pairing.objects.create(
                unit=unit, community=community, started_on=row.signed_on
            )
        return pairing

    def agreement(self, pairing: Pairing, row: PledgeRow) -> Agreement:
        agreement = Agreement.objects.filter(pairing=pairing, signed_on=row.signed_on).first()
        if agreement is None:
            agreement = add_agreement(pairing, signed_on=row.signed_on, actor=self.actor)
        return agreement

    def pledge(self, pairing: Pairing, agreement: Agreement, row: PledgeRow) -> None:
        pledge = Pledge.objects.filter(pairing=pairing, text=row.text).first()
        created = pledge is None
        changed = False
        if pledge is None:
            pledge = add_pledge(
                pairing,
                agreement=agreement,
                text=row.text,
                task=row.task,
                responsible=row.responsible,
                deadline=row.deadline,
                actor=self.actor,
            )
        else:
            wanted = {"task": row.task, "responsible": row.responsible, "deadline": row.deadline}
            if any(getattr(pledge, k) != v for k, v in wanted.items()):
                Pledge.objects.filter(pk=pledge.pk).update(**wanted)
                changed = True
        # Closed once (by this file or in the system): a reopening made since is not undone.
        if row.done_on and not pledge.changes.filter(to_status=PledgeStatus.CLOSED).exists():
            close_as_of_record(pledge, on=row.done_on, actor=self.actor)
            changed = True
        if created:
            self.result.created += 1
        elif changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def write(self, rows: list[PledgeRow]) -> ImportResult:
        for row in rows:
            unit = self.unit(row)
            pairing = self.pairing(unit, row)
            self.pledge(pairing, self.agreement(pairing, row), row)
        return self.result


def import_pledges(
    path: str | Path, *, actor: Any = None, today: datetime.date | None = None
) -> ImportResult:
    """Check the whole file, then write it in one transaction (or raise ``ImportFailed``)."""
    rows = read_rows(read_table(path), today or timezone.localdate())
    with transaction.atomic():
        result = _Writer(actor).write(rows)
        record(
            Action.PAIRING_IMPORTED,
            actor=actor if getattr(actor, "pk", None) else None,
            username="" if getattr(actor, "pk", None) else "系统",
            target=Path(path).name[:200],
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


__all__ = ["HEADERS", "import_pledges"]
