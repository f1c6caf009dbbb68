"""The roster page's reads: members the user sees, narrowed by grid and kind, with how many
households each keeps in touch with now."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from grassroots.members.models import Member
from grassroots.org.models import Level, OrgNode


def roster_page(
    user: Any, *, grid: OrgNode | None = None, kind: str = "", on: datetime.date | None = None
) -> QuerySet[Member]:
    """The members ``user`` sees (in ``grid``, of ``kind`` when given), each with ``linked``:
    their links current on ``on`` (today)."""
    day = on or timezone.localdate()
    current = Q(links__linked_on__lte=day) & (
        Q(links__ended_on__isnull=True) | Q(links__ended_on__gt=day)
    )
    members = Member.objects.visible_to(user)
    if grid is not None:
        members = members.filter(grid=grid)
    if kind:
        members = members.filter(kind=kind)
    return (
        members.select_related("person", "person__party_branch", "grid")
        .annotate(linked=Count("links", filter=current))
        .order_by("grid__path", "person__name", "pk")
    )


def roster_grids(user: Any) -> QuerySet[OrgNode]:
    """The grids the roster can be narrowed to: those the user sees."""
    return OrgNode.objects.visible_to(user).filter(level=Level.GRID).order_by("path")


def find_grid(user: Any, code: str) -> OrgNode | None:
    """The grid with this code, if the user sees it."""
    return roster_grids(user).filter(code=code.strip()).first()
