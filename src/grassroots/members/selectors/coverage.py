"""一联十 coverage (联系户覆盖情况): how many occupied households members keep in touch with.

For a date and a unit of the tree, per grid and rolled up to every community, street and the
district above it:

- ``households``: occupied households, those with at least one resident living there on the
  date (a stay of the registry with ``moved_in_on <= date`` and no ``moved_out_on`` or a later
  one);
- ``linked``: those of them with a link current on the date (``linked_on <= date``, not ended
  or ended later), and ``rate``, linked as a percentage of occupied, one decimal, half up;
- ``not_contacted_90d``: linked households without a contact in the 90 days up to the date;
- ``members``: members living in the unit (their home grid), and of them those with more
  current links than their community's target (``members_over_target``), fewer
  (``members_under_target``) and none (``members_without_households``).

A handful of grouped queries, one row per grid each (no query per household or member); the
grids' figures are added up the tree in Python by cutting each grid's path at every step.
``user`` None is the operator's command line, which reads the whole tree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from grassroots.kernel.scope import within
from grassroots.members.models import (
    DEFAULT_LINK_TARGET,
    Contact,
    HouseholdLink,
    LinkTarget,
    Member,
)
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Residence

QUIET_DAYS = 90  # a linked household not contacted for this long is flagged
_ONE_DECIMAL = Decimal("0.1")


@dataclass
class Figures:
    """The coverage of one unit (a grid, a community ... or everything shown)."""

    households: int = 0
    linked: int = 0
    members: int = 0
    members_over_target: int = 0
    members_under_target: int = 0
    members_without_households: int = 0
    not_contacted_90d: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Linked as a percentage of occupied households, one decimal, half up (None: none
        occupied)."""
        if not self.households:
            return None
        share = Decimal(self.linked * 100) / Decimal(self.households)
        return share.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)

    def add(self, other: Figures) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "households": self.households,
            "linked": self.linked,
            "rate": None if rate is None else float(rate),
            "members": self.members,
            "members_over_target": self.members_over_target,
            "members_under_target": self.members_under_target,
            "members_without_households": self.members_without_households,
            "not_contacted_90d": self.not_contacted_90d,
        }


_COUNTS = tuple(f.name for f in fields(Figures))


@dataclass
class UnitFigures:
    node: OrgNode
    figures: Figures


@dataclass
class Coverage:
    """The coverage of ``unit`` (None: everything the reader sees) on ``as_of``."""

    as_of: datetime.date
    unit: OrgNode | None
    total: Figures
    grids: list[UnitFigures] = field(default_factory=list)
    communities: list[UnitFigures] = field(default_factory=list)
    streets: list[UnitFigures] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.total.as_json(),
            "as_of": self.as_of.isoformat(),
            "unit": self.unit.code if self.unit else None,
            "by_unit": {row.node.code: row.figures.as_json() for row in self.grids},
        }


def _visible(model: Any, user: Any) -> QuerySet:
    """``user`` None is the operator's command line: every row."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def _rows(model: Any, user: Any, unit: OrgNode | None) -> QuerySet:
    rows = _visible(model, user)
    return within(rows, unit.path) if unit is not None else rows


def coverage_units(user: Any) -> QuerySet[OrgNode]:
    """The units the coverage can be narrowed to: the reader's streets, communities, grids."""
    return _visible(OrgNode, user).exclude(level=Level.DISTRICT).order_by("path")


def find_unit(user: Any, code: str) -> OrgNode | None:
    """The unit of the tree with this code, if the reader sees it."""
    return _visible(OrgNode, user).filter(code=code.strip()).first()


