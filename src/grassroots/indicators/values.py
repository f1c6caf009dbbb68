"""What a pair of counts shows: the value, rounded half up, and its status against the target.

- ``percent``: numerator × 100 / denominator, one decimal; ``per_10k``: numerator × 10,000 /
  denominator, two decimals; both rounded half up (87.25 → 87.3). No denominator: no value.
- Status against the target of the node's level, the right way round for the direction:
  ``green`` when the target is met; ``amber`` when it is missed by no more than the margin
  (5 percentage points for a percentage, 10 % of the target for a rate per 10,000); ``red``
  beyond; ``none`` when there is no target or no value; ``waiting`` when the source module
  is not built yet.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import IndicatorSpec

PERCENT, PER_10K = "percent", "per_10k"
SCALE = {PERCENT: Decimal(100), PER_10K: Decimal(10_000)}
PLACES = {PERCENT: Decimal("0.1"), PER_10K: Decimal("0.01")}
PERCENT_MARGIN = Decimal(5)  # percentage points
PER_10K_MARGIN = Decimal("0.10")  # share of the target

GREEN, AMBER, RED, NONE, WAITING = "green", "amber", "red", "none", "waiting"
# The words a status and a unit are written in, on the command line and in the exports.
STATUS_WORDS = {
    GREEN: _("达标"),
    AMBER: _("接近目标"),
    RED: _("未达标"),
    NONE: "",
    WAITING: _("待建"),
}
UNIT_SUFFIX = {PERCENT: "%", PER_10K: _("/万人")}


def shown(value: Decimal | None, unit: str) -> str:
    """A value as read: 57.9%, 1.00/万人, or — when there is none."""
    return "—" if value is None else f"{value}{UNIT_SUFFIX[unit]}"


def value_of(unit: str, numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    raw = Decimal(numerator) * SCALE[unit] / Decimal(denominator)
    return raw.quantize(PLACES[unit], rounding=ROUND_HALF_UP)


def rounded(unit: str, value: Decimal) -> Decimal:
    return value.quantize(PLACES[unit], rounding=ROUND_HALF_UP)


def target_for(spec: IndicatorSpec, level: str) -> Decimal | None:
    target = spec.targets.get(level)
    return None if target is None else rounded(spec.unit, Decimal(target))


def status_of(spec: IndicatorSpec, value: Decimal | None, target: Decimal | None) -> str:
    if not spec.counter:
        return WAITING
    if value is None or target is None:
        return NONE
    margin = PERCENT_MARGIN if spec.unit == PERCENT else target * PER_10K_MARGIN
    # How far the value falls short of the target, whichever way is better.
    short = target - value if spec.direction == "higher" else value - target
    if short <= 0:
        return GREEN
    return AMBER if short <= margin else RED
