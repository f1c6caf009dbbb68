"""Scoped reads of the surveys: the list, one survey, its sample by grid, its rates.

A reader sees the surveys of their subtree and those run above them (a grid worker reads the
community's survey), and of a survey only the sampled households and answers of the grids they
see: progress and rates count those alone. ``user`` None is the operator's command line: all.

A rate is (非常满意 + 满意) / valid answers for satisfaction, (安全 + 比较安全) / valid answers
for safety, shown with n and its 95% Wilson interval, with the finite-population correction
where the population is known: the households the sample was drawn from in the grids read,
times the questions feeding the rate (each household answers each question once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from grassroots.indicators.values import PERCENT, rounded
from grassroots.kernel.stats import SampleSize, sample_size, wilson
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Resident
from grassroots.surveys.models import (
    Answer,
    Outcome,
    Question,
    SampledHousehold,
    Scale,
    Survey,
    SurveyStatus,
)
from grassroots.surveys.services import z_of

PANEL_SIZE = 5


def _visible(model: Any, user: Any) -> QuerySet:
    return model.objects.all() if user is None else model.objects.visible_to(user)


def surveys_for(user: Any) -> QuerySet[Survey]:
    return _visible(Survey, user).select_related("node").order_by("-created_at", "-pk")


def survey(user: Any, survey_id: int) -> Survey:
    found = surveys_for(user).filter(pk=survey_id).first()
    if found is None:
        raise Http404
    return found


def may_manage(user: Any, found: Survey) -> bool:
    """Whether the survey is the user's own unit's work (not one read from above)."""
    return Survey.objects.editable_by(user).filter(pk=found.pk).exists()


def survey_units(user: Any) -> QuerySet[OrgNode]:
    """The units a survey may cover: the communities (villages) the user sees."""
    return OrgNode.objects.visible_to(user).filter(level=Level.COMMUNITY).order_by("path")


def sample_of(user: Any, found: Survey) -> QuerySet[SampledHousehold]:
    return _visible(SampledHousehold, user).filter(survey=found)


def grid_in_sample(user: Any, found: Survey, grid_id: Any) -> OrgNode:
    """A grid of the survey's sample the user sees; 404 otherwise."""
    try:
        pk = int(grid_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not sample_of(user, found).filter(grid_id=pk).exists():
        raise Http404
    return OrgNode.objects.get(pk=pk)


def sampled(user: Any, sampled_id: int) -> SampledHousehold:
    found = (
        _visible(SampledHousehold, user)
        .select_related("survey", "survey__node", "grid")
        .filter(pk=sampled_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- progress -----------------------------------------------------------------------------


@dataclass
class Progress:
    sampled: int = 0
    answered: int = 0
    refused: int = 0
    unreachable: int = 0

    @property
    def pending(self) -> int:
        return self.sampled - self.answered - self.refused - self.unreachable

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.sampled) if self.sampled else 0


@dataclass
class GridProgress:
    grid: OrgNode
    households: int | None  # N_h when drawn
    progress: Progress


def _progress(rows: QuerySet[SampledHousehold]) -> dict[int, Progress]:
    counts = (
        rows.order_by()
        .values("grid_id")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(outcome=Outcome.ANSWERED)),
            refused=Count("pk", filter=Q(outcome=Outcome.REFUSED)),
            unreachable=Count("pk", filter=Q(outcome=Outcome.UNREACHABLE)),
        )
    )
    return {
        row["grid_id"]: Progress(row["n"], row["answered"], row["refused"], row["unreachable"])
        for row in counts
    }


def total(progress: list[Progress]) -> Progress:
    return Progress(
        sum(p.sampled for p in progress),
        sum(p.answered for p in progress),
        sum(p.refused for p in progress),
        sum(p.unreachable for p in progress),
    )


def progress_of(user: Any, found: Survey) -> Progress:
    """The survey's progress over the sampled households the user sees."""
    return total(list(_progress(sample_of(user, found)).values()))


def progress_by_grid(user: Any, found: Survey) -> list[GridProgress]:
    by_grid = _progress(sample_of(user, found))
    grids = OrgNode.objects.filter(pk__in=list(by_grid)).order_by("code")
    return [GridProgress(g, found.frame.get(g.code), by_grid[g.pk]) for g in grids]


# --- rates --------------------------------------------------------------------------------


