"""承诺事项完成率 (pledge completion) as an indicator: of the pledges due by the period's last
day (their deadline on or before it), those closed out (销号) by that day, per community."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from grassroots.kernel.closeout import CloseoutStatus
from grassroots.pairing.models import Pledge


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
