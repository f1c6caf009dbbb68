"""群租房整改率 as an indicator: of the group-rental rooms found by the period's last day in
any campaign, those standing rectified on that day (each case's status replayed from its
dated changes, as the campaign report does), per grid. A room rectified and gone back (反弹)
counts as rectified only if rectified again by then."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, Subquery

from grassroots.rentals.choices import CaseStatus
from grassroots.rentals.models import CaseChange, RentalCase


def group_rental_rectification(
    first: datetime.date, last: datetime.date
) -> dict[int, tuple[int, int]]:
    standing = Subquery(
        CaseChange.objects.filter(case_id=OuterRef("pk"), on__lte=last)
        .order_by("-on", "-pk")
        .values("to_status")[:1]
    )
    rows = (
        RentalCase.objects.filter(opened_on__lte=last)
        .order_by()
        .annotate(standing=standing)
        .values("grid_id")
        .annotate(rectified=Count("pk", filter=Q(standing=CaseStatus.RECTIFIED)), found=Count("pk"))
        .values_list("grid_id", "rectified", "found")
    )
    return {grid: (rectified, found) for grid, rectified, found in rows}
