"""Test helpers for pairings, and their samples for the scope walk."""

from __future__ import annotations

import datetime

from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import PairedUnit, Pairing
from grassroots.testing.personas import grid_at_or_below
from grassroots.testing.scopewalk import register_sample


def pair(
    unit_code: str,
    unit_name: str,
    community: OrgNode,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Pairing:
    """Pair a unit (made in the community's district if new) with a community."""
    district = OrgNode.objects.get(path=community.path[: OrgNode.steplen])
    unit, _created = PairedUnit.objects.get_or_create(
        code=unit_code,
        defaults={
            "name": unit_name,
            "district": district,
            "party_organization": f"中共{unit_name}党组",
        },
    )
    return Pairing.objects.create(
        unit=unit,
        community=community,
        started_on=started_on or datetime.date(2026, 1, 1),
        ended_on=ended_on,
    )


def _community_at_or_below(node: OrgNode, tag: str) -> OrgNode | None:
    if node.level == Level.GRID:
        return None  # a grid holds no community
    grid = grid_at_or_below(node, tag)
    return OrgNode.objects.get(path=grid.path[: -OrgNode.steplen])


def _sample_pairing(node: OrgNode, tag: str) -> Pairing | None:
    community = _community_at_or_below(node, tag)
    return pair(f"WALK{tag}", f"巡检结对单位{tag}", community) if community else None


def _sample_unit(node: OrgNode, tag: str) -> PairedUnit | None:
    if node.level != Level.DISTRICT:
        return None  # units belong to a district
    return PairedUnit.objects.create(code=f"WALKU{tag}", name=f"巡检单位{tag}", district=node)


register_sample(Pairing, marker=lambda p: p.unit.name, make=_sample_pairing)
register_sample(PairedUnit, marker=lambda u: u.name, make=_sample_unit)
