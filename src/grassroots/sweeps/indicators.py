"""The sweeps' indicators, per grid:

- 消防隐患整改率: of the hazards found in the period, those rectified by its last day (as they
  stand now: a hazard reopened since counts as not rectified);
- 扫楼覆盖率: rooms entered in a visit (someone at home) during the period / rooms;
- 动态化信息更新 (registry freshness): households living in a room on the period's last day
  that were confirmed in the twelve months up to it, by a visit to their room that found
  someone at home or by an edit of their room or of one of their residents / those households.

The rows behind each figure (hazards, rooms, households) are read as the reader sees them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import OrgNode
from grassroots.registry.models import Household, RegistryChange, Room
from grassroots.sweeps.choices import HazardStatus, VisitOutcome
from grassroots.sweeps.models import Hazard, Visit
from grassroots.sweeps.selectors import rows_seen_by


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _per_grid(rows: list[tuple[int, int, int]]) -> dict[int, tuple[int, int]]:
    return {grid: (part, whole) for grid, part, whole in rows}


def hazard_rectification(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    after = _day_start(last + datetime.timedelta(days=1))
    rectified = Q(status=HazardStatus.RECTIFIED, rectified_on__lte=last)
    rows = (
        Hazard.objects.filter(found_at__gte=_day_start(first), found_at__lt=after)
        .order_by()
        .values("grid_id")
        .annotate(done=Count("pk", filter=rectified), found=Count("pk"))
        .values_list("grid_id", "done", "found")
    )
    return _per_grid(list(rows))


def sweep_coverage(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    rooms = Room.objects.order_by().values("grid_id").annotate(n=Count("pk"))
    visited = (
        Visit.objects.filter(outcome=VisitOutcome.MET, visited_on__gte=first, visited_on__lte=last)
        .order_by()
        .values("grid_id")
        .annotate(n=Count("room_id", distinct=True))
    )
    entered = dict(visited.values_list("grid_id", "n"))
    return {grid: (entered.get(grid, 0), n) for grid, n in rooms.values_list("grid_id", "n")}


def twelve_months_before(last: datetime.date) -> datetime.date:
    """The first day of the twelve months that end on ``last``."""
    year, month = last.year - 1, last.month
    try:
        return last.replace(year=year) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return datetime.date(year, month, 28) + datetime.timedelta(days=1)


def _living(last: datetime.date) -> Q:
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gt=last))


def _confirmed(last: datetime.date) -> Q:
    """Households confirmed in the twelve months up to ``last``."""
    since = twelve_months_before(last)
    start, end = _day_start(since), _day_start(last + datetime.timedelta(days=1))
    # Three uncorrelated sets, each read once (a subquery per household scanned the edits
    # once per household: minutes for a district of a million residents).
    visited = Visit.objects.filter(
        outcome=VisitOutcome.MET, visited_on__gte=since, visited_on__lte=last
    ).values("room_id")
    edited = RegistryChange.objects.filter(at__gte=start, at__lt=end)
    room_edited = edited.filter(room_id__isnull=False).values("room_id")
    resident_edited = edited.filter(resident_id__isnull=False).values("resident__household_id")
    return Q(room_id__in=visited) | Q(room_id__in=room_edited) | Q(pk__in=resident_edited)


def registry_freshness(
    first: datetime.date, last: datetime.date, grids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Per grid (only ``grids`` when given: a worker's scorecard asks for theirs)."""
    households = Household.objects.filter(_living(last))
    if grids is not None:
        households = households.filter(grid_id__in=grids)
    rows = (
        households.order_by()
        .values("grid_id")
        .annotate(fresh=Count("pk", filter=_confirmed(last)), total=Count("pk"))
        .values_list("grid_id", "fresh", "total")
    )
    return _per_grid(list(rows))


# --- the rows behind the figures ------------------------------------------------------------


def _room_row(room: Room) -> tuple[list[Any], str]:
    return [room.address, room.grid.name], reverse("registry:room", args=[room.pk])


def _hazard_row(hazard: Hazard) -> tuple[list[Any], str]:
    found = timezone.localtime(hazard.found_at)
    cells = [hazard.room.address, hazard.get_kind_display(), f"{found:%Y-%m-%d}"]
    done = hazard.rectified_on.isoformat() if hazard.rectified_on else ""
    return [*cells, hazard.get_status_display(), done], reverse("sweeps:hazard", args=[hazard.pk])


def hazard_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    after = _day_start(last + datetime.timedelta(days=1))
    found = (
        rows_seen_by(Hazard, user)
        .filter(grid__path__startswith=node.path)
        .filter(found_at__gte=_day_start(first), found_at__lt=after)
        .select_related("room")
        .order_by("found_at", "pk")
    )
    rectified = found.filter(status=HazardStatus.RECTIFIED, rectified_on__lte=last)
    return IndicatorRows(
        columns=(_("地址"), _("隐患类型"), _("发现日期"), _("状态"), _("整改日期")),
        row=_hazard_row,
        numerator=rectified,
        denominator=found,
    )


def _rooms(node: OrgNode, user: Any) -> QuerySet[Room]:
    return (
        rows_seen_by(Room, user)
        .filter(grid__path__startswith=node.path)
        .select_related("grid")
        .order_by("address", "pk")
    )


def coverage_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    entered = Visit.objects.filter(
        room_id=OuterRef("pk"), outcome=VisitOutcome.MET, visited_on__gte=first
    ).filter(visited_on__lte=last)
    rooms = _rooms(node, user)
    return IndicatorRows(
        columns=(_("地址"), _("网格")),
        row=_room_row,
        numerator=rooms.filter(Exists(entered)),
        denominator=rooms,
    )


def _household_row(household: Household) -> tuple[list[Any], str]:
    room = household.room
    cells = [room.address, room.grid.name, household.started_on.isoformat()]
    return cells, reverse("registry:room", args=[room.pk])


def freshness_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    households = (
        rows_seen_by(Household, user)
        .filter(_living(last), grid__path__startswith=node.path)
        .select_related("room__grid")
        .order_by("room__address", "pk")
    )
    return IndicatorRows(
        columns=(_("地址"), _("网格"), _("建户日期")),
        row=_household_row,
        numerator=households.filter(_confirmed(last)),
        denominator=households,
    )
