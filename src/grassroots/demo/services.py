"""Seeding the demo district (生成演示数据): the one write action of the demo app.

``seed_demo_district`` runs every registered seeder (see ``hooks``) in one transaction and
writes one audit record. A database that already holds the demo district (its root code
exists) is left as it is: nothing is seeded twice. To start over, point the command at a fresh
data directory (``--data DIR``) or drop the database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction

from grassroots.audit.models import Action
from grassroots.audit.services import record

# Importing the core seeders registers them (order 10-40).
from grassroots.demo import generator, logins, persons  # noqa: F401
from grassroots.demo.constants import DEFAULT_DISTRICT_CODE, DEFAULT_RESIDENTS, DEFAULT_SEED
from grassroots.demo.hooks import DemoContext, ProgressReporter, no_progress, registered_seeders
from grassroots.kernel.plugins import installed_plugins, load
from grassroots.org.models import OrgNode

CORE_PREFIX = "core."
MODULE_ORDER = 100  # seeders from here on belong to the modules built on the core


@dataclass
class SeedResult:
    seeded: bool  # False when the district was already there
    district: OrgNode
    timings: dict[str, float] = field(default_factory=dict)
    skipped_usernames: list[str] = field(default_factory=list)

    @property
    def core_seconds(self) -> float:
        """Time spent on the org tree, party tree, people and accounts."""
        return sum(t for name, t in self.timings.items() if name.startswith(CORE_PREFIX))


def seed_demo_district(
    *,
    residents: int = DEFAULT_RESIDENTS,
    seed: int = DEFAULT_SEED,
    district_code: str = DEFAULT_DISTRICT_CODE,
    progress: ProgressReporter = no_progress,
    modules: bool = True,
) -> SeedResult:
    """Generate the demo district; the same seed and size always give the same data.

    ``modules=False`` seeds the core alone (org tree, party tree, people, accounts: the
    seeders below order 100), for tests of the core that need no module's data.
    """
    existing = OrgNode.objects.filter(code=district_code).first()
    if existing is not None:
        return SeedResult(seeded=False, district=existing)
    for plugin in installed_plugins():  # importing a seeds module registers its seeders
        if plugin.demo_seeds:
            load(plugin.demo_seeds)
    context = DemoContext(
        seed=seed, residents=residents, district_code=district_code, progress=progress
    )
    with transaction.atomic():
        for seeder in registered_seeders():
            if not modules and seeder.order >= MODULE_ORDER:
                continue
            context.rng = context.rng_for(seeder.name)
            started = time.perf_counter()
            seeder.func(context)
            context.timings[seeder.name] = time.perf_counter() - started
        if context.district is None:
            raise RuntimeError("no seeder created the district")
        record(
            Action.ORG_IMPORTED,
            target=district_code,
            node=context.district,
            username="demo",
            source="demo",
            seed=seed,
            residents=residents,
            seeders=list(context.timings),
        )
    return SeedResult(
        seeded=True,
        district=context.district,
        timings=context.timings,
        skipped_usernames=context.extra.get("skipped_usernames", []),
    )
