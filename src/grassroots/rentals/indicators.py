"""群租房整改率 as an indicator: of the group-rental rooms found by the period's last day in
any campaign, those standing rectified on that day (each case's status replayed from its
dated changes, as the campaign report does), per grid. A room rectified and gone back (反弹)
counts as rectified only if rectified again by then."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import OrgNode
from grassroots.rentals.choices import CaseStatus
from grassroots.rentals.models import CaseChange, RentalCase
from grassroots.rentals.selectors import _visible


def group_rental_rectification(
    first: datetime.date, last: datetime.date
) -> dict[int, tuple[int, int]]:
    standing = _standing(last)
    rows = (
        RentalCase.objects.filter(opened_on__lte=last)
        .order_by()
        .annotate(standing=standing)
        .values("grid_id")
        .annotate(rectified=Count("pk", filter=Q(standing=CaseStatus.RECTIFIED)), found=Count("pk"))
        .values_list("grid_id", "rectified", "found")
    )
    return {grid: (rectified, found) for grid, rectified, found in rows}


def _standing(last: datetime.date) -> Subquery:
    return Subquery(
        CaseChange.objects.filter(case_id=OuterRef("pk"), on__lte=last)
        .order_by("-on", "-pk")
        .values("to_status")[:1]
    )


def _case_row(case: RentalCase) -> tuple[list[Any], str]:
    standing = CaseStatus(case.standing).label if case.standing else ""
    cells = [case.room.address, case.grid.name, case.opened_on.isoformat(), standing]
    return cells, reverse("rentals:case", args=[case.pk])


def group_rental_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    """The cases found by the period's last day under ``node`` that the reader sees, each
    with its status as it stood that day."""
    found = (
        _visible(RentalCase, user)
        .filter(grid__path__startswith=node.path, opened_on__lte=last)
        .annotate(standing=_standing(last))
        .select_related("room", "grid")
        .order_by("opened_on", "pk")
    )
    return IndicatorRows(
        columns=(_("地址"), _("网格"), _("发现日期"), _("当日状态")),
        row=_case_row,
        numerator=found.filter(standing=CaseStatus.RECTIFIED),
        denominator=found,
    )
