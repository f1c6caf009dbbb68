"""Rosters written as files, the way a clerk's spreadsheet would arrive."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from grassroots.cadres.rows import HEADERS

REFERENCE_DATE = datetime.date(2021, 10, 31)


def write_roster(
    path: Path,
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    headers: tuple[str, ...] | list[str] = HEADERS,
) -> Path:
    """A CSV in ``encoding`` (utf-8, utf-8-sig, gbk) or, for a .xlsx path, a workbook."""
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def roster_file(tmp_path):
    def make(rows, name="roster.csv", **kwargs):
        return write_roster(tmp_path / name, rows, **kwargs)

    return make
