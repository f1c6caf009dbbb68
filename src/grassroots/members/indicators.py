"""一联十 coverage as an indicator (一联十覆盖率): occupied households on the period's last day
with a member's link current that day / occupied households, per grid, exactly as the
coverage page counts them (``selectors.coverage``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import IndicatorRows
from grassroots.members.models import HouseholdLink
from grassroots.members.selectors.coverage import _current_on, _living_on, _rows, coverage
from grassroots.org.models import OrgNode
from grassroots.registry.models import Household, Residence


def household_linkage(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    found = coverage(None, as_of=last)
    return {row.node.pk: (row.figures.linked, row.figures.households) for row in found.grids}


def _household_row(household: Household) -> tuple[list[Any], str]:
    room = household.room
    return [room.address, household.grid.name], reverse("registry:room", args=[room.pk])


def linkage_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    """The occupied households under ``node`` the reader sees on the period's last day, and
    those of them with a member's link current that day."""
    occupied = Residence.objects.filter(
        _living_on(last), grid_id=OuterRef("grid_id"), household_id=OuterRef("pk")
    )
    linked = HouseholdLink.objects.filter(_current_on(last), household_id=OuterRef("pk"))
    households = (
        _rows(Household, user, node)
        .filter(Exists(occupied))
        .select_related("room", "grid")
        .order_by("room__address", "pk")
    )
    return IndicatorRows(
        columns=(_("地址"), _("网格")),
        row=_household_row,
        numerator=households.filter(Exists(linked)),
        denominator=households,
    )
