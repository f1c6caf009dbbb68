"""群众满意度 and 群众安全感 as indicators: of the answers received in the period to the
questions feeding each, the favourable ones (非常满意 or 满意; 安全 or 比较安全) over all valid
answers, per grid, whichever survey they belong to. A sample, so the engine shows them with
their sample size and 95% interval (``IndicatorSpec.sampled``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from grassroots.surveys.models import Answer, Scale


def _counted(feeds: str, first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    rows = (
        Answer.objects.filter(feeds=feeds, answered_on__gte=first, answered_on__lte=last)
        .order_by()
        .values("grid_id")
        .annotate(f=Count("pk", filter=Q(favourable=True)), n=Count("pk"))
        .values_list("grid_id", "f", "n")
    )
    return {grid: (favourable, valid) for grid, favourable, valid in rows}


def satisfaction(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _counted(Scale.SATISFACTION, first, last)


def safety(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    return _counted(Scale.SAFETY, first, last)
