"""The demands' indicators (接诉即办三率), counted as the demands pages count them (``rates``).

- 响应率: demands responded to within the deadline / demands received;
- 解决率: demands resolved / demands due (resolved, or past the deadline and unresolved);
- 满意率: 满意 + 基本满意 / demands followed up;

each for the demands received in the period's months, per grid; and 调解成功率 (``mediation``)
for the demands of dispute categories resolved in the period. The rows behind each figure are
the demands themselves, as the reader's scope lets them see them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.demands.models import MEDIATED, SATISFIED_VALUES, Demand, Mediation
from grassroots.demands.rates import Period, Rates, rates_by_grid
from grassroots.demands.selectors import demands_for
from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import OrgNode


def _pairs(
    first: datetime.date, last: datetime.date, pair: Callable[[Rates], tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    return {grid: pair(rates) for grid, rates in rates_by_grid(Period(first, last)).items()}


def response(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.responded_in_time, r.received))


def resolution(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.resolved, r.due))


def satisfaction(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _pairs(first, last, lambda r: (r.satisfied, r.followed_up))


def mediation(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    """调解成功率 per grid: of the demands of dispute categories resolved in the period that
    went to mediation (调解成功 or 调解不成功), those mediated successfully.

    A demand counts in the month it was (last) resolved, with the outcome its handler recorded
    then; those resolved 其他方式 (never mediated) count in neither figure.
    """
    span = Period(first, last)
    rows = (
        Demand.objects.filter(
            mediation__in=MEDIATED, resolved_at__gte=span.start, resolved_at__lt=span.end
        )
        .order_by()
        .values("grid_id")
        .annotate(
            succeeded=Count("pk", filter=Q(mediation=Mediation.SUCCEEDED)), mediated=Count("pk")
        )
    )
    return {row["grid_id"]: (row["succeeded"], row["mediated"]) for row in rows}


# --- the rows behind the figures ------------------------------------------------------------


def _received(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> QuerySet:
    """The demands received in the period's months under ``node`` that the reader sees."""
    span = Period(first, last)
    return (
        demands_for(user)
        .filter(grid__path__startswith=node.path, received_at__gte=span.start)
        .filter(received_at__lt=span.end)
        .order_by("received_at", "pk")
    )


def _demand_row(demand: Demand) -> tuple[list[Any], str]:
    received = timezone.localtime(demand.received_at)
    cells = [demand.code, demand.title, demand.grid.name, f"{received:%Y-%m-%d %H:%M}"]
    return [*cells, demand.get_status_display()], reverse("demands:detail", args=[demand.pk])


COLUMNS = (_("查询码"), _("标题"), _("网格"), _("接收时间"), _("状态"))


def _rows(numerator: QuerySet, denominator: QuerySet) -> IndicatorRows:
    return IndicatorRows(
        columns=COLUMNS,
        row=_demand_row,
        numerator=numerator,
        denominator=denominator,
        note=_("明细为诉求当前的状态；指标为汇总时的计数，其后办理的诉求可能使两者略有不同"),
    )


def response_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    received = _received(node, first, last, user)
    in_time = received.filter(responded_at__isnull=False, responded_at__lte=F("response_due"))
    return _rows(in_time, received)


def resolution_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    received = _received(node, first, last, user)
    resolved = Q(resolved_at__isnull=False)
    overdue = Q(resolved_at__isnull=True, resolve_due__lt=timezone.now())
    return _rows(received.filter(resolved), received.filter(resolved | overdue))


def satisfaction_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    followed_up = _received(node, first, last, user).exclude(satisfaction="")
    return _rows(followed_up.filter(satisfaction__in=SATISFIED_VALUES), followed_up)


def mediation_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    """The demands of dispute categories resolved in the period that went to mediation, under
    ``node`` and within the reader's scope; those mediated successfully on the numerator's side."""
    span = Period(first, last)
    mediated = (
        demands_for(user)
        .filter(grid__path__startswith=node.path, mediation__in=MEDIATED)
        .filter(resolved_at__gte=span.start, resolved_at__lt=span.end)
        .order_by("resolved_at", "pk")
    )
    return _rows(mediated.filter(mediation=Mediation.SUCCEEDED), mediated)
