"""Scoped reads of the group-rental campaign: campaigns, cases, and the report as of a date.

A reader sees a campaign when its area is inside their subtree or when they see one of its
cases (a grid worker sees the street's campaign through the cases of their grid); the report
counts only the cases they see. The figures are replayed from each case's dated changes, so a
report as of an earlier date shows what stood then.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grassroots.org.models import Level, OrgNode
from grassroots.rentals.choices import CaseStatus, ChangeKind, Method
from grassroots.rentals.models import CaseChange, RentalCampaign, RentalCase

OPEN_CASES_SHOWN = 200


def _visible(model: Any, user: Any) -> QuerySet:
    """``user`` None is the operator's command line: every row."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def campaigns(user: Any) -> QuerySet[RentalCampaign]:
    """The campaigns ``user`` sees: run in their subtree, or holding a case they see."""
    with_cases = RentalCase.objects.visible_to(user).values("campaign_id")
    own = RentalCampaign.objects.visible_to(user)
    return (
        RentalCampaign.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=with_cases))
        .select_related("node")
        .order_by("-starts_on", "-pk")
    )


def campaign_units(user: Any) -> QuerySet[OrgNode]:
    """The units a campaign may be run over: the user's own and those below, grids included."""
    return OrgNode.objects.visible_to(user).order_by("path")


def campaign(user: Any, campaign_id: int) -> RentalCampaign:
    found = campaigns(user).filter(pk=campaign_id).first()
    if found is None:
        raise Http404
    return found


def campaign_cases(user: Any, campaign: RentalCampaign) -> QuerySet[RentalCase]:
    return (
        RentalCase.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("room", "grid")
        .order_by("opened_on", "pk")
    )


def case(user: Any, case_id: int) -> RentalCase:
    found = (
        RentalCase.objects.visible_to(user)
        .select_related("room", "grid", "campaign")
        .filter(pk=case_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def case_history(case: RentalCase) -> dict[str, Any]:
    """A case's actions and changes, oldest first (the case was read through the scope)."""
    return {
        "actions": list(case.actions.select_related("actor").order_by("on", "pk")),
        "changes": list(case.changes.select_related("actor").order_by("on", "pk")),
    }


@dataclass
class Figures:
    """The campaign's figures for one unit (or all): 整改率 = rectified / identified."""

    identified: int = 0
    rectified: int = 0
    rebounds: int = 0
    by_method: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Method.values, 0))

    @property
    def rate(self) -> Decimal | None:
        """Percent with one decimal, rounded half up; None when nothing was identified."""
        if not self.identified:
            return None
        return (Decimal(self.rectified * 100) / Decimal(self.identified)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def open(self) -> int:
        return self.identified - self.rectified

    def add(self, state: _CaseState) -> None:
        self.identified += 1
        self.rebounds += state.rebounds
        if state.rectified:
            self.rectified += 1
            self.by_method[state.method] = self.by_method.get(state.method, 0) + 1

    def as_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "identified": self.identified,
            "rectified": self.rectified,
            "rate": float(rate) if rate is not None else None,
            "by_method": {str(label): self.by_method.get(v, 0) for v, label in Method.choices},
            "rebounds": self.rebounds,
        }

    def method_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_method.get(v, 0)) for v, label in Method.choices]


@dataclass
class _CaseState:
    grid_id: int
    rectified: bool = False
    method: str = ""
    rebounds: int = 0


@dataclass
class UnitRow:
    node: OrgNode
    figures: Figures


@dataclass
class Report:
    campaign: RentalCampaign
    as_of: datetime.date
    total: Figures
    streets: list[UnitRow]
    communities: list[UnitRow]
    open_cases: list[RentalCase]
    open_count: int

    def as_json(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign.pk,
            "title": self.campaign.title,
            "as_of": self.as_of.isoformat(),
            **self.total.as_json(),
            "by_unit": {row.node.code: row.figures.as_json() for row in self.communities},
            "by_street": {row.node.code: row.figures.as_json() for row in self.streets},
        }


def _replay(user: Any, campaign: RentalCampaign, as_of: datetime.date) -> dict[int, _CaseState]:
    """Each case's state on ``as_of``, from its changes up to that day."""
    rows = (
        _visible(CaseChange, user)
        .filter(campaign=campaign, on__lte=as_of)
        .order_by("on", "pk")
        .values_list("case_id", "grid_id", "kind", "method")
    )
    states: dict[int, _CaseState] = {}
    for case_id, grid_id, kind, method in rows.iterator(chunk_size=5000):
        state = states.get(case_id)
        if state is None:
            state = states[case_id] = _CaseState(grid_id)
        if kind == ChangeKind.RECTIFIED:
            state.rectified, state.method = True, method
        elif kind == ChangeKind.REBOUND:
            state.rectified, state.method = False, ""
            state.rebounds += 1
    return states


