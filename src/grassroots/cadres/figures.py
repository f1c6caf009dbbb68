"""The composition figures of a term's two committees, computed from plain facts.

Nothing here touches the database: ``compose`` takes the members in office on a day and returns
the figures an organisation department publishes. Conventions (see the domain notes):

- ages are full years (周岁) on the day; "35岁以下" includes 35;
- 大专及以上 is 大专, 本科, 硕士研究生 and 博士研究生;
- rates are percentages of members (one-shoulder: of units), shown with one decimal rounded
  half up; a change between terms is computed from the unrounded figures, then rounded;
- a person listed on two rows of the same unit (the same ID number, or the same name, gender
  and birth date) is one member holding both rows' posts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

YOUNG_AGE = 35
SECRETARY, DIRECTOR = "secretary", "director"
COLLEGE_OR_ABOVE = frozenset({"college", "bachelor", "master", "doctor"})
FEMALE = "F"
ONE_DECIMAL = Decimal("0.1")


def round_half_up(value: Fraction | int | None) -> Decimal | None:
    """``value`` to one decimal, halves away from zero (12.25 → 12.3, -6.85 → -6.9)."""
    if value is None:
        return None
    value = Fraction(value)
    with localcontext() as context:
        # Exact for any terminating value; a repeating one is far from a .x5 boundary.
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def full_years(birth_date: datetime.date, on: datetime.date) -> int:
    """Age in full years (周岁) on ``on``: one less while the birthday is still to come."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


@dataclass(frozen=True)
class MemberFacts:
    """What the figures need of one roster row."""

    unit_id: int
    unit_name: str
    name: str
    gender: str
    birth_date: datetime.date
    education: str
    party_post: str
    committee_post: str
    id_index: str = ""
    member_id: int | None = None

    @property
    def identity(self) -> tuple:
        if self.id_index:
            return (self.unit_id, "id", self.id_index)
        return (self.unit_id, "name", self.name, self.gender, self.birth_date)


@dataclass
class Person:
    """One member: the rows that name the same person in a unit, merged."""

    rows: list[MemberFacts]

    @property
    def first(self) -> MemberFacts:
        return self.rows[0]

    @property
    def party_posts(self) -> list[str]:
        return [row.party_post for row in self.rows if row.party_post]

    @property
    def committee_posts(self) -> list[str]:
        return [row.committee_post for row in self.rows if row.committee_post]

    @property
    def cross_appointed(self) -> bool:
        return bool(self.party_posts) and bool(self.committee_posts)

    @property
    def one_shoulder(self) -> bool:
        return SECRETARY in self.party_posts and DIRECTOR in self.committee_posts


@dataclass
class Unit:
    unit_id: int
    name: str
    people: list[Person] = field(default_factory=list)

    @property
    def one_shoulder(self) -> bool:
        return any(person.one_shoulder for person in self.people)

    @property
    def women(self) -> int:
        return sum(person.first.gender == FEMALE for person in self.people)


def group(rows: Iterable[MemberFacts]) -> list[Unit]:
    """Units (in the order first seen) and their people, duplicate rows merged."""
    units: dict[int, Unit] = {}
    people: dict[tuple, Person] = {}
    for row in rows:
        unit = units.setdefault(row.unit_id, Unit(row.unit_id, row.unit_name))
        person = people.get(row.identity)
        if person is None:
            person = people[row.identity] = Person([row])
            unit.people.append(person)
        else:
            person.rows.append(row)
    return list(units.values())