@dataclass
class Rate:
    """A survey's rate for one indicator, as published: value, n and the 95% interval."""

    feeds: str
    favourable: int
    valid: int
    population: int | None = None
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.valid:
            return
        self.value = _percent(self.favourable / self.valid)
        interval = wilson(self.favourable, self.valid, population=self.population)
        if interval is not None:
            self.low, self.high = _percent(interval.low), _percent(interval.high)

    @property
    def name(self) -> str:
        return _("群众满意度") if self.feeds == Scale.SATISFACTION else _("群众安全感")

    @property
    def label(self) -> str:
        """98.2%（n=412，95%置信区间 96.9%–99.0%）; 暂无回答 with no answers."""
        if self.value is None:
            return _("暂无有效回答")
        return _("%(value)s%%（n=%(n)d，95%%置信区间 %(low)s%%–%(high)s%%）") % {
            "value": self.value,
            "n": self.valid,
            "low": self.low,
            "high": self.high,
        }

    def as_json(self) -> dict[str, Any]:
        def number(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "indicator": "satisfaction_rate" if self.feeds == Scale.SATISFACTION else "safety_rate",
            "numerator": self.favourable,
            "sample_size": self.valid,
            "value": number(self.value),
            "interval_low": number(self.low),
            "interval_high": number(self.high),
            "label": self.label,
        }


def _percent(share: float) -> Decimal:
    return rounded(PERCENT, Decimal(repr(share * 100)))


def rates(user: Any, found: Survey) -> list[Rate]:
    """One rate per indicator the survey's questions feed, over the answers the user sees."""
    answers = _visible(Answer, user).filter(sampled__survey=found).order_by()
    counts = {
        feeds: (favourable, valid)
        for feeds, favourable, valid in answers.values("feeds")
        .annotate(f=Count("pk", filter=Q(favourable=True)), n=Count("pk"))
        .values_list("feeds", "f", "n")
    }
    questions = _questions_feeding(found)
    grids = set(sample_of(user, found).values_list("grid__code", flat=True).distinct())
    households = sum(n for code, n in found.frame.items() if code in grids) or None
    result = []
    for feeds in Scale.values:
        if feeds not in questions:
            continue
        favourable, valid = counts.get(feeds, (0, 0))
        population = households * questions[feeds] if households else None
        result.append(Rate(feeds, favourable, valid, population=population))
    return result


def _questions_feeding(found: Survey) -> dict[str, int]:
    rows = Question.objects.filter(survey=found).order_by().values("feeds").annotate(n=Count("pk"))
    return {row["feeds"]: row["n"] for row in rows}


def computation(found: Survey) -> SampleSize | None:
    """The sample size's computation for the population the survey was drawn from."""
    if not found.drawn_at:
        return None
    return sample_size(found.population, float(found.margin) / 100, z_of(found))


# --- pages --------------------------------------------------------------------------------


@dataclass
class SheetRow:
    sampled: SampledHousehold
    phone: str
    answers: list[Answer] = field(default_factory=list)


def call_sheet(user: Any, found: Survey, grid: OrgNode) -> list[SheetRow]:
    """The grid's sampled households, the address order, each with its head's masked phone."""
    rows = list(sample_of(user, found).filter(grid=grid).order_by("address", "pk"))
    return [sheet_row(row) for row in rows]


def sheet_row(row: SampledHousehold) -> SheetRow:
    residents = Resident.objects.filter(household_id=row.household_id).order_by("pk")
    phone = next((r.masked_phone for r in residents if r.phone), "")
    answers = list(row.answers.select_related("question").order_by("question__number"))
    return SheetRow(row, phone, answers)


def reachable_resident(row: SampledHousehold) -> Resident | None:
    """The resident of a sampled household to call: the first one registered with a phone."""
    residents = Resident.objects.filter(household_id=row.household_id).order_by("pk")
    return next((r for r in residents if r.phone), None)


def home_panel(user: Any) -> dict[str, Any] | None:
    """The running surveys the user sees, with their progress (answered / sampled) over the
    households the user sees; None when there is none."""
    running = list(surveys_for(user).filter(status=SurveyStatus.RUNNING)[:PANEL_SIZE])
    if not running:
        return None
    rows = []
    for item in running:
        rows.append({"survey": item, "progress": progress_of(user, item)})
    return {"surveys": rows}
