"""The indicator this app counts itself: criminal cases per 10,000 residents (万人刑事案件发案率).

Numerator: the criminal cases the public-security side reported for a community in the
period's months. Denominator: the residents living in that community on the period's last day
(the registry's stays). Only communities with a reported figure count: a community nobody
reported for has no figure rather than a made-up nought.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.selectors import case_counts
from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import Level, OrgNode
from grassroots.registry.selectors import residents_living_on


def criminal_cases(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    reported = dict(
        CriminalCaseCount.objects.filter(month__gte=first, month__lte=last)
        .order_by()
        .values("community_id")
        .annotate(n=Sum("cases"))
        .values_list("community_id", "n")
    )
    if not reported:
        return {}
    community_at = dict(
        OrgNode.objects.filter(pk__in=reported).order_by().values_list("path", "pk")
    )
    residents = residents_living_on(last)
    grids = OrgNode.objects.filter(level=Level.GRID, pk__in=list(residents)).order_by()
    living = dict.fromkeys(reported, 0)
    for pk, path in grids.values_list("pk", "path"):
        community = community_at.get(path[: -OrgNode.steplen])
        if community is not None:
            living[community] += residents[pk]
    return {pk: (int(cases), living[pk]) for pk, cases in reported.items()}


def _case_row(count: CriminalCaseCount) -> tuple[list[Any], str]:
    community = count.community
    url = f"{reverse('indicators:scorecard')}?unit={community.code}&period={count.month:%Y-%m}"
    return [community.name, f"{count.month:%Y-%m}", count.cases], url


def criminal_case_rows(
    node: OrgNode, first: datetime.date, last: datetime.date, user: Any
) -> IndicatorRows:
    """The monthly case counts reported for the communities under ``node`` the reader sees;
    the residents are counted by their stays, never listed here."""
    rows = (
        case_counts(user)
        .filter(community__path__startswith=node.path, month__gte=first, month__lte=last)
        .select_related("community")
        .order_by("community__code", "month")
    )
    return IndicatorRows(
        columns=(_("社区"), _("月份"), _("刑事案件数")),
        row=_case_row,
        numerator=rows,
        note=_("分母为期末在住居民人数，按居住登记统计，不逐人列出"),
    )
