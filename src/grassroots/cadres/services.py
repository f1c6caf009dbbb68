"""Writes to the rosters: importing a term, and the dated changes during a term.

Each action owns its transaction, its audit record and its history row. Two clerks changing
the same member at once: the member's ``version`` decides, the second is told to reload.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.cadres.importing import CheckedRoster, RosterImportResult, check_roster
from grassroots.cadres.models import (
    CadreMember,
    ChangeKind,
    MemberChange,
    RosterImport,
    Term,
)
from grassroots.cadres.rows import RosterRow
from grassroots.cadres.units import UnitError, create_units
from grassroots.kernel.importing import ImportFailed
from grassroots.kernel.tabular import Table
from grassroots.org.models import OrgNode

CHUNK = 1000


class RosterChangeError(ValueError):
    """A change the roster cannot take; the message says why, in Chinese."""


def _member(row: RosterRow, *, term: Term, unit: OrgNode, position: int) -> CadreMember:
    member = CadreMember(
        term=term,
        unit=unit,
        row=position,
        name=row.name,
        gender=row.gender,
        birth_date=row.birth_date,
        education=row.education,
        party_post=row.party_post,
        committee_post=row.committee_post,
    )
    member.set_id_number(row.id_number)
    return member


def _lock_term(year: int, reference_date: datetime.date) -> tuple[Term, bool]:
    try:
        with transaction.atomic():
            term, created = Term.objects.get_or_create(
                year=year, defaults={"reference_date": reference_date}
            )
    except IntegrityError:  # another import created it a moment ago
        created = False
    term = Term.objects.select_for_update().get(year=year)
    return term, created


def import_roster(
    source: str | Path | Table,
    *,
    year: int,
    reference_date: datetime.date,
    create_missing_units: bool = False,
    under: str | None = None,
    actor: Any = None,
) -> RosterImportResult:
    """Check the file, then replace the term's roster with it; raise ImportFailed on errors."""
    checked = check_roster(source, reference_date=reference_date, create_units=create_missing_units)
    try:
        with transaction.atomic():
            return _replace_roster(
                checked, year=year, reference_date=reference_date, under=under, actor=actor
            )
    except UnitError as error:
        raise ImportFailed(message=str(error)) from None


def _replace_roster(
    checked: CheckedRoster,
    *,
    year: int,
    reference_date: datetime.date,
    under: str | None,
    actor: Any,
) -> RosterImportResult:
    term, _created = _lock_term(year, reference_date)
    created = create_units(checked.match.missing, under=under, actor=actor)
    units = {**checked.match.found, **created}
    _total, deleted = term.members.all().delete()
    replaced = deleted.get(CadreMember._meta.label, 0)
    members = [
        _member(row, term=term, unit=units[row.unit_name], position=row.number)
        for row in checked.rows
    ]
    CadreMember.objects.bulk_create(members, batch_size=CHUNK)
    Term.objects.filter(pk=term.pk).update(reference_date=reference_date, version=F("version") + 1)
    RosterImport.objects.create(
        term=term,
        source=checked.name[:200],
        reference_date=reference_date,
        members=len(members),
        replaced=replaced,
        units_created=sorted(created),
        actor=actor,
    )
    record(
        Action.CADRE_ROSTER_IMPORTED,
        actor=actor,
        target=f"{year}年换届名册",
        source=checked.name,
        year=year,
        reference_date=reference_date.isoformat(),
        members=len(members),
        replaced=replaced,
        units_created=sorted(created),
    )
    return RosterImportResult(
        year=year,
        members=len(members),
        replaced=replaced,
        units=len({row.unit_name for row in checked.rows}),
        units_created=sorted(created),
    )


def _check_change_date(term: Term, on: datetime.date) -> None:
    if on <= term.reference_date:
        raise RosterChangeError(
            _("变动日期应晚于本届统计基准日%(date)s") % {"date": term.reference_date.isoformat()}
        )
    if on > datetime.date.today():
        raise RosterChangeError(_("变动日期不能晚于今天"))


@transaction.atomic
def record_departure(
    member: CadreMember,
    *,
    on: datetime.date,
    reason: str,
    actor: Any,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> CadreMember:
    """A member leaves office on ``on`` (辞职、免职、调离…); the term's past stays as it was."""
    # The member's row alone: a lock on the joined term too would queue every other change
    # of the same round behind this one.
    locked = (
        CadreMember.objects.select_for_update(of=("self",)).select_related("term").get(pk=member.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise RosterChangeError(
            _("%(name)s的信息已被他人修改，请刷新后重试") % {"name": locked.name}
        )
    if locked.left_on is not None:
        raise RosterChangeError(
            _("%(name)s已于%(date)s离任")
            % {"name": locked.name, "date": locked.left_on.isoformat()}
        )
    _check_change_date(locked.term, on)
    if locked.joined_on is not None and on <= locked.joined_on:
        raise RosterChangeError(
            _("离任日期应晚于补选日期%(date)s") % {"date": locked.joined_on.isoformat()}
        )
    reason = reason.strip()[:100]
    CadreMember.objects.filter(pk=locked.pk).update(
        left_on=on, left_reason=reason, version=F("version") + 1
    )
    MemberChange.objects.create(
        term=locked.term,
        member=locked,
        unit_id=locked.unit_id,
        kind=ChangeKind.LEFT,
        effective_on=on,
        member_name=locked.name,
        actor=actor,
        detail={"from": {"left_on": None}, "to": {"left_on": on.isoformat(), "reason": reason}},
    )
    record(
        Action.CADRE_MEMBER_CHANGED,
        actor=actor,
        request=request,
        node=locked.unit,
        target=f"{locked.name}（#{locked.pk}）",
        change="left",
        year=locked.term.year,
        effective_on=on.isoformat(),
        reason=reason,
    )
    return CadreMember.objects.get(pk=locked.pk)


@transaction.atomic
def record_by_election(
    row: RosterRow,
    *,
    term: Term,
    unit: OrgNode,
    on: datetime.date,
    actor: Any,
    request: HttpRequest | None = None,
) -> CadreMember:
    """A member joins the term's committees by a by-election (补选) on ``on``."""
    if row.problems:
        raise RosterChangeError("；".join(f"{column}: {reason}" for column, reason in row.problems))
    term = Term.objects.select_for_update().get(pk=term.pk)
    _check_change_date(term, on)
    last = term.members.order_by("-row").values_list("row", flat=True).first() or 0
    member = _member(row, term=term, unit=unit, position=last + 1)
    member.joined_on = on
    member.save()
    MemberChange.objects.create(
        term=term,
        member=member,
        unit=unit,
        kind=ChangeKind.BY_ELECTED,
        effective_on=on,
        member_name=member.name,
        actor=actor,
        detail={
            "from": None,
            "to": {
                "unit": unit.code,
                "party_post": member.party_post,
                "committee_post": member.committee_post,
                "joined_on": on.isoformat(),
            },
        },
    )
    record(
        Action.CADRE_MEMBER_CHANGED,
        actor=actor,
        request=request,
        node=unit,
        target=f"{member.name}（#{member.pk}）",
        change="by_elected",
        year=term.year,
        effective_on=on.isoformat(),
    )
    return member
