"""The demands part of the home page (工作台): what the user's unit has to do about demands now.

Everyone who handles demands sees the counts that call for action, each a link to the list
behind it: 待派单 and 待回访销号 for those who dispatch, 待签收 and 办理中 for those who handle,
上报待办 (escalated to their own unit), 24小时内到期 and 已超期, and the most pressing demands
with their countdown. A street or the district also sees how many are overdue in each unit
one level down and the three rates of the last complete month against the months before it.

Every figure is one grouped query over ``visible_to`` (the counts in one, the units in one,
the months in two), whatever the number of demands: a district's home page stays a handful
of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.demands.models import Demand
from grassroots.demands.rates import MonthRates, monthly_rates
from grassroots.demands.selectors import demands_for, my_demands, overdue, own_demands
from grassroots.demands.workflow import DISPATCHERS, Status
from grassroots.org.models import Level, OrgNode

PRESSING_SHOWN = 5
TREND_MONTHS = 6
SOON = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Tile:
    """One count on the workbench: what it is, how many, where the list is, how urgent."""

    key: str
    label: str
    count: int
    url: str
    tone: str = ""  # "alarm" (overdue), "warn" (due soon), "" (work waiting)


@dataclass
class UnitOverdue:
    node: OrgNode
    overdue: int = 0
    open: int = 0


@dataclass
class DemandsPanel:
    tiles: list[Tile]
    pressing: list[Demand]
    now: datetime.datetime
    units: list[UnitOverdue] = field(default_factory=list)
    months: list[MonthRates] = field(default_factory=list)

    @property
    def last_month(self) -> MonthRates | None:
        return self.months[-1] if self.months else None

    @property
    def month_before(self) -> MonthRates | None:
        return self.months[-2] if len(self.months) > 1 else None

    @property
    def worst_overdue(self) -> int:
        return max((u.overdue for u in self.units), default=0)


def _list_url(**query: str) -> str:
    return f"{reverse('demands:list')}?{urlencode(query)}"


def _due_soon(now: datetime.datetime) -> Q:
    """Open and not overdue, with the next deadline within 24 hours."""
    soon = now + SOON
    response = Q(responded_at__isnull=True, response_due__gte=now, response_due__lt=soon)
    resolve = Q(responded_at__isnull=False, resolved_at__isnull=True) & Q(
        resolve_due__gte=now, resolve_due__lt=soon
    )
    return (response | resolve) & ~overdue(now)


def _counts(user: Any, home: OrgNode | None, now: datetime.datetime) -> dict[str, int]:
    mine = my_demands(user).order_by()
    waiting = Q(status__in=[Status.RECEIVED, Status.RETURNED])
    escalated = Q(status=Status.ESCALATED, owner_unit=home) if home else Q(pk__in=[])
    return mine.aggregate(
        to_dispatch=Count("pk", filter=waiting),
        to_accept=Count("pk", filter=Q(status__in=[Status.RECEIVED, Status.DISPATCHED])),
        in_hand=Count(
            "pk", filter=Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS, Status.REOPENED])
        ),
        to_close=Count("pk", filter=Q(status__in=[Status.RESOLVED, Status.FOLLOWED_UP])),
        escalated=Count("pk", filter=escalated),
        due_soon=Count("pk", filter=_due_soon(now)),
        overdue=Count("pk", filter=overdue(now)),
    )


def _tiles(counts: dict[str, int], dispatches: bool) -> list[Tile]:
    mine = reverse("demands:mine")
    tiles = []
    if dispatches:
        tiles += [
            Tile("to_dispatch", _("待派单"), counts["to_dispatch"], _list_url(status="received")),
            Tile("escalated", _("上报待办"), counts["escalated"], _list_url(status="escalated")),
            Tile("to_close", _("待回访销号"), counts["to_close"], _list_url(status="resolved")),
        ]
    else:
        tiles += [
            Tile("to_accept", _("待签收"), counts["to_accept"], mine),
            Tile("in_hand", _("办理中"), counts["in_hand"], mine),
        ]
    tiles += [
        Tile("due_soon", _("24小时内到期"), counts["due_soon"], mine, "warn"),
        Tile("overdue", _("已超期"), counts["overdue"], _list_url(overdue="1"), "alarm"),
    ]
    return tiles


def _units(user: Any, home: OrgNode, now: datetime.datetime) -> list[UnitOverdue]:
    """Open and overdue demands in each unit one level below ``home``, most overdue first."""
    width = OrgNode.steplen * (home.depth + 1)
    children = OrgNode.objects.visible_to(user).filter(
        path__startswith=home.path, depth=home.depth + 1
    )
    rows = (
        demands_for(user)
        .filter(grid__path__startswith=home.path)
        .exclude(status=Status.CLOSED)
        .order_by()
        .annotate(prefix=Substr("grid__path", 1, width))
        .values("prefix")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue(now)))
    )
    found = {row["prefix"]: row for row in rows}
    units = [
        UnitOverdue(
            node,
            overdue=found.get(node.path, {}).get("overdue", 0),
            open=found.get(node.path, {}).get("open", 0),
        )
        for node in children
    ]
    units.sort(key=lambda u: (-u.overdue, -u.open, u.node.code))
    return units


def demands_panel(user: Any) -> DemandsPanel | None:
    """The panel (``HomePanel`` context), or None for a user with no unit."""
    home = getattr(user, "org_node", None)
    if home is None:
        return None
    now = timezone.now()
    dispatches = bool(set(user.role_codes) & DISPATCHERS)
    pressing = my_demands(user).filter(resolved_at__isnull=True)[:PRESSING_SHOWN]
    panel = DemandsPanel(_tiles(_counts(user, home, now), dispatches), list(pressing), now)
    if home.level in (Level.DISTRICT, Level.STREET):
        panel.units = _units(user, home, now)
        panel.months = monthly_rates(home, TREND_MONTHS, timezone.localdate(now))
    return panel


OWN_SHOWN = 3


def own_panel(user: Any) -> dict[str, Any]:
    """A resident's home panel: their open demands, newest first, and the way to report one."""
    mine = own_demands(user)
    open_ = mine.exclude(status=Status.CLOSED)
    return {"open": open_.count(), "latest": list(mine[:OWN_SHOWN])}
