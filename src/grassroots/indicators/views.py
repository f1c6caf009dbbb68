"""Indicator pages (考核指标): a unit's scorecard, the rankings of its units, one figure
opened down to the rows behind it, and the scorecard and ranking written out.

A unit is named by its code (``?unit=``) and found through the reader's scope: a unit
outside it is a 404 on every page and export, like one that does not exist. Without a unit
the page shows the reader's own; without a period, the last full month with kept counts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.audit.services import record
from grassroots.indicators import selectors
from grassroots.indicators.exporting import (
    write_ranking_xlsx,
    write_scorecard_docx,
    write_scorecard_xlsx,
)
from grassroots.indicators.periods import Period, PeriodError, month_of, parse_period
from grassroots.indicators.plugin import EXPORTED, VIEW_INDICATORS
from grassroots.indicators.specs import declared_indicators, indicator
from grassroots.org.models import Level, OrgNode
from grassroots.web.decorators import requires

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANK_LEVELS = (Level.COMMUNITY, Level.STREET)
RANK_LABELS = {
    Level.COMMUNITY: gettext_lazy("社区（村）排名"),
    Level.STREET: gettext_lazy("街道（乡镇）排名"),
}


@dataclass
class Choice:
    """The unit and period a page was asked for (or their defaults), or why not."""

    unit: OrgNode
    period: Period | None
    error: str = ""
    text: str = ""

    def context(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "period": self.period,
            "error": self.error,
            "period_text": self.text,
        }


def _own_unit(request: HttpRequest) -> OrgNode:
    own = selectors.home_unit(request.user)
    if own is None:
        raise Http404
    return own


def _choice(request: HttpRequest) -> Choice:
    code = request.GET.get("unit", "").strip()
    unit = selectors.find_unit(request.user, code) if code else _own_unit(request)
    if unit is None:
        raise Http404
    text = request.GET.get("period", "").strip()
    if not text:
        return Choice(unit, selectors.latest_month())
    try:
        return Choice(unit, parse_period(text), text=text)
    except PeriodError as error:
        return Choice(unit, None, str(error), text=text)


def _strict_choice(request: HttpRequest) -> tuple[OrgNode, Period]:
    """Exports: a period that is not understood or not rolled up is a 404, never a file."""
    choice = _choice(request)
    if choice.period is None:
        raise Http404
    return choice.unit, choice.period


def _period_links(period: Period) -> dict[str, str]:
    month = month_of(period.last)
    following = period.shifted(1)
    return {
        "previous": period.previous().label,
        # No way into a period that has not begun: nothing can be counted for it.
        "next": following.label if following.first <= timezone.localdate() else "",
        "month": month.label,
        "quarter": parse_period(f"{month.first.year}-Q{(month.first.month - 1) // 3 + 1}").label,
        "year": str(month.first.year),
    }


def _chart(card: selectors.Scorecard) -> dict[str, Any]:
    labels, values = selectors.trends(card.node, card.period)
    return {
        "labels": labels,
        "series": {
            code: [None if v is None else float(v) for v in series]
            for code, series in values.items()
        },
    }


@requires(VIEW_INDICATORS)
def scorecard(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    context = choice.context()
    if choice.period is not None:
        try:
            card = selectors.scorecard(request.user, choice.unit, choice.period)
        except selectors.NotRolledUp as missing:
            context["error"] = str(missing)
        else:
            chart = _chart(card)
            context |= {
                "card": card,
                "tables": selectors.unit_tables(request.user, choice.unit, choice.period),
                "chart": chart,
                "charted": {
                    code
                    for code, series in chart["series"].items()
                    if any(v is not None for v in series)
                },
                "links": _period_links(choice.period),
            }
    elif not choice.error:
        context["error"] = _("还没有任何期间的指标汇总：请先运行 grassroots indicators rollup")
    status = 400 if choice.error else 200
    return render(request, "indicators/scorecard.html", context, status=status)


def _ranking_choice(request: HttpRequest) -> tuple[Any, str]:
    counted = [spec for spec in declared_indicators() if spec.counter]
    code = request.GET.get("indicator") or (counted[0].code if counted else "")
    spec = next((s for s in counted if s.code == code), None)
    if spec is None:
        raise Http404
    level = request.GET.get("level") or Level.COMMUNITY
    if level not in RANK_LEVELS:
        raise Http404
    return spec, level


@requires(VIEW_INDICATORS)
def rankings(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    spec, level = _ranking_choice(request)
    context = choice.context() | {
        "spec": spec,
        "level": level,
        "specs": [s for s in declared_indicators() if s.counter],
        "levels": [(level, str(RANK_LABELS[level])) for level in RANK_LEVELS],
    }
    if choice.period is not None:
        try:
            context["ranked"] = selectors.ranking(
                request.user, choice.unit, choice.period, spec.code, level
            )
        except selectors.NotRolledUp as missing:
            context["error"] = str(missing)
    return render(request, "indicators/rankings.html", context)


@requires(VIEW_INDICATORS)
def figure(request: HttpRequest, code: str) -> HttpResponse:
    spec = indicator(code)
    if spec is None:
        raise Http404
    choice = _choice(request)
    context = choice.context() | {"spec": spec}
    if choice.period is not None:
        try:
            context["opened"] = selectors.opened(request.user, choice.unit, choice.period, spec)
        except selectors.NotRolledUp as missing:
            context["error"] = str(missing)
        else:
            side = request.GET.get("side") or selectors.NUMERATOR
            if side not in (selectors.NUMERATOR, selectors.DENOMINATOR):
                raise Http404
            context["side"] = side
            context["behind"] = selectors.behind(
                request.user, choice.unit, choice.period, spec, side, request.GET.get("page")
            )
    template = "indicators/_behind.html" if request.htmx else "indicators/figure.html"
    return render(request, template, context)


def _download(content: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX if kind == "docx" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


def _scorecard_export(request: HttpRequest, kind: str) -> HttpResponse:
    unit, period = _strict_choice(request)
    try:
        card = selectors.scorecard(request.user, unit, period)
    except selectors.NotRolledUp:
        raise Http404 from None
    tables = selectors.unit_tables(request.user, unit, period)
    buffer = io.BytesIO()
    (write_scorecard_docx if kind == "docx" else write_scorecard_xlsx)(card, tables, buffer)
    record(
        EXPORTED,
        request=request,
        target=f"{unit.name}{period.label}考核指标",
        node=unit,
        format=kind,
        period=period.label,
    )
    return _download(buffer.getvalue(), kind, f"indicators-{unit.code}-{period.label}")


@requires(VIEW_INDICATORS)
def scorecard_xlsx(request: HttpRequest) -> HttpResponse:
    return _scorecard_export(request, "xlsx")


@requires(VIEW_INDICATORS)
def scorecard_docx(request: HttpRequest) -> HttpResponse:
    return _scorecard_export(request, "docx")


@requires(VIEW_INDICATORS)
def rankings_xlsx(request: HttpRequest) -> HttpResponse:
    unit, period = _strict_choice(request)
    spec, level = _ranking_choice(request)
    try:
        ranked = selectors.ranking(request.user, unit, period, spec.code, level)
    except selectors.NotRolledUp:
        raise Http404 from None
    buffer = io.BytesIO()
    write_ranking_xlsx(f"{spec.name}{period.label}", ranked, buffer)
    record(
        EXPORTED,
        request=request,
        target=f"{unit.name}{period.label}{spec.name}排名",
        node=unit,
        format="xlsx",
        period=period.label,
    )
    return _download(buffer.getvalue(), "xlsx", f"ranking-{spec.code}-{period.label}")
