"""The shape of a demo district for a given population: how many streets, communities, grids.

About 80,000 residents per street (at least 2 streets), 8,000 per community (at least 2 per
street) and 600 per grid (at least 2 per community), so sibling scopes are visible even in the
smallest demo. Party members are 6 % of residents. Planning is pure: same seed and population,
same plan, before anything touches the database.

Codes follow the statistical division code: streets (街道) take 001-099 and towns (镇) 101-199
in digits 7-9; under them communities (社区) take 001-199 and villages (村) 201-399 in digits
10-12; a grid appends 001-999.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from grassroots.demo.constants import MAX_RESIDENTS
from grassroots.demo.names import NameMaker, chinese_number, short_name

RESIDENTS_PER_STREET = 80_000
RESIDENTS_PER_COMMUNITY = 8_000
RESIDENTS_PER_GRID = 600
PARTY_MEMBER_SHARE = 0.06
TOWN_SHARE = 0.3  # towns among the street-level units, beyond the first two


@dataclass
class GridPlan:
    code: str
    name: str
    residents: int
    members: int


@dataclass
class CommunityPlan:
    code: str
    name: str
    is_village: bool
    residents: int
    grids: list[GridPlan] = field(default_factory=list)


@dataclass
class StreetPlan:
    code: str
    name: str
    is_town: bool
    communities: list[CommunityPlan] = field(default_factory=list)


@dataclass
class DistrictPlan:
    code: str
    name: str
    residents: int
    streets: list[StreetPlan]
    residents_by_code: dict[str, int]

    def communities(self) -> list[CommunityPlan]:
        return [c for s in self.streets for c in s.communities]

    def grids(self) -> list[GridPlan]:
        return [g for c in self.communities() for g in c.grids]

    @property
    def members(self) -> int:
        return sum(g.members for g in self.grids())


def round_half_up(value: float) -> int:
    return int(value + 0.5)


def unit_counts(residents: int) -> tuple[int, int, int]:
    """(streets, communities, grids) for a district of ``residents``."""
    streets = max(2, round_half_up(residents / RESIDENTS_PER_STREET))
    communities = max(2 * streets, round_half_up(residents / RESIDENTS_PER_COMMUNITY))
    grids = max(2 * communities, round_half_up(residents / RESIDENTS_PER_GRID))
    return streets, communities, grids


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into parts proportional to ``weights``, each at least ``minimum``.

    Largest remainders: the parts always add up to ``total`` (given total >= minimum * parts).
    """
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total is smaller than the minimum of every part")
    weight_sum = sum(weights) or 1.0
    quotas = [w * spare / weight_sum for w in weights]
    parts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [minimum + p for p in parts]


def plan_district(
    *, residents: int, district_code: str, rng: random.Random, names: NameMaker
) -> DistrictPlan:
    if not 1 <= residents <= MAX_RESIDENTS:
        raise ValueError(f"residents must be between 1 and {MAX_RESIDENTS}")
    n_streets, n_communities, n_grids = unit_counts(residents)
    towns = int((n_streets - 2) * TOWN_SHARE + 0.5) if n_streets > 2 else 0
    prefix = district_code[:6]
    district_name = names.district()
    per_street = apportion(n_communities, [rng.uniform(0.7, 1.3) for _ in range(n_streets)], 2)
    street_residents = apportion(residents, [float(n) for n in per_street])
    streets = []
    for index, communities in enumerate(per_street):
        is_town = index >= n_streets - towns
        number = index + 1 - (n_streets - towns) + 100 if is_town else index + 1
        street = StreetPlan(
            code=f"{prefix}{number:03d}000", name=names.street(town=is_town), is_town=is_town
        )
        street.communities = _plan_communities(
            street, communities, street_residents[index], rng, names
        )
        streets.append(street)
    plan = DistrictPlan(
        code=district_code,
        name=district_name,
        residents=residents,
        streets=streets,
        residents_by_code={},
    )
    _plan_grids(plan, n_grids, rng)
    _count_residents(plan)
    return plan


def _plan_communities(
    street: StreetPlan, count: int, residents: int, rng: random.Random, names: NameMaker
) -> list[CommunityPlan]:
    # A town has a community or two at its seat; the rest are villages.
    urban = count if not street.is_town else min(count - 1, 1 + (count > 4))
    shares = apportion(residents, [rng.uniform(0.7, 1.3) for _ in range(count)])
    plans = []
    for index in range(count):
        village = index >= urban
        number = index - urban + 201 if village else index + 1
        plans.append(
            CommunityPlan(
                code=f"{street.code[:9]}{number:03d}",
                name=names.village() if village else names.community(),
                is_village=village,
                residents=shares[index],
            )
        )
    return plans


def _plan_grids(plan: DistrictPlan, n_grids: int, rng: random.Random) -> None:
    communities = plan.communities()
    per_community = apportion(n_grids, [float(c.residents) for c in communities], 2)
    members_total = round_half_up(plan.residents * PARTY_MEMBER_SHARE)
    for community, count in zip(communities, per_community, strict=True):
        residents = apportion(community.residents, [rng.uniform(0.8, 1.2) for _ in range(count)])
        stem = short_name(community.name)
        community.grids = [
            GridPlan(
                code=f"{community.code}{i + 1:03d}",
                name=f"{stem}第{chinese_number(i + 1)}网格",
                residents=r,
                members=0,
            )
            for i, r in enumerate(residents)
        ]
    grids = plan.grids()
    members = apportion(members_total, [float(g.residents) for g in grids])
    for grid, count in zip(grids, members, strict=True):
        grid.members = count


def _count_residents(plan: DistrictPlan) -> None:
    counts = plan.residents_by_code
    counts[plan.code] = plan.residents
    for street in plan.streets:
        counts[street.code] = sum(c.residents for c in street.communities)
        for community in street.communities:
            counts[community.code] = community.residents
            for grid in community.grids:
                counts[grid.code] = grid.residents