@dataclass
class Figures:
    """Counts and unrounded rates (percentages as exact fractions) of one term."""

    units: int
    members: int
    one_shoulder_units: int
    ages: list[int]
    aged_35_and_under: int
    college_or_above: int
    women: int
    units_without_women: list[str]
    cross_appointed: int
    education: dict[str, int]
    per_unit: list[dict]

    def rate(self, count: int, of: int | None = None) -> Fraction | None:
        whole = self.members if of is None else of
        return Fraction(count * 100, whole) if whole else None

    @property
    def average_age(self) -> Fraction | None:
        return Fraction(sum(self.ages), len(self.ages)) if self.ages else None

    @property
    def exact_rates(self) -> dict[str, Fraction | None]:
        return {
            "one_shoulder_rate": self.rate(self.one_shoulder_units, self.units),
            "aged_35_and_under_rate": self.rate(self.aged_35_and_under),
            "college_or_above_rate": self.rate(self.college_or_above),
            "women_rate": self.rate(self.women),
            "cross_appointed_rate": self.rate(self.cross_appointed),
        }


def compose(rows: Sequence[MemberFacts], on: datetime.date) -> Figures:
    """The figures of the members in ``rows``, with ages on ``on``."""
    units = group(rows)
    people = [person for unit in units for person in unit.people]
    ages = [full_years(person.first.birth_date, on) for person in people]
    education: dict[str, int] = defaultdict(int)
    for person in people:
        education[person.first.education] += 1
    return Figures(
        units=len(units),
        members=len(people),
        one_shoulder_units=sum(unit.one_shoulder for unit in units),
        ages=ages,
        aged_35_and_under=sum(age <= YOUNG_AGE for age in ages),
        college_or_above=sum(p.first.education in COLLEGE_OR_ABOVE for p in people),
        women=sum(unit.women for unit in units),
        units_without_women=[unit.name for unit in units if unit.women == 0],
        cross_appointed=sum(person.cross_appointed for person in people),
        education=dict(education),
        per_unit=[_unit_row(unit, on) for unit in units],
    )


def _unit_row(unit: Unit, on: datetime.date) -> dict:
    ages = [full_years(person.first.birth_date, on) for person in unit.people]
    return {
        "unit": unit.name,
        "members": len(unit.people),
        "women": unit.women,
        "one_shoulder": unit.one_shoulder,
        "cross_appointed": sum(person.cross_appointed for person in unit.people),
        "average_age": round_half_up(Fraction(sum(ages), len(ages))) if ages else None,
        "aged_35_and_under": sum(age <= YOUNG_AGE for age in ages),
        "college_or_above": sum(p.first.education in COLLEGE_OR_ABOVE for p in unit.people),
    }


REPORT_KEYS = (
    "units",
    "members",
    "one_shoulder_units",
    "one_shoulder_rate",
    "average_age",
    "aged_35_and_under",
    "aged_35_and_under_rate",
    "college_or_above",
    "college_or_above_rate",
    "women",
    "women_rate",
    "units_without_women",
    "cross_appointed",
    "cross_appointed_rate",
)
CHANGE_RATES = ("aged_35_and_under_rate", "college_or_above_rate", "women_rate")


def summary(figures: Figures) -> dict:
    """The report's keys, rates rounded half up to one decimal (as Decimal)."""
    rates = {key: round_half_up(value) for key, value in figures.exact_rates.items()}
    values = {
        "units": figures.units,
        "members": figures.members,
        "one_shoulder_units": figures.one_shoulder_units,
        "average_age": round_half_up(figures.average_age),
        "aged_35_and_under": figures.aged_35_and_under,
        "college_or_above": figures.college_or_above,
        "women": figures.women,
        "units_without_women": list(figures.units_without_women),
        "cross_appointed": figures.cross_appointed,
        **rates,
    }
    return {key: values[key] for key in REPORT_KEYS}


def change(current: Figures, previous: Figures) -> dict:
    """This term minus the last, from unrounded figures: members, years, percentage points."""
    now, before = current.exact_rates, previous.exact_rates
    age_now, age_before = current.average_age, previous.average_age
    result: dict = {
        "members": current.members - previous.members,
        "average_age": (
            round_half_up(age_now - age_before)
            if age_now is not None and age_before is not None
            else None
        ),
    }
    for key in CHANGE_RATES:
        result[key] = (
            round_half_up(now[key] - before[key])
            if now[key] is not None and before[key] is not None
            else None
        )
    return result
