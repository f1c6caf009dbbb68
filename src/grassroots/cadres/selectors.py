"""Reads of the rosters, each starting from ``CadreMember.objects.visible_to(user)``.

``term_report`` is the one way to the composition report: the members of a term in office on
a day (the term's reference date unless told), within the user's scope and, when given, one
unit's subtree; with ``compare``, the other term's figures over the same subtree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from grassroots.cadres import checks, figures
from grassroots.cadres.models import CadreMember, MemberChange, Term
from grassroots.org.models import Level, OrgNode

DEFAULT_AGE_LIMIT = 60


def age_limit() -> int:
    """Members older than this many full years are flagged (GRASSROOTS_CADRES_AGE_LIMIT)."""
    return int(getattr(settings, "CADRES_AGE_LIMIT", DEFAULT_AGE_LIMIT))


def terms() -> QuerySet[Term]:
    """Every term, newest first. Terms hold no scoped data: only their rosters do."""
    return Term.objects.order_by("-year")


def roster(
    user: Any, term: Term, *, unit: OrgNode | None = None, on: datetime.date | None = None
) -> QuerySet[CadreMember]:
    """Members of ``term`` the user may see (in office on ``on`` when given), roster order."""
    members = CadreMember.objects.all() if user is None else (CadreMember.objects.visible_to(user))
    members = members.filter(term=term, unit__level=Level.COMMUNITY)
    if unit is not None:
        members = members.filter(unit__path__within=unit.path)
    if on is not None:
        members = members.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=on),
            Q(left_on__isnull=True) | Q(left_on__gt=on),
        )
    return members.select_related("unit").order_by("unit__path", "row", "pk")


def facts(members: QuerySet[CadreMember]) -> list[figures.MemberFacts]:
    values = members.values_list(
        "pk",
        "unit_id",
        "unit__name",
        "name",
        "gender",
        "birth_date",
        "education",
        "party_post",
        "committee_post",
        "id_number_index",
    )
    return [
        figures.MemberFacts(
            member_id=pk,
            unit_id=unit_id,
            unit_name=unit_name,
            name=name,
            gender=gender,
            birth_date=birth,
            education=education,
            party_post=party,
            committee_post=committee,
            id_index=index or "",
        )
        for (pk, unit_id, unit_name, name, gender, birth, education, party, committee, index) in (
            values
        )
    ]


@dataclass
class TermReport:
    term: Term
    on: datetime.date
    unit: OrgNode | None
    figures: figures.Figures
    warnings: list[checks.Warning]
    age_limit: int
    previous: TermReport | None = None
    extra: dict = field(default_factory=dict)

    @property
    def summary(self) -> dict:
        return figures.summary(self.figures)

    @property
    def change(self) -> dict | None:
        if self.previous is None:
            return None
        return figures.change(self.figures, self.previous.figures)

    def as_json(self) -> dict:
        """The keys of the published report; numbers as JSON numbers, one decimal."""
        data = _plain(self.summary)
        if self.previous is not None:
            data["change"] = _plain(self.change or {})
        return data


def _plain(values: dict) -> dict:
    return {
        key: float(value) if hasattr(value, "quantize") else value for key, value in values.items()
    }


def term_report(
    user: Any,
    term: Term,
    *,
    unit: OrgNode | None = None,
    on: datetime.date | None = None,
    compare: Term | None = None,
    limit: int | None = None,
) -> TermReport:
    """The report of ``term`` as of ``on`` (its reference date by default).

    ``user`` None means the whole tree (the operator's command line). Ages are full years on
    the day the report is made as of.
    """
    day = on or term.reference_date
    limit = age_limit() if limit is None else limit
    rows = facts(roster(user, term, unit=unit, on=day))
    report = TermReport(
        term=term,
        on=day,
        unit=unit,
        figures=figures.compose(rows, day),
        warnings=checks.run_checks(figures.group(rows), on=day, age_limit=limit),
        age_limit=limit,
    )
    if compare is not None:
        report.previous = term_report(user, compare, unit=unit, limit=limit)
    return report


def report_units(user: Any) -> list[OrgNode]:
    """The units a report or roster may be narrowed to: districts, streets, communities."""
    return list(
        OrgNode.objects.visible_to(user)
        .filter(level__in=[Level.DISTRICT, Level.STREET, Level.COMMUNITY])
        .order_by("path")
    )


def communities_for(user: Any) -> QuerySet[OrgNode]:
    """The communities the user may record a by-election in."""
    return OrgNode.objects.visible_to(user).filter(level=Level.COMMUNITY).order_by("path")


def member_changes(user: Any, member: CadreMember) -> QuerySet[MemberChange]:
    return MemberChange.objects.visible_to(user).filter(member=member)


def no_members() -> QuerySet[CadreMember]:
    return CadreMember.objects.none()
