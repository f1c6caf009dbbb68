"""Who a demo person is: gender, birth date, citizen ID number, party joining date.

Everything is drawn from the ``random.Random`` handed in and dated against ``REFERENCE_DATE``
rather than today, so one seed gives the same people whatever day the demo is seeded.
ID numbers follow GB 11643: 6 digits of region (the district's code), 8 of birth date, 3 of
order (odd for men, even for women) and the ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import datetime
import random

from stdnum.cn import ric

REFERENCE_DATE = datetime.date(2026, 1, 1)

# Age bands (full years on REFERENCE_DATE) and their weights, for party members and cadres.
MEMBER_AGES = ((18, 30, 14), (31, 45, 24), (46, 60, 27), (61, 75, 23), (76, 92, 12))
CADRE_AGES = ((26, 35, 25), (36, 45, 40), (46, 58, 35))


class IdNumberMaker:
    """Issues distinct, valid citizen ID numbers for one region code."""

    def __init__(self, region: str, rng: random.Random, taken: set[str] | None = None) -> None:
        if len(region) != 6 or not region.isdigit():
            raise ValueError(f"region code must be 6 digits: {region!r}")
        self.region = region
        self.rng = rng
        self.issued: set[str] = set(taken or ())

    def issue(self, birth_date: datetime.date, gender: str) -> str:
        stem = self.region + birth_date.strftime("%Y%m%d")
        parity = 1 if gender == "M" else 0
        # Order codes run 001-999; the last digit's parity carries the gender.
        start = self.rng.randrange(0, 500)
        for step in range(500):
            order = (start + step) % 500 * 2 + parity
            body = f"{stem}{order:03d}"
            if order and body not in self.issued:
                self.issued.add(body)
                return body + ric.calc_check_digit(body + "0")
        raise RuntimeError(f"no free ID number left for {stem}")


def birth_date_for_age(
    rng: random.Random, bands: tuple[tuple[int, int, int], ...]
) -> datetime.date:
    """A birth date giving an age drawn from ``bands`` (low, high, weight) on REFERENCE_DATE."""
    low, high, _weight = rng.choices(bands, weights=[b[2] for b in bands])[0]
    age = rng.randint(low, high)
    # Born between (age + 1) years and age years before the reference date.
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age).toordinal()
    earliest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1).toordinal() + 1
    return datetime.date.fromordinal(rng.randint(earliest, latest))


def party_joining_date(rng: random.Random, birth_date: datetime.date) -> datetime.date:
    """When a member joined the party: at 18 at the earliest, most often in their twenties."""
    adult = _add_years(birth_date, 18).toordinal()
    span = max(0, REFERENCE_DATE.toordinal() - 30 - adult)
    offset = rng.expovariate(1 / (9 * 365.25))
    if offset > span:  # a young member: any day since their 18th birthday
        offset = rng.uniform(0, span)
    return datetime.date.fromordinal(adult + int(offset))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
