"""Quarters (季度) as the feedback to work units counts them: ``2026Q3`` is July to September.

No Django here: the command line parses ``--quarter`` before Django is set up.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")
_NUMERALS = "一二三四"


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q3`` (or ``2026q3``); ValueError for anything else."""
        match = _PATTERN.match(text or "")
        if match is None:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        following = self.next()
        return following.start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{_NUMERALS[self.number - 1]}季度"

    def __str__(self) -> str:
        return self.code
