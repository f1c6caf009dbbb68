"""The rule of 三会一课, and the quarters it is checked by.

支部党员大会 and 党课 at least once a quarter; 支委会 and 党小组会 at least once in every month.
A meeting counts when it has been held: dated within the period and not after today (a planned
meeting does not count until its day comes).

Which organisations hold the meetings (``BRANCH_KINDS``): the 党支部 — grid branches and
building branches. The community's 党委 or 大党总支, the street's working committee and the
district committee do not hold branch meetings of their own here; they are checked through the
branches below them, and their figures are counts of those branches (a parent's count is the
sum of its children's, never an average of their rates). Party groups (党小组) and central
households belong to a branch: a 党小组会 is recorded on the group's branch.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grassroots.branchlife.models import MeetingKind
from grassroots.org.models import PartyOrgKind

BRANCH_KINDS = (PartyOrgKind.GRID_BRANCH, PartyOrgKind.BUILDING_BRANCH)
QUARTERLY = (MeetingKind.GENERAL, MeetingKind.LESSON)
MONTHLY = (MeetingKind.COMMITTEE, MeetingKind.GROUP)
# The kinds every member of the branch is expected at: an absent member needs a reason.
EVERY_MEMBER = (MeetingKind.GENERAL, MeetingKind.LESSON)

_QUARTER = re.compile(r"^\s*(\d{4})\s*[Qq季]?\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q3`` (also ``2026q3``, ``2026-3``): a ValueError with a Chinese message else."""
        match = _QUARTER.match((text or "").replace("-", ""))
        if match is None:
            raise ValueError(_("季度应写作如2026Q3（年份+Q+1至4）"))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today: datetime.date) -> Quarter:
        """The quarter before the one ``today`` falls in."""
        return cls.of(today).previous()

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def months(self) -> tuple[int, int, int]:
        first = 3 * self.number - 2
        return (first, first + 1, first + 2)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def month_end(self, month: int) -> datetime.date:
        following = datetime.date(self.year + (month == 12), month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return _("%(year)d年第%(n)d季度") % {"year": self.year, "n": self.number}


@dataclass(frozen=True)
class Missing:
    """One meeting the rule asks for that was not held: a kind, and for the monthly kinds the
    month."""

    kind: str
    month: int | None = None

    @property
    def label(self) -> str:
        name = _(MeetingKind(self.kind).label)
        if self.month is None:
            return _("%(kind)s（本季度）") % {"kind": name}
        return _("%(kind)s（%(month)d月）") % {"kind": name, "month": self.month}

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "kind_label": str(MeetingKind(self.kind).label),
            "month": self.month,
        }


@dataclass(frozen=True)
class Verdict:
    """A branch's standing in a quarter: what is missing (the period is over and none was
    held) and what is still due (the period runs on, none held yet)."""

    missing: tuple[Missing, ...]
    due: tuple[Missing, ...]

    @property
    def compliant(self) -> bool:
        return not self.missing


def judge(quarter: Quarter, held: set[tuple[str, int]], today: datetime.date) -> Verdict:
    """Check one branch's quarter. ``held`` holds (kind, month) of each meeting it held in the
    quarter, up to ``today``."""
    missing: list[Missing] = []
    due: list[Missing] = []
    held_kinds = {kind for kind, _month in held}
    for kind in QUARTERLY:
        if kind not in held_kinds:
            (missing if quarter.end < today else due).append(Missing(kind))
    for month in quarter.months:
        for kind in MONTHLY:
            if (kind, month) not in held:
                (missing if quarter.month_end(month) < today else due).append(Missing(kind, month))
    order = {k: i for i, k in enumerate(MeetingKind.values)}
    key = lambda m: (order[m.kind], m.month or 0)  # noqa: E731
    return Verdict(missing=tuple(sorted(missing, key=key)), due=tuple(sorted(due, key=key)))
