"""What every import reports back: typed row errors and a result with counts.

An import validates the whole file first and collects every problem as a ``RowError``; if
there is any, it raises ``ImportFailed`` carrying all of them and writes nothing. Otherwise it
writes in one transaction and returns an ``ImportResult``. The command line and the web upload
print ``ImportFailed.lines()`` one per line and the result's ``summary()``.

A cell longer than the model field it is stored in is a row error too (``too_long``), never
cut and never left to the database: SQLite stores it whole, PostgreSQL refuses the statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Why a cell cannot be stored: %(max)d the field's limit, %(actual)d the cell's length.
TOO_LONG = gettext_lazy("超过%(max)d个字符（实为%(actual)d个）")


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: row is the 1-based row of the file (the header is row 1)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        # A fixed format so operators (and scripts) can find the cell: 第3行 编码: 原因
        return f"第{self.row}行 {self.column}: {self.reason}"


@dataclass
class ImportResult:
    """How many records an import created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("新增%(created)d 更新%(updated)d 未变%(unchanged)d") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written.

    ``message`` describes a problem with the file as a whole (unreadable, wrong type ...);
    ``errors`` lists every row error, sorted by row.
    """

    def __init__(self, errors: Iterable[RowError] = (), *, message: str = "") -> None:
        # Row order; within a row, the order the checks found them.
        self.errors = sorted(errors, key=lambda error: error.row)
        self.message = message
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        head = [self.message] if self.message else []
        return head + [str(error) for error in self.errors]


def max_length(model: type[models.Model], name: str) -> int:
    """The most characters ``model.name`` holds: the limit an import checks a cell against."""
    limit = model._meta.get_field(name).max_length
    if limit is None:
        raise ValueError(f"{model.__name__}.{name} has no max_length")
    return int(limit)


def too_long(limit: int, text: str) -> str | None:
    """Why ``text`` cannot be stored in a field of at most ``limit`` characters, or None.

    Check the text as it will be stored (cleaned, normalised), with ``limit`` from
    ``max_length`` so the number never drifts from the model.
    """
    if len(text) <= limit:
        return None
    return str(TOO_LONG) % {"max": limit, "actual": len(text)}


__all__ = ["TOO_LONG", "ImportFailed", "ImportResult", "RowError", "max_length", "too_long"]
