"""The demands' part of a grid worker's scorecard (网格员考核), through ``Plugin.worker_figures``:
the demands the worker answers for (责任人) that were resolved in the period, and of those the
ones resolved by their deadline; and the ones still open past it today."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.demands.models import Demand
from grassroots.kernel.plugins import WorkerFigure


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def worker_figures(account: Any, first: datetime.date, last: datetime.date) -> list[WorkerFigure]:
    start, end = _day_start(first), _day_start(last + datetime.timedelta(days=1))
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    counts = Demand.objects.filter(owner=account).aggregate(
        handled=Count("pk", filter=resolved),
        on_time=Count("pk", filter=resolved & Q(resolved_at__lte=F("resolve_due"))),
        overdue=Count("pk", filter=Q(resolved_at__isnull=True, resolve_due__lt=timezone.now())),
    )
    return [
        WorkerFigure("demands_handled", _("办结诉求"), counts["handled"], _("件")),
        WorkerFigure("demands_on_time", _("按时办结"), counts["on_time"], _("件")),
        WorkerFigure(
            "demands_overdue", _("超期未办结（当前）"), counts["overdue"], _("件"), flag=True
        ),
    ]
