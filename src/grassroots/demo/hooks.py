"""Demo seeders: how every module fills the demo district with its own data (演示数据钩子).

A seeder is a function ``(context: DemoContext) -> None`` registered with ``@demo_seeder``::

    # grassroots/<app>/demo_seeds.py
    from grassroots.demo.hooks import DemoContext, demo_seeder
    from grassroots.org.models import Level

    @demo_seeder(order=100)
    def seed_demands(context: DemoContext) -> None:
        grids = context.nodes[Level.GRID]
        with context.progress("生成诉求 / demands", total=len(grids)) as advance:
            for grid in grids:
                ...  # create rows with context.rng and context.names, in bulk
                advance(1)

Rules of the contract:

- The module named by ``demo_seeds`` in each installed app's plugin (``<app>/plugin.py``) is
  imported before seeding, so registering is all a module does; nothing in the demo app names it.
- Seeders run in ``order`` (then name). The core seeding is registered the same way: the org
  tree (10), the party tree (20), people (30) and accounts (40). Later modules use 100 and up.
- Each seeder gets its own ``context.rng``, seeded from the demo seed and the seeder's name, so
  adding or changing one module's seeder never changes another module's data. Never touch the
  global ``random`` state, never read the clock for data: the same seed must give the same data.
- Everything runs in one transaction: a failing seeder leaves nothing behind.
- Write in bulk (``bulk_create`` in chunks); a district of 1,000,000 residents has 60,000
  party members and about 1,700 grids.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from grassroots.demo.names import NameMaker

if TYPE_CHECKING:
    from grassroots.demo.plan import DistrictPlan
    from grassroots.org.models import OrgNode, PartyOrganization

SeederFunc = Callable[["DemoContext"], None]
Advance = Callable[[int], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    order: int
    func: SeederFunc


_SEEDERS: dict[str, Seeder] = {}


def demo_seeder(*, order: int, name: str | None = None) -> Callable[[SeederFunc], SeederFunc]:
    """Register a demo seeder; ``name`` defaults to ``module.function``."""

    def register(func: SeederFunc) -> SeederFunc:
        key = name or f"{func.__module__}.{func.__qualname__}"
        _SEEDERS[key] = Seeder(name=key, order=order, func=func)
        return func

    return register


def registered_seeders() -> list[Seeder]:
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.name))


class ProgressReporter(Protocol):
    def __call__(self, description: str, *, total: int) -> AbstractContextManager[Advance]: ...


@contextmanager
def no_progress(description: str, *, total: int) -> Iterator[Advance]:
    yield lambda n: None


@dataclass
class DemoContext:
    """What a seeder knows about the district being generated.

    The core seeders fill ``plan``, ``district``, ``nodes``, ``party`` and ``people``; a later
    seeder reads them. ``residents_in`` gives the planned population of any node, which is what
    a registry seeder needs to decide how many households to make in a grid.
    """

    seed: int
    residents: int
    district_code: str
    progress: ProgressReporter = no_progress
    rng: random.Random = field(default_factory=random.Random)
    plan: DistrictPlan | None = None
    district: OrgNode | None = None
    # Org nodes by level ("district", "street", "community", "grid"), in code order.
    nodes: dict[str, list[OrgNode]] = field(default_factory=dict)
    # The party organisation leading each org node, by the node's primary key.
    party: dict[int, PartyOrganization] = field(default_factory=dict)
    # Primary keys of generated Person rows, by role key ("member", "cadre") in creation order.
    people: dict[str, list[int]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    _place_names: set[str] = field(default_factory=set)

    @property
    def names(self) -> NameMaker:
        """Chinese names drawn with this seeder's rng; place names stay unique district-wide."""
        return NameMaker(self.rng, self._place_names)

    def rng_for(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def residents_in(self, node: OrgNode) -> int:
        if self.plan is None:
            raise RuntimeError("the org tree has not been seeded yet")
        return self.plan.residents_by_code.get(node.code, 0)
