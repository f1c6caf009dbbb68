"""Reads of pairings: which units a place can turn to, and the scoped pairing pages' rows.

Everything a person reads starts from ``visible_to``: the org tree's subtree, narrowed for a
paired unit's liaison to its own units (``pairing.scope``). The board (挂图作战) counts each
pairing's pledges: closed, overdue, due within seven days, and the closing rate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import (
    DUE_SOON,
    Agreement,
    Evidence,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeChange,
    ProgressEntry,
)


def units_paired_with(node: OrgNode, day: datetime.date | None = None) -> QuerySet[PairedUnit]:
    """The units paired, on ``day`` (today), with the community that ``node`` is in or is."""
    day = day or timezone.localdate()
    communities = [
        node.path[:n] for n in range(OrgNode.steplen, len(node.path) + 1, OrgNode.steplen)
    ]
    pairings = Pairing.objects.active_on(day).filter(
        community__path__in=communities, community__level=Level.COMMUNITY
    )
    return PairedUnit.objects.filter(pairings__in=pairings).distinct().order_by("code")


# --- scoped reads --------------------------------------------------------------------------


def visible_pairings(user: Any) -> QuerySet[Pairing]:
    return Pairing.objects.visible_to(user).select_related("unit", "community")


def pairing_for(user: Any, pairing_id: int) -> Pairing:
    """One pairing the user may see (else 404)."""
    return get_visible_or_404(Pairing, user, pk=pairing_id)


def agreements_of(user: Any, pairing: Pairing) -> QuerySet[Agreement]:
    return Agreement.objects.visible_to(user).filter(pairing=pairing).order_by("signed_on", "id")


def agreement_for(user: Any, agreement_id: int) -> Agreement:
    return get_visible_or_404(Agreement, user, pk=agreement_id)


def pledges_of(user: Any, pairing: Pairing) -> QuerySet[Pledge]:
    return Pledge.objects.visible_to(user).filter(pairing=pairing).order_by("deadline", "id")


def pledge_for(user: Any, pledge_id: int) -> Pledge:
    """One pledge the user may see, with its pairing, unit and community (else 404)."""
    rows = Pledge.objects.visible_to(user).select_related(
        "pairing__unit", "pairing__community", "closed_by"
    )
    try:
        return rows.get(pk=pledge_id)
    except (Pledge.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def progress_of(user: Any, pledge: Pledge) -> QuerySet[ProgressEntry]:
    return ProgressEntry.objects.visible_to(user).filter(pledge=pledge).order_by("-at", "-id")


def evidence_of(user: Any, pledge: Pledge) -> QuerySet[Evidence]:
    return Evidence.objects.visible_to(user).filter(pledge=pledge).order_by("uploaded_at", "id")


def evidence_for(user: Any, evidence_id: int) -> Evidence:
    return get_visible_or_404(Evidence, user, pk=evidence_id)


def changes_of(user: Any, pledge: Pledge) -> QuerySet[PledgeChange]:
    return PledgeChange.objects.visible_to(user).filter(pledge=pledge).order_by("-at", "-id")


def pledges_with_pairings(user: Any) -> QuerySet[Pledge]:
    return Pledge.objects.visible_to(user).select_related("pairing__unit", "pairing__community")


def pairings_with_pledges(user: Any) -> QuerySet[Pairing]:
    """The user's pairings, each with its visible pledges prefetched (list and pairing pages)."""
    return visible_pairings(user).prefetch_related(
        Prefetch("pledges", queryset=Pledge.objects.visible_to(user).order_by("deadline", "id"))
    )


# --- the board -----------------------------------------------------------------------------


def completion_rate(closed: int, pledges: int) -> float | None:
    """closed / pledges in percent, one decimal, rounded half up; None without pledges."""
    if not pledges:
        return None
    value = Decimal(closed * 100) / Decimal(pledges)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class BoardRow:
    """One pairing's pledges as of a day: how many, closed, overdue, due soon, the rate."""

    unit_code: str
    unit_name: str
    community_code: str
    community_name: str
    pairing_id: int
    pledges: int
    closed: int
    overdue: int
    due_soon: int

    @property
    def rate(self) -> float | None:
        """closed / pledges in percent, one decimal, rounded half up; None without pledges."""
        return completion_rate(self.closed, self.pledges)

    @property
    def on_track(self) -> int:
        """Open, and due more than seven days after the day (正常推进)."""
        return self.pledges - self.closed - self.overdue - self.due_soon

    def as_json(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit_code,
            "community_code": self.community_code,
            "pledges": self.pledges,
            "closed": self.closed,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "rate": self.rate,
        }


