"""The arithmetic of sample surveys (测评), pure: no database, no Django. The surveys draw and
read their rates with it, and the indicator engine gives a sampled figure its interval.

- ``sample_size``: how many households to ask for a margin of error ``e`` (a share: 0.03 for
  ±3 points) at a confidence level, with the finite-population correction:
  n0 = z² p(1−p) / e² with p = 0.5 (the most cautious), n = n0 / (1 + (n0 − 1) / N), rounded
  to the nearest household, at least one and at most N.
- ``allocate``: the sample cut across the grids (strata) in proportion to their households,
  by the largest remainders, every non-empty grid getting at least one when the sample has
  room for that.
- ``wilson``: the Wilson score interval of a share ``k`` of ``n``; when the population it was
  drawn from is known (``population``), the finite-population correction (N − n)/(N − 1)
  shrinks the variance: the interval is Wilson's for an effective sample n (N − 1)/(N − n),
  and nothing is left uncertain once everyone was asked (n = N).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Two-sided normal quantiles of the confidence levels a survey may choose.
Z = {90: Decimal("1.645"), 95: Decimal("1.96"), 99: Decimal("2.576")}
P = 0.5


@dataclass(frozen=True)
class SampleSize:
    """The computation shown on a survey's page, every step of it."""

    z: float
    margin: float  # a share: 0.03
    population: int  # N
    n0: float
    size: int  # n

    @property
    def corrected(self) -> float:
        """n before rounding: n0 / (1 + (n0 − 1) / N)."""
        if not self.population:
            return 0.0
        return self.n0 / (1 + (self.n0 - 1) / self.population)


def sample_size(population: int, margin: float, z: float = 1.96) -> SampleSize:
    """The households to ask among ``population`` for ``margin`` (a share) at ``z``."""
    if margin <= 0 or margin >= 1:
        raise ValueError("margin must be a share between 0 and 1")
    n0 = z * z * P * (1 - P) / (margin * margin)
    if population <= 0:
        return SampleSize(z, margin, 0, n0, 0)
    corrected = n0 / (1 + (n0 - 1) / population)
    size = int(Decimal(repr(corrected)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return SampleSize(z, margin, population, n0, max(1, min(population, size)))


def allocate(sizes: dict[int, int], total: int) -> dict[int, int]:
    """``total`` cut across strata of ``sizes`` households in proportion (largest remainder),
    at least one per non-empty stratum when ``total`` allows, never more than a stratum has.
    Ties of remainders go to the larger stratum, then the smaller key: the same every time."""
    strata = {key: size for key, size in sizes.items() if size > 0}
    population = sum(strata.values())
    total = max(0, min(total, population))
    if not total:
        return dict.fromkeys(sizes, 0)
    floor = 1 if total >= len(strata) else 0
    shares = {key: total * size / population for key, size in strata.items()}
    given = {key: min(size, max(floor, math.floor(shares[key]))) for key, size in strata.items()}
    order = sorted(
        strata, key=lambda key: (-(shares[key] - math.floor(shares[key])), -strata[key], key)
    )
    while (
        sum(given.values()) > total
    ):  # the floors of one took too much: take back from the largest
        key = max((k for k in given if given[k] > floor), key=lambda k: (given[k] - shares[k], k))
        given[key] -= 1
    while sum(given.values()) < total:
        for key in order:
            if sum(given.values()) == total:
                break
            if given[key] < strata[key]:
                given[key] += 1
        order = sorted(strata, key=lambda key: (given[key] - shares[key], key))
    return {key: given.get(key, 0) for key in sizes}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(k: int, n: int, *, z: float = 1.96, population: int | None = None) -> Interval | None:
    """The Wilson score interval of ``k`` favourable out of ``n`` (None when n is 0)."""
    if n <= 0:
        return None
    if not 0 <= k <= n:
        raise ValueError("k must lie between 0 and n")
    p = k / n
    effective = float(n)
    if population is not None and population > 1:
        if n >= population:
            return Interval(p, p)
        effective = n * (population - 1) / (population - n)
    z2 = z * z
    denominator = 1 + z2 / effective
    centre = (p + z2 / (2 * effective)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / effective + z2 / (4 * effective * effective))
    # The bounds hold the share itself (rounding must not lose an exact 0 or 1).
    return Interval(min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)))
