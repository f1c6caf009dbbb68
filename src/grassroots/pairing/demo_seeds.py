"""Demo pairings: the district's departments, each paired with a few of its communities."""

from __future__ import annotations

import datetime

from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.pairing.models import PairedUnit, Pairing

# (code suffix, name): county-level units that commonly pair with communities and villages.
UNITS = (
    ("ZJJ", "区住房和城乡建设局"),
    ("CGJ", "区城市管理执法局"),
    ("WJW", "区卫生健康局"),
    ("MZJ", "区民政局"),
    ("SJJ", "区市场监督管理局"),
    ("SWJ", "区水务局"),
    ("JYJ", "区教育局"),
    ("GAJ", "区公安分局"),
    ("RSJ", "区人力资源和社会保障局"),
    ("NYJ", "区农业农村局"),
    ("GHJ", "区自然资源和规划局"),
    ("GXS", "区供销合作社"),
)
STARTED = datetime.date(2026, 1, 1)


@demo_seeder(order=105, name="pairing.units")
def seed_pairings(context: DemoContext) -> None:
    """Twelve departments; every community paired with one of them, in turn (2026 round)."""
    district = context.district
    communities = context.nodes.get("community", [])
    if district is None or not communities:
        return
    units = PairedUnit.objects.bulk_create(
        [
            PairedUnit(
                district=district,
                code=f"{context.district_code[:6]}{suffix}",
                name=name,
                party_organization=f"中共{name}委员会",
            )
            for suffix, name in UNITS
        ]
    )
    with context.progress("结对关系 / pairings", total=len(communities)) as advance:
        Pairing.objects.bulk_create(
            [
                Pairing(unit=units[i % len(units)], community=community, started_on=STARTED)
                for i, community in enumerate(communities)
            ]
        )
        advance(len(communities))
    # Read by the demands seeder, which escalates a few demands to these units.
    context.extra["paired_units"] = {
        community.pk: units[i % len(units)] for i, community in enumerate(communities)
    }
