"""The periods indicators are counted for: a month (2026-11), a quarter (2026-Q4), a year (2026)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grassroots.indicators.models import PeriodKind

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period written in none of the three forms; the message says which forms there are."""


@dataclass(frozen=True)
class Period:
    """Whole months from ``first`` to ``last`` (both days included)."""

    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        return str(self.first.year)

    def years_back(self, years: int) -> Period:
        """The same period ``years`` years earlier."""
        return _make(self.kind, self.first.year - years, self.first.month)

    @property
    def months(self) -> int:
        return MONTHS[PeriodKind(self.kind)]

    def previous(self) -> Period:
        """The period just before: the month, quarter or year before this one."""
        return self.shifted(-1)

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (earlier when negative)."""
        index = self.first.year * 12 + self.first.month - 1 + steps * self.months
        return _make(self.kind, index // 12, index % 12 + 1)


MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def month_of(day: datetime.date) -> Period:
    return _make(PeriodKind.MONTH, day.year, day.month)


def _make(kind: str, year: int, month: int) -> Period:
    months = MONTHS[PeriodKind(kind)]
    end_month = month + months - 1
    last_day = calendar.monthrange(year, end_month)[1]
    return Period(kind, datetime.date(year, month, 1), datetime.date(year, end_month, last_day))


def parse_period(text: str) -> Period:
    """``2026-11``, ``2026-Q4`` or ``2026``; PeriodError with a Chinese message otherwise."""
    text = (text or "").strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and year >= 1900:
            return _make(PeriodKind.MONTH, year, month)
    elif match := _QUARTER.match(text):
        if int(match[1]) >= 1900:
            return _make(PeriodKind.QUARTER, int(match[1]), 3 * int(match[2]) - 2)
    elif (match := _YEAR.match(text)) and int(match[1]) >= 1900:
        return _make(PeriodKind.YEAR, int(match[1]), 1)
    raise PeriodError(
        _("期间“%(text)s”无法识别：应为月份（如2026-11）、季度（如2026-Q4）或年份（如2026）")
        % {"text": text}
    )
