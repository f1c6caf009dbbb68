"""承诺事项完成率 (pledge completion) as an indicator: of the pledges due by the period's last
day (their deadline on or before it), those closed out (销号) by that day, per community."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.closeout import CloseoutStatus
from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import OrgNode
from grassroots.pairing.models import Pledge
from grassroots.pairing.selectors import pledges_with_pairings


def pledge_completion(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    closed = Q(status=CloseoutStatus.CLOSED, closed_on__lte=last)
    rows = (
        Pledge.objects.filter(deadline__lte=last)
        .order_by()
        .values("pairing__community_id")
        .annotate(closed=Count("pk", filter=closed), due=Count("pk"))
        .values_list("pairing__community_id", "closed", "due")
    )
    return {community: (closed, due) for community, closed, due in rows}


def _pledge_row(pledge: Pledge) -> tuple[list[Any], str]:
    closed = pledge.closed_on.isoformat() if pledge.closed_on else ""
    cells = [pledge.text, pledge.pairing.unit.name, pledge.pairing.community.name]
    cells += [pledge.deadline.isoformat(), closed]
    return cells, reverse("pairing:pledge", args=[pledge.pk])


def pledge_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    """The pledges due by the period's last day in the communities under ``node`` that the
    reader sees; those closed out by that day on the numerator's side."""
    due = (
        pledges_with_pairings(user)
        .filter(pairing__community__path__startswith=node.path, deadline__lte=last)
        .order_by("deadline", "pk")
    )
    return IndicatorRows(
        columns=(_("承诺事项"), _("结对单位"), _("社区"), _("完成时限"), _("销号日期")),
        row=_pledge_row,
        numerator=due.filter(status=CloseoutStatus.CLOSED, closed_on__lte=last),
        denominator=due,
    )