def _ancestors(grid_ids: set[int]) -> dict[int, tuple[OrgNode | None, OrgNode | None]]:
    """Each grid's community and street (None where the tree has none above it)."""
    grids = OrgNode.objects.filter(pk__in=grid_ids).values_list("pk", "path")
    paths = {pk: path for pk, path in grids}
    prefixes = {prefix for path in paths.values() for prefix in _prefixes(path)}
    above = {
        node.path: node
        for node in OrgNode.objects.filter(
            path__in=prefixes, level__in=[Level.STREET, Level.COMMUNITY]
        )
    }
    result = {}
    for pk, path in paths.items():
        found = [above[p] for p in sorted(_prefixes(path)) if p in above]
        community = next((n for n in found if n.level == Level.COMMUNITY), None)
        street = next((n for n in found if n.level == Level.STREET), None)
        result[pk] = (community, street)
    return result


def _prefixes(path: str) -> set[str]:
    return {path[:i] for i in range(OrgNode.steplen, len(path), OrgNode.steplen)}


def report(user: Any, campaign: RentalCampaign, as_of: datetime.date | None = None) -> Report:
    """The campaign's figures on ``as_of`` (default today) over the cases ``user`` sees."""
    as_of = as_of or timezone.localdate()
    states = _replay(user, campaign, as_of)
    total = Figures()
    per_grid: dict[int, Figures] = defaultdict(Figures)
    for state in states.values():
        total.add(state)
        per_grid[state.grid_id].add(state)
    units = _ancestors(set(per_grid))
    per_node: dict[int, UnitRow] = {}
    for grid_id, figures in per_grid.items():
        for node in units[grid_id]:
            if node is not None:
                row = per_node.setdefault(node.pk, UnitRow(node, Figures()))
                _merge(row.figures, figures)
    rows = sorted(per_node.values(), key=lambda r: r.node.code)
    # The states come in the order the cases were found (their first change), oldest first.
    open_ids = [pk for pk, state in states.items() if not state.rectified]
    open_cases = list(
        _visible(RentalCase, user)
        .filter(pk__in=open_ids[:OPEN_CASES_SHOWN])
        .select_related("room", "grid")
        .order_by("opened_on", "pk")[:OPEN_CASES_SHOWN]
    )
    return Report(
        campaign=campaign,
        as_of=as_of,
        total=total,
        streets=[r for r in rows if r.node.level == Level.STREET],
        communities=[r for r in rows if r.node.level == Level.COMMUNITY],
        open_cases=open_cases,
        open_count=len(open_ids),
    )


def _merge(into: Figures, figures: Figures) -> None:
    into.identified += figures.identified
    into.rectified += figures.rectified
    into.rebounds += figures.rebounds
    for method, n in figures.by_method.items():
        into.by_method[method] = into.by_method.get(method, 0) + n


# --- the home page ---------------------------------------------------------------------------

RENTALS_PANEL_SHOWN = 5


@dataclass
class RentalsPanel:
    """群租房整治 on the home page: the open cases in the user's scope and the overdue ones (still
    open after their campaign's end date), the overdue first."""

    open: int
    overdue: int
    pressing: list[RentalCase] = field(default_factory=list)
    today: datetime.date | None = None


def rentals_panel(user: Any) -> RentalsPanel | None:
    """The panel (``HomePanel`` context); None when no case is open in the user's scope.
    Two queries: the counts, and the most pressing cases."""
    today = timezone.localdate()
    late = Q(campaign__ends_on__lt=today)
    open_cases = RentalCase.objects.visible_to(user).filter(status=CaseStatus.OPEN).order_by()
    counts = open_cases.aggregate(open=Count("pk"), overdue=Count("pk", filter=late))
    if not counts["open"]:
        return None
    pressing = list(
        open_cases.select_related("room", "grid", "campaign").order_by(
            F("campaign__ends_on").asc(nulls_last=True), "opened_on", "pk"
        )[:RENTALS_PANEL_SHOWN]
    )
    return RentalsPanel(counts["open"], counts["overdue"], pressing, today)
