"""Every table the system writes out: one writer for xlsx and CSV (导出).

``write_table`` writes one list of rows to .xlsx or .csv; ``write_workbook`` writes several
sheets (a board, a feedback report) to one workbook. Both hold to the same rules:

- text is never a formula: a cell that begins with ``= + - @``, a tab or a carriage return
  (what a spreadsheet may run as a formula, CSV injection) is written as text, with a leading
  ``'`` in a CSV and with Excel's quote prefix in a workbook; ``read_table`` drops that ``'``
  again, so an export can be edited and imported back;
- text stays text: an ID number or a code is never turned into 4.2E+17 or loses its zeros;
  numbers and dates passed as such are written as numbers and dates;
- a CSV is UTF-8 with a BOM, which is what makes Excel open it in Chinese;
- a workbook is streamed to disk row by row (xlsxwriter's constant memory), so a district's
  million residents never sit in memory.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_SUFFIXES = (".csv",)
PROGRESS_EVERY = 1000
MIN_WIDTH, MAX_WIDTH = 10, 60
WIDTH_SAMPLE = 200  # rows looked at to size the columns


class UnsupportedFormat(ValueError):
    """The file name asks for a format the system does not write."""


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> str:
    """A value as a CSV cell: text that a spreadsheet would run gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if runs_as_formula(text) else text


@dataclass
class Sheet:
    """One sheet of a workbook: its title, headers and rows (text, numbers or dates).

    ``widths`` sets a column's width by header (otherwise sized from the first rows);
    ``alarm`` names the columns whose cells are shown red and bold when they hold anything
    but zero (已超期).
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Mapping[str, int] = field(default_factory=dict)
    alarm: Collection[str] = ()


def _display_width(text: str) -> int:
    # A Chinese character takes two columns of an Excel width unit.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Formats:
    def __init__(self, book: Any) -> None:
        self.text = book.add_format({"num_format": "@"})
        self.quoted = book.add_format({"num_format": "@", "quote_prefix": True})
        self.header = book.add_format({"num_format": "@", "bold": True})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.decimal = book.add_format({"num_format": "0.0"})
        self.alarm = book.add_format({"bold": True, "font_color": "#C8102E"})


def _write_cell(sheet: Any, row: int, column: int, value: Any, f: _Formats, red: bool) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, str):
        style = f.quoted if runs_as_formula(value) else f.text
        sheet.write_string(row, column, value, f.alarm if red else style)
    elif isinstance(value, int | float | Decimal):
        style = f.alarm if red and value else (f.decimal if isinstance(value, float) else None)
        sheet.write_number(
            row, column, float(value) if isinstance(value, Decimal) else value, style
        )
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, f.date)
    else:
        sheet.write_string(row, column, str(value), f.text)


def _widths(sheet: Sheet, sample: list[Sequence[Any]]) -> list[int]:
    widths = [max(MIN_WIDTH, _display_width(h) + 2) for h in sheet.headers]
    for row in sample:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], min(MAX_WIDTH, _display_width(str(value)) + 2))
    for i, header in enumerate(sheet.headers):
        widths[i] = sheet.widths.get(header, widths[i])
    return widths


def _fill(book: Any, sheet: Sheet, f: _Formats, progress: Callable[[int], None] | None) -> int:
    out = book.add_worksheet(sheet.title[:31])
    rows = iter(sheet.rows)
    sample = [row for _, row in zip(range(WIDTH_SAMPLE), rows, strict=False)]
    for column, width in enumerate(_widths(sheet, sample)):
        out.set_column(column, column, width, f.text)
    for column, header in enumerate(sheet.headers):
        out.write_string(0, column, header, f.header)
    alarm = {i for i, h in enumerate(sheet.headers) if h in sheet.alarm}
    count = 0
    for count, row in enumerate(itertools.chain(sample, rows), start=1):
        for column, value in enumerate(row):
            _write_cell(out, count, column, value, f, column in alarm)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    return count


def write_workbook(
    target: str | Path | IO[bytes],
    sheets: Sequence[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Write ``sheets`` to one .xlsx (a path, or a binary file object); each sheet's row count."""
    streamed = isinstance(target, str | Path)
    options = {
        "constant_memory": streamed,
        "in_memory": not streamed,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(str(target) if streamed else target, options)
    formats = _Formats(book)
    counts = [_fill(book, sheet, formats, progress) for sheet in sheets]
    book.close()
    return counts


def _write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None,
) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(h) for h in headers])
        for count, row in enumerate(rows, start=1):
            writer.writerow([csv_cell(value) for value in row])
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
    return count


def write_table(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    widths: Mapping[str, int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` under ``headers`` to .xlsx or .csv; return how many rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheet = Sheet(title, headers, rows, widths=widths or {})
        return write_workbook(path, [sheet], progress=progress)[0]
    if suffix in CSV_SUFFIXES:
        return _write_csv(path, headers, rows, progress)
    raise UnsupportedFormat(
        _("不支持导出为“%(suffix)s”：文件名请以 .xlsx 或 .csv 结尾")
        % {"suffix": suffix or path.name}
    )


__all__ = [
    "FORMULA_STARTS",
    "Sheet",
    "UnsupportedFormat",
    "csv_cell",
    "runs_as_formula",
    "write_table",
    "write_workbook",
]