def board(pairings: QuerySet[Pairing], as_of: datetime.date) -> list[BoardRow]:
    """The board of ``pairings`` as of ``as_of``: a pledge closed later counts as open then."""
    closed = Q(pledges__closed_on__isnull=False, pledges__closed_on__lte=as_of)
    is_open = Q(pledges__isnull=False) & ~closed
    rows = (
        pairings.order_by("unit__code", "community__code", "pk")
        .values("pk", "unit__code", "unit__name", "community__code", "community__name")
        .annotate(
            n_pledges=Count("pledges"),
            n_closed=Count("pledges", filter=closed),
            n_overdue=Count("pledges", filter=is_open & Q(pledges__deadline__lt=as_of)),
            n_due_soon=Count(
                "pledges",
                filter=is_open
                & Q(pledges__deadline__gte=as_of, pledges__deadline__lte=as_of + DUE_SOON),
            ),
        )
    )
    return [
        BoardRow(
            unit_code=r["unit__code"],
            unit_name=r["unit__name"],
            community_code=r["community__code"],
            community_name=r["community__name"],
            pairing_id=r["pk"],
            pledges=r["n_pledges"],
            closed=r["n_closed"],
            overdue=r["n_overdue"],
            due_soon=r["n_due_soon"],
        )
        for r in rows
    ]


def visible_board(user: Any, as_of: datetime.date) -> list[BoardRow]:
    """The board of the pairings the user may see."""
    return board(visible_pairings(user), as_of)


def all_pairings() -> QuerySet[Pairing]:
    """Every pairing: the operator's command line, which runs as no account."""
    return Pairing.objects.all()


# --- the board page (挂图作战): filters, tallies per unit and community, the ranking -------


@dataclass(frozen=True)
class Tally:
    """The pledges of a group of pairings (a unit, a community, everything shown)."""

    code: str
    name: str
    pairings: int = 0
    pledges: int = 0
    closed: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def rate(self) -> float | None:
        return completion_rate(self.closed, self.pledges)

    @property
    def on_track(self) -> int:
        return self.pledges - self.closed - self.overdue - self.due_soon

    def plus(self, row: BoardRow) -> Tally:
        return Tally(
            code=self.code,
            name=self.name,
            pairings=self.pairings + 1,
            pledges=self.pledges + row.pledges,
            closed=self.closed + row.closed,
            overdue=self.overdue + row.overdue,
            due_soon=self.due_soon + row.due_soon,
        )


@dataclass(frozen=True)
class Board:
    """The board as of a day: each pairing's row, the totals, units ranked, communities."""

    as_of: datetime.date
    rows: list[BoardRow]
    totals: Tally
    units: list[Tally]  # ranked: highest rate first, then fewer overdue, then code
    communities: list[Tally]  # by code


def _ranking_key(tally: Tally) -> tuple[float, int, str]:
    # A unit with no pledges yet has no rate: it ranks after every unit that has one.
    rate = -1.0 if tally.rate is None else tally.rate
    return (-rate, tally.overdue, tally.code)


def summarise(rows: list[BoardRow], as_of: datetime.date) -> Board:
    """Add the rows up per unit, per community and in all; rank the units."""
    totals = Tally(code="", name="")
    units: dict[str, Tally] = {}
    communities: dict[str, Tally] = {}
    for row in rows:
        totals = totals.plus(row)
        unit = units.get(row.unit_code) or Tally(code=row.unit_code, name=row.unit_name)
        units[row.unit_code] = unit.plus(row)
        community = communities.get(row.community_code) or Tally(
            code=row.community_code, name=row.community_name
        )
        communities[row.community_code] = community.plus(row)
    return Board(
        as_of=as_of,
        rows=rows,
        totals=totals,
        units=sorted(units.values(), key=_ranking_key),
        communities=sorted(communities.values(), key=lambda t: t.code),
    )


def board_streets(user: Any) -> list[OrgNode]:
    """The streets (towns) the user may narrow the board to: the department's filter."""
    return list(
        OrgNode.objects.visible_to(user)
        .filter(level=Level.STREET)
        .order_by("path")
        .only("pk", "code", "name", "path")
    )


def board_units(user: Any) -> list[tuple[str, str]]:
    """(code, name) of the units paired with the communities the user may see."""
    return list(
        visible_pairings(user)
        .order_by("unit__code")
        .values_list("unit__code", "unit__name")
        .distinct()
    )


def board_for(
    user: Any,
    as_of: datetime.date,
    *,
    street: OrgNode | None = None,
    unit_code: str = "",
) -> Board:
    """The board of the pairings the user may see, within a street and of a unit if given."""
    pairings = visible_pairings(user)
    if street is not None:
        pairings = pairings.filter(community__path__startswith=street.path)
    if unit_code:
        pairings = pairings.filter(unit__code=unit_code)
    return summarise(board(pairings, as_of), as_of)
