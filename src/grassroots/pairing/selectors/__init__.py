"""Reads of pairings: which units a place can turn to, and the scoped pairing pages' rows.

Everything a person reads starts from ``visible_to``: the org tree's subtree, or for a paired
unit's liaison its own units' rows wherever they hang (``pairing.scope``). The board (挂图作战)
counts each pairing's pledges and tasks: closed, overdue, due within seven days, and the
closing rate; and each unit's visits per month and the share of them the community secretary
called a burden.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import (
    DUE_SOON,
    Agreement,
    Answer,
    AnswerChange,
    Evidence,
    Finding,
    ListTask,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeChange,
    PledgeStatus,
    Problem,
    ProgressEntry,
    TaskChange,
    TaskEvidence,
    TaskProgress,
    Visit,
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
    # The pairing's tasks (任务清单), by the same standings.
    tasks: int = 0
    tasks_closed: int = 0
    tasks_overdue: int = 0
    tasks_due_soon: int = 0

    @property
    def rate(self) -> float | None:
        """closed / pledges in percent, one decimal, rounded half up; None without pledges."""
        return completion_rate(self.closed, self.pledges)

    @property
    def on_track(self) -> int:
        """Open, and due more than seven days after the day (正常推进)."""
        return self.pledges - self.closed - self.overdue - self.due_soon

    @property
    def tasks_rate(self) -> float | None:
        return completion_rate(self.tasks_closed, self.tasks)

    @property
    def tasks_on_track(self) -> int:
        return self.tasks - self.tasks_closed - self.tasks_overdue - self.tasks_due_soon

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


def _task_counts(pairings: QuerySet[Pairing], as_of: datetime.date) -> dict[int, dict[str, int]]:
    """Per pairing id, its tasks as of ``as_of``, in one grouped query. A task is closed when
    it was closed out on or before the day (a task reopened since is open again)."""
    closed = Q(status=PledgeStatus.CLOSED, closed_on__isnull=False, closed_on__lte=as_of)
    is_open = ~closed
    rows = (
        ListTask.objects.filter(problem__pairing__in=pairings.values("pk"))
        .values("problem__pairing")
        .order_by()
        .annotate(
            tasks=Count("pk"),
            tasks_closed=Count("pk", filter=closed),
            tasks_overdue=Count("pk", filter=is_open & Q(deadline__lt=as_of)),
            tasks_due_soon=Count(
                "pk", filter=is_open & Q(deadline__gte=as_of, deadline__lte=as_of + DUE_SOON)
            ),
        )
    )
    return {r.pop("problem__pairing"): r for r in rows}


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
    tasks = _task_counts(pairings, as_of)
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
            **tasks.get(r["pk"], {}),
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
    tasks: int = 0
    tasks_closed: int = 0
    tasks_overdue: int = 0
    tasks_due_soon: int = 0

    @property
    def rate(self) -> float | None:
        return completion_rate(self.closed, self.pledges)

    @property
    def on_track(self) -> int:
        return self.pledges - self.closed - self.overdue - self.due_soon

    @property
    def tasks_rate(self) -> float | None:
        return completion_rate(self.tasks_closed, self.tasks)

    @property
    def tasks_on_track(self) -> int:
        return self.tasks - self.tasks_closed - self.tasks_overdue - self.tasks_due_soon

    def plus(self, row: BoardRow) -> Tally:
        return Tally(
            code=self.code,
            name=self.name,
            pairings=self.pairings + 1,
            pledges=self.pledges + row.pledges,
            closed=self.closed + row.closed,
            overdue=self.overdue + row.overdue,
            due_soon=self.due_soon + row.due_soon,
            tasks=self.tasks + row.tasks,
            tasks_closed=self.tasks_closed + row.tasks_closed,
            tasks_overdue=self.tasks_overdue + row.tasks_overdue,
            tasks_due_soon=self.tasks_due_soon + row.tasks_due_soon,
        )


@dataclass(frozen=True)
class Board:
    """The board as of a day: each pairing's row, the totals, units ranked, communities."""

    as_of: datetime.date
    rows: list[BoardRow]
    totals: Tally
    units: list[Tally]  # ranked: highest rate first, then fewer overdue, then code
    communities: list[Tally]  # by code
    # Each ranked unit's visits (per month, the last six) and burden share, in ranking order.
    visits: list[VisitSummary] = field(default_factory=list)

    @property
    def most_visits_in_a_month(self) -> int:
        """The units' busiest month: the one scale of the visit charts."""
        return max((v.most_in_a_month for v in self.visits), default=0)

    @property
    def visit_months(self) -> list[datetime.date]:
        """The first days of the months the visit figures cover, oldest first."""
        return _last_months(self.as_of, VISIT_MONTHS)