def _tuples(rows: QuerySet) -> list[tuple[Any, ...]]:
    """The rows of a query of ids and counts, straight from the cursor: a district has tens of
    thousands of them, and the ORM's per-value conversion (nothing to convert in an integer)
    costs more than the query."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _living_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}moved_in_on__lte": day}) & (
        Q(**{f"{prefix}moved_out_on__isnull": True}) | Q(**{f"{prefix}moved_out_on__gt": day})
    )


def _current_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}linked_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def _day_starts(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _households(user: Any, unit: OrgNode | None, day: datetime.date) -> dict[int, int]:
    """Occupied households per grid: distinct households with a stay on the day."""
    stays = _rows(Residence, user, unit).filter(_living_on(day))
    return dict(
        stays.order_by()
        .values("grid_id")
        .annotate(n=Count("household_id", distinct=True))
        .values_list("grid_id", "n")
    )


def _contacted(day: datetime.date) -> Q:
    """A link whose household was contacted in the ``QUIET_DAYS`` up to the day.

    The link carries its household's latest contact, which settles it for the day itself and
    for any later one; only when that contact came after the day (a figure for an earlier
    date) are the contacts themselves searched."""
    start = _day_starts(day - datetime.timedelta(days=QUIET_DAYS - 1))
    end = _day_starts(day + datetime.timedelta(days=1))
    in_window = Contact.objects.filter(
        household_id=OuterRef("household_id"), at__gte=start, at__lt=end
    )
    return Q(last_contact_at__gte=start, last_contact_at__lt=end) | (
        Q(last_contact_at__gte=end) & Exists(in_window)
    )


def _links(user: Any, unit: OrgNode | None, day: datetime.date) -> dict[int, tuple[int, int]]:
    """Per grid: occupied households with a current link, and those of them not contacted
    in the ``QUIET_DAYS`` up to the day. A household has one current link (the services end
    one before making another), so links are counted, not distinct households."""
    occupied = Residence.objects.filter(
        _living_on(day), grid_id=OuterRef("grid_id"), household_id=OuterRef("household_id")
    )
    links = (
        _rows(HouseholdLink, user, unit)
        .filter(_current_on(day))
        .filter(Exists(occupied))
        .order_by()
        .values("grid_id")
        .annotate(linked=Count("pk"), quiet=Count("pk", filter=~_contacted(day)))
    )
    return {row["grid_id"]: (row["linked"], row["quiet"]) for row in links}


def _targets(communities: Iterable[int]) -> dict[int, int]:
    found = LinkTarget.objects.filter(community_id__in=list(communities))
    return dict(found.values_list("community_id", "households"))


def _held_on(day: datetime.date) -> Case:
    """A member's links current on the day: the count kept on the member when no link of
    theirs began or ended after the day (today's figure, and any since the last change),
    otherwise counted from the links."""
    counted = (
        HouseholdLink.objects.filter(_current_on(day), member_id=OuterRef("pk"))
        .order_by()
        .values("member_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    kept = Q(links_changed_on__isnull=True) | Q(links_changed_on__lte=day)
    return Case(
        When(kept, then=F("links_held")),
        default=Coalesce(Subquery(counted), Value(0)),
        output_field=IntegerField(),
    )


def _members(
    user: Any, unit: OrgNode | None, day: datetime.date, grids: dict[int, OrgNode]
) -> dict[int, Figures]:
    """Per grid: members living there, and how their current links stand to the target."""
    # How many members of each grid hold how many links: a few thousand rows to compare.
    counts = _tuples(
        _rows(Member, user, unit)
        .order_by()
        .annotate(held=_held_on(day))
        .values("grid_id", "held")
        .annotate(k=Count("pk"))
        .values_list("grid_id", "held", "k")
    )
    community_of = {pk: node.path[: 3 * OrgNode.steplen] for pk, node in grids.items()}
    community_ids = dict(
        OrgNode.objects.filter(path__in=set(community_of.values())).values_list("path", "pk")
    )
    targets = _targets(community_ids.values())
    target_of = {
        pk: targets.get(community_ids.get(path, 0), DEFAULT_LINK_TARGET)
        for pk, path in community_of.items()
    }
    per_grid: dict[int, Figures] = defaultdict(Figures)
    for grid_id, n, k in counts:
        figures = per_grid[grid_id]
        target = target_of.get(grid_id, DEFAULT_LINK_TARGET)
        figures.members += k
        figures.members_over_target += k * (n > target)
        figures.members_under_target += k * (n < target)
        figures.members_without_households += k * (n == 0)
    return per_grid


def coverage(
    user: Any, *, unit: OrgNode | None = None, as_of: datetime.date | None = None
) -> Coverage:
    """The coverage of ``unit`` (default: everything ``user`` sees) on ``as_of`` (today)."""
    day = as_of or timezone.localdate()
    nodes = _visible(OrgNode, user)
    if unit is not None:
        nodes = nodes.filter(path__startswith=unit.path)
    grids = {node.pk: node for node in nodes.filter(level=Level.GRID).order_by("path")}
    per_grid: dict[int, Figures] = defaultdict(Figures)
    for grid_id, n in _households(user, unit, day).items():
        per_grid[grid_id].households = n
    for grid_id, (linked, quiet) in _links(user, unit, day).items():
        per_grid[grid_id].linked = linked
        per_grid[grid_id].not_contacted_90d = quiet
    for grid_id, figures in _members(user, unit, day, grids).items():
        per_grid[grid_id].add(figures)
    return _roll_up(user, day, unit, grids, per_grid)


def _roll_up(
    user: Any,
    day: datetime.date,
    unit: OrgNode | None,
    grids: dict[int, OrgNode],
    per_grid: dict[int, Figures],
) -> Coverage:
    total = Figures()
    above: dict[str, Figures] = defaultdict(Figures)
    rows = []
    for pk, node in grids.items():
        figures = per_grid.get(pk, Figures())
        total.add(figures)
        rows.append(UnitFigures(node, figures))
        for end in range(OrgNode.steplen, len(node.path), OrgNode.steplen):
            above[node.path[:end]].add(figures)
    # Only the units the reader sees: a grid worker's grid lies in a community they do not.
    ancestors = _visible(OrgNode, user).filter(path__in=list(above)).order_by("path")
    result = Coverage(as_of=day, unit=unit, total=total, grids=rows)
    for node in ancestors:
        row = UnitFigures(node, above[node.path])
        if node.level == Level.COMMUNITY:
            result.communities.append(row)
        elif node.level == Level.STREET:
            result.streets.append(row)
    return result


__all__ = ["QUIET_DAYS", "Coverage", "Figures", "coverage", "coverage_units", "find_unit"]
