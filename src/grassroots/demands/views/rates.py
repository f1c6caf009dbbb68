"""The board of overdue and supervised demands, and the three rates with charts."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.demands import rates
from grassroots.demands.models import Channel
from grassroots.demands.plugin import VIEW_DEMANDS
from grassroots.demands.selectors import board as board_rows
from grassroots.demands.selectors import unit_choices
from grassroots.demands.workflow import status_label
from grassroots.org.models import OrgNode
from grassroots.web.decorators import requires

BOARD_ROWS = 50
MAX_MONTHS = 24
TREND_MONTHS = 12


@requires(VIEW_DEMANDS)
def board(request: HttpRequest) -> HttpResponse:
    rows = board_rows(request.user)
    return render(
        request,
        "demands/board.html",
        {
            "overdue": rows["overdue"][:BOARD_ROWS],
            "overdue_count": rows["overdue"].count(),
            "supervised": rows["supervised"][:BOARD_ROWS],
            "supervised_count": rows["supervised"].count(),
            "now": timezone.now(),
        },
    )


def _month(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{value}-01") if value else default
    except ValueError:
        return default


def _months(period: rates.Period) -> list[datetime.date]:
    months, current = [], period.first
    while current <= period.last and len(months) < MAX_MONTHS:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def period_from(request: HttpRequest) -> rates.Period:
    """Whole months from the query (YYYY-MM); by default the last complete month."""
    default = rates.last_complete_month(timezone.localdate())
    first = _month(request.GET.get("from"), default)
    last = _month(request.GET.get("to"), default if request.GET.get("from") is None else first)
    if last < first:
        first, last = last, first
    months = _months(rates.Period(first, last))
    return rates.Period(months[0], months[-1])


def trend_of(period: rates.Period) -> rates.Period:
    """The months the trend chart draws: the period, or for one month the year up to it."""
    if period.first != period.last:
        return period
    first = period.last
    for _month_back in range(TREND_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return rates.Period(first, period.last)


def _unit(request: HttpRequest) -> OrgNode | None:
    units = unit_choices(request.user)
    value = request.GET.get("unit", "")
    chosen = units.filter(pk=int(value)).first() if value.isdigit() and len(value) < 19 else None
    home = getattr(request.user, "org_node", None)
    return chosen or (home if home is not None else units.order_by("depth", "path").first())


def _chart(unit: OrgNode, period: rates.Period, now: datetime.datetime) -> dict[str, Any]:
    labels, received, response, resolution, satisfaction = [], [], [], [], []
    for month in _months(period):
        r = rates.rates_for(unit, rates.Period(month, month), now=now)
        labels.append(f"{month:%Y-%m}")
        received.append(r.received)
        response.append(r.response_rate)
        resolution.append(r.resolution_rate)
        satisfaction.append(r.satisfaction_rate)
    names = {
        "received": _("受理量"),
        "response": _("响应率"),
        "resolution": _("解决率"),
        "satisfaction": _("满意率"),
    }
    values = {
        "received": received,
        "response": response,
        "resolution": resolution,
        "satisfaction": satisfaction,
    }
    return {
        "labels": labels,
        **values,
        "names": names,
        # The same figures as the chart's text equivalent (a table beside it).
        "series": [{"label": names[key], "data": data} for key, data in values.items()],
    }


@requires(VIEW_DEMANDS)
def rates_page(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    period = period_from(request)
    now = timezone.now()
    context: dict[str, Any] = {
        "unit": unit,
        "period": period,
        "units": unit_choices(request.user),
        "weights": rates.WEIGHTS,
    }
    if unit is not None:
        figures = rates.rates_for(unit, period, now=now)
        counts = rates.breakdown(unit, period)
        rank_month = rates.Period(period.last, period.last)
        context |= {
            "figures": figures,
            "channels": [(_(Channel(c).label), n) for c, n in counts["channel"]],
            "categories": counts["category"],
            "statuses": [(_(status_label(s)), n) for s, n in counts["status"]],
            "ranking": rates.ranking(unit, rank_month, now=now),
            "rank_month": rank_month,
            "chart": _chart(unit, trend_of(period), now),
        }
    return render(request, "demands/rates.html", context)