def _ranking_key(tally: Tally) -> tuple[float, int, str]:
    # A unit with no pledges yet has no rate: it ranks after every unit that has one.
    rate = -1.0 if tally.rate is None else tally.rate
    return (-rate, tally.overdue, tally.code)


def summarise(
    rows: list[BoardRow], as_of: datetime.date, visits: list[VisitSummary] | None = None
) -> Board:
    """Add the rows up per unit, per community and in all; rank the units. ``visits``, the
    units' visit summaries, are put in the ranking's order (a unit without visits at 0)."""
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
    ranked = sorted(units.values(), key=_ranking_key)
    return Board(
        as_of=as_of,
        rows=rows,
        totals=totals,
        units=ranked,
        communities=sorted(communities.values(), key=lambda t: t.code),
        visits=_in_ranking_order(ranked, visits or [], as_of),
    )


def _in_ranking_order(
    units: list[Tally], visits: list[VisitSummary], as_of: datetime.date
) -> list[VisitSummary]:
    by_code = {v.unit_code: v for v in visits}
    none = tuple((month, 0) for month in _last_months(as_of, VISIT_MONTHS))
    return [
        by_code.get(u.code)
        or VisitSummary(
            unit_id=0, unit_code=u.code, unit_name=u.name, months=none, answered=0, burden=0
        )
        for u in units
    ]


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
    visits = Visit.objects.visible_to(user).filter(pairing__in=pairings.values("pk"))
    return summarise(board(pairings, as_of), as_of, visit_summary(visits, as_of))


# --- the three lists and visits -------------------------------------------------------------


def problems_of(user: Any, pairing: Pairing) -> QuerySet[Problem]:
    """The pairing's problem list, each with its visible tasks (deadline first) prefetched."""
    return (
        Problem.objects.visible_to(user)
        .filter(pairing=pairing)
        .select_related("finding")
        .prefetch_related(
            # Only a demand the user may see shows as the problem's link back (else None).
            Prefetch("demand", queryset=demands_for(user)),
            Prefetch(
                "tasks", queryset=ListTask.objects.visible_to(user).order_by("deadline", "id")
            ),
        )
        .order_by("id")
    )


def problem_for(user: Any, problem_id: int) -> Problem:
    return get_visible_or_404(Problem, user, pk=problem_id)


def task_for(user: Any, task_id: int) -> ListTask:
    """One task the user may see, with its problem, pairing, unit and community (else 404)."""
    rows = ListTask.objects.visible_to(user).select_related(
        "problem__pairing__unit", "problem__pairing__community", "closed_by"
    )
    try:
        return rows.get(pk=task_id)
    except (ListTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tasks_of(user: Any, pairing: Pairing) -> QuerySet[ListTask]:
    return (
        ListTask.objects.visible_to(user)
        .filter(problem__pairing=pairing)
        .select_related("problem")
        .order_by("deadline", "id")
    )


def task_progress_of(user: Any, task: ListTask) -> QuerySet[TaskProgress]:
    return TaskProgress.objects.visible_to(user).filter(task=task).order_by("-at", "-id")


def task_evidence_of(user: Any, task: ListTask) -> QuerySet[TaskEvidence]:
    return TaskEvidence.objects.visible_to(user).filter(task=task).order_by("uploaded_at", "id")


def task_evidence_for(user: Any, evidence_id: int) -> TaskEvidence:
    return get_visible_or_404(TaskEvidence, user, pk=evidence_id)


def task_changes_of(user: Any, task: ListTask) -> QuerySet[TaskChange]:
    return TaskChange.objects.visible_to(user).filter(task=task).order_by("-at", "-id")


def demands_for(user: Any) -> QuerySet[Any]:
    """The residents' demands the user may see, by the demands' own ``visible_to``.

    ``demands`` imports ``pairing`` (a demand is escalated to a paired unit), so the model is
    reached through Django's app registry, as the foreign key names it, not by an import that
    would close a loop between the two packages."""
    return apps.get_model("demands", "Demand").objects.visible_to(user).select_related("grid")


def demand_of(user: Any, problem: Problem) -> Any:
    """The demand a problem came from, if the user may see it (else None)."""
    if problem.demand_id is None:
        return None
    return demands_for(user).filter(pk=problem.demand_id).first()


def linkable_demands(user: Any, pairing: Pairing, limit: int = 100) -> list[Any]:
    """The community's demands the user can see (newest first), to put on the problem list."""
    rows = demands_for(user).filter(grid__path__startswith=pairing.community.path)
    return list(rows.order_by("-received_at", "-id")[:limit])


def visits_of(user: Any, pairing: Pairing) -> QuerySet[Visit]:
    """The pairing's visits, newest first, with their findings and the problems made of them."""
    return (
        Visit.objects.visible_to(user)
        .filter(pairing=pairing)
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.visible_to(user)
                .order_by("id")
                .prefetch_related(
                    Prefetch("problems", queryset=Problem.objects.visible_to(user).order_by("id"))
                ),
            )
        )
        .order_by("-on", "-id")
    )


