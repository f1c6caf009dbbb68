"""The sweeps' part of a grid worker's scorecard (网格员考核), through ``Plugin.worker_figures``:
the visits the worker recorded in the period, the rooms they entered (someone at home), and,
as a data-quality flag, the households of their grid not confirmed in the twelve months up to
the period's last day (no visit that found someone, no edit: 动态化信息更新)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import WorkerFigure
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.indicators import registry_freshness
from grassroots.sweeps.models import Visit


def worker_figures(account: Any, first: datetime.date, last: datetime.date) -> list[WorkerFigure]:
    counts = Visit.objects.filter(
        worker=account, visited_on__gte=first, visited_on__lte=last
    ).aggregate(
        visits=Count("pk"),
        rooms=Count("room_id", distinct=True, filter=Q(outcome=VisitOutcome.MET)),
    )
    fresh, total = registry_freshness(first, last, [account.org_node_id]).get(
        account.org_node_id, (0, 0)
    )
    return [
        WorkerFigure("visits", _("走访户次"), counts["visits"], _("次")),
        WorkerFigure("rooms_entered", _("入户覆盖房屋"), counts["rooms"], _("间")),
        WorkerFigure(
            "households_unconfirmed",
            _("12个月未核实的住户"),
            total - fresh,
            _("户"),
            flag=True,
        ),
    ]
