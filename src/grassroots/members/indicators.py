"""一联十 coverage as an indicator (一联十覆盖率): occupied households on the period's last day
with a member's link current that day / occupied households, per grid, exactly as the
coverage page counts them (``selectors.coverage``)."""

from __future__ import annotations

import datetime

from grassroots.members.selectors.coverage import coverage


def household_linkage(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    found = coverage(None, as_of=last)
    return {row.node.pk: (row.figures.linked, row.figures.households) for row in found.grids}
