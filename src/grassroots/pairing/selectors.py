"""Reads of pairings: which units a place can turn to."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import PairedUnit, Pairing


def units_paired_with(node: OrgNode, day: datetime.date | None = None) -> QuerySet[PairedUnit]:
    """The units paired, on ``day`` (today), with the community that ``node`` is in or is."""
    day = day or timezone.localdate()
    communities = [
        node.path[:n] for n in range(OrgNode.steplen, len(node.path) + 1, OrgNode.steplen)
    ]
    pairings = Pairing.objects.active_on(day).filter(
        community__path__in=communities, community__level=Level.COMMUNITY
    )
    return PairedUnit.objects.filter(pairings__in=pairings).distinct().order_by("code")