def visit_for(user: Any, visit_id: int) -> Visit:
    rows = Visit.objects.visible_to(user).select_related("pairing__unit", "pairing__community")
    try:
        return rows.get(pk=visit_id)
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def finding_for(user: Any, finding_id: int) -> Finding:
    rows = Finding.objects.visible_to(user).select_related(
        "visit__pairing__unit", "visit__pairing__community"
    )
    try:
        return rows.get(pk=finding_id)
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def findings_of(user: Any, visit: Visit) -> QuerySet[Finding]:
    return Finding.objects.visible_to(user).filter(visit=visit).order_by("id")


def answer_changes_of(user: Any, visit: Visit) -> QuerySet[AnswerChange]:
    return AnswerChange.objects.visible_to(user).filter(visit=visit).order_by("at", "id")


VISIT_MONTHS = 6


def _percent(part: int, whole: int) -> float | None:
    """part / whole in percent, one decimal, rounded half up; None when whole is 0."""
    if not whole:
        return None
    value = Decimal(part * 100) / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _last_months(as_of: datetime.date, n: int) -> list[datetime.date]:
    """The first days of the ``n`` months ending with the month of ``as_of``, oldest first."""
    months = []
    year, month = as_of.year, as_of.month
    for _step in range(n):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass(frozen=True)
class VisitSummary:
    """One unit's visits: how many per month (the last six), answered, burdens, the share."""

    unit_id: int
    unit_code: str
    unit_name: str
    months: tuple[tuple[datetime.date, int], ...]
    answered: int
    burden: int

    @property
    def burden_share(self) -> float | None:
        """burden answers / answered visits in percent, one decimal, rounded half up."""
        return _percent(self.burden, self.answered)

    @property
    def most_in_a_month(self) -> int:
        return max((n for _m, n in self.months), default=0)

    def as_json(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit_code,
            "months": [{"month": m.strftime("%Y-%m"), "visits": n} for m, n in self.months],
            "answered": self.answered,
            "burden": self.burden,
            "burden_share": self.burden_share,
        }


def visit_summary(
    visits: QuerySet[Visit], as_of: datetime.date, months: int = VISIT_MONTHS
) -> list[VisitSummary]:
    """Per unit, of ``visits`` on or before ``as_of``: visits in each of the last ``months``
    months, and the share of burden answers among answered visits (all time up to as_of)."""
    shown = _last_months(as_of, months)
    rows = visits.filter(on__lte=as_of).values_list(
        "pairing__unit_id", "pairing__unit__code", "pairing__unit__name", "on", "answer"
    )
    units: dict[int, dict[str, Any]] = {}
    for unit_id, code, name, on, answer in rows:
        unit = units.setdefault(
            unit_id,
            {
                "code": code,
                "name": name,
                "per_month": dict.fromkeys(shown, 0),
                "answered": 0,
                "burden": 0,
            },
        )
        month = on.replace(day=1)
        if month in unit["per_month"]:
            unit["per_month"][month] += 1
        if answer:
            unit["answered"] += 1
            unit["burden"] += answer == Answer.BURDEN
    return [
        VisitSummary(
            unit_id=unit_id,
            unit_code=u["code"],
            unit_name=u["name"],
            months=tuple(u["per_month"].items()),
            answered=u["answered"],
            burden=u["burden"],
        )
        for unit_id, u in sorted(units.items(), key=lambda item: item[1]["code"])
    ]


def visible_visit_summary(
    user: Any, as_of: datetime.date, unit: PairedUnit | None = None
) -> list[VisitSummary]:
    """The summary over the visits the user may see (of one unit, when given)."""
    visits = Visit.objects.visible_to(user)
    if unit is not None:
        visits = visits.filter(pairing__unit=unit)
    return visit_summary(visits, as_of)
