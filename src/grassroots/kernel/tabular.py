"""The tables operators exchange with the system: xlsx workbooks and CSV files.

``read_table`` turns a file into rows of text cells keyed by header, whatever produced it:
Excel (numbers that are really codes come back as the digits, never 4.20606E+11), WPS, or a
CSV saved as UTF-8, UTF-8 with BOM, GBK or GB18030. Every row keeps the number a spreadsheet
shows for it, so an error can point at 第N行. Writing goes through ``kernel.exports``
(``write_table`` is here too for the callers that read and write).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import difflib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import charset_normalizer
import python_calamine
from django.utils.translation import gettext as _

from grassroots.kernel.exports import FORMULA_STARTS, UnsupportedFormat, write_table
from grassroots.kernel.importing import ImportFailed, RowError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
HEADER_COLUMN = "表头"
# A remarks column is what people add to any sheet they pass around; it is never data.
REMARKS = "备注"


@dataclass(frozen=True)
class Row:
    """One data row: ``number`` is the row a spreadsheet shows (the header is usually row 1)."""

    number: int
    cells: Mapping[str, str]

    def __getitem__(self, header: str) -> str:
        return self.cells.get(header, "")


@dataclass
class Table:
    """Rows of text cells under a header row; blank rows are already left out."""

    headers: list[str]
    rows: list[Row]
    name: str = ""
    header_row: int = 1
    duplicate_headers: list[str] = field(default_factory=list)

    @classmethod
    def from_records(cls, records: Iterable[Sequence[object]], *, name: str = "") -> Table:
        """Build a table from raw rows; the first non-blank row is the header."""
        headers: list[str] | None = None
        header_row = 1
        rows: list[Row] = []
        for number, record in enumerate(records, start=1):
            texts = [cell_text(value) for value in record]
            if not any(texts):
                continue
            if headers is None:
                headers, header_row = [_clean_header(text) for text in texts], number
            else:
                rows.append(Row(number, row_cells(headers, texts)))
        if headers is None:
            raise ImportFailed(message=_("文件%(name)s是空的，没有表头和数据") % {"name": name})
        named = [h for h in headers if h]
        repeated = sorted({h for h in named if named.count(h) > 1})
        return cls(
            headers=named, rows=rows, name=name, header_row=header_row, duplicate_headers=repeated
        )

    def require(self, *required: str, known: Iterable[str] | None = None) -> None:
        """Refuse the table unless it has each required header exactly once, and a data row.

        With ``known`` (the optional headers) every other header but 备注 is refused too,
        naming the closest expected one: a misspelt column is never dropped silently. Every
        problem is a row error on the header row.
        """
        missing = [h for h in required if h not in self.headers]
        errors = []
        if missing:
            errors.append(
                RowError(
                    self.header_row,
                    HEADER_COLUMN,
                    _("缺少必需的列：%(missing)s（表头应包含 %(required)s）")
                    % {"missing": "、".join(missing), "required": ",".join(required)},
                )
            )
        if known is not None:
            errors += self._unknown([*required, *known])
        repeated = [h for h in required if h in self.duplicate_headers]
        if repeated:
            errors.append(
                RowError(
                    self.header_row,
                    HEADER_COLUMN,
                    _("列%(columns)s出现了不止一次") % {"columns": "、".join(repeated)},
                )
            )
        if errors:
            raise ImportFailed(errors)
        if not self.rows:
            raise ImportFailed(message=_("文件%(name)s除表头外没有数据行") % {"name": self.name})

    def _unknown(self, expected: list[str]) -> list[RowError]:
        absent = [h for h in expected if h not in self.headers]
        errors = []
        for header in self.headers:
            if header in expected or header == REMARKS:
                continue
            close = difflib.get_close_matches(header, absent or expected, n=1, cutoff=0.4)
            reason = (
                _("未知列，是否应为 %(header)s？") % {"header": close[0]}
                if close
                else _("未知列（可用的列：%(headers)s）") % {"headers": ",".join(expected)}
            )
            errors.append(RowError(self.header_row, header, reason))
        return errors


def _clean_header(text: str) -> str:
    # Headers typed in Excel often carry a BOM, full-width spaces or stray spaces inside.
    return "".join(text.replace("\ufeff", "").split())


def row_cells(headers: list[str], texts: list[str]) -> dict[str, str]:
    """A record's texts keyed by header."""
    cells: dict[str, str] = {}
    for header, text in zip(headers, texts, strict=False):
        # With a repeated header the left-most column counts, as a reader of the sheet assumes.
        if header and header not in cells:
            cells[header] = text
    return cells


def cell_text(value: object) -> str:
    """A cell as the text a person reads in it; numbers never in scientific notation."""
    if type(value) is str:  # every CSV cell, most workbook cells: the fast path
        text = value.strip()
        if text.startswith('="') and len(text) >= 3 and text.endswith('"'):
            text = text[2:-1].strip()
        elif text.startswith("'") and text[1:2] in FORMULA_STARTS and len(text) > 1:
            text = text[1:]  # the ' an export puts before text a spreadsheet would run
        return text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Spreadsheets store every number as a float: 420606000000.0 is the code 420606000000.
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    # ="0012" is how people keep Excel from eating leading zeros in a CSV.
    if len(text) >= 3 and text.startswith('="') and text.endswith('"'):
        text = text[2:-1].strip()
    return text


def read_table(path: str | Path) -> Table:
    """Read the first sheet of a workbook, or a CSV file, into a ``Table``.

    Raises ``ImportFailed`` with a Chinese message when the file cannot be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise ImportFailed(
            message=_("不支持的文件类型“%(suffix)s”：请使用 .xlsx 或 .csv 文件")
            % {"suffix": suffix or path.name}
        )
    if not path.is_file():
        raise ImportFailed(message=_("找不到文件：%(path)s") % {"path": path})
    if suffix in CSV_SUFFIXES:
        return Table.from_records(_csv_records(path), name=path.name)
    return Table.from_records(_workbook_records(path), name=path.name)


def _workbook_records(path: Path) -> list[list[object]]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ImportFailed(message=_("工作簿%(name)s中没有工作表") % {"name": path.name})
        # Keep leading blank rows, so row numbers match what the spreadsheet shows.
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        raise ImportFailed(
            message=_("工作簿%(name)s设有密码，请取消密码后再导入") % {"name": path.name}
        ) from None
    except (python_calamine.CalamineError, OSError, ValueError):
        raise ImportFailed(
            message=_("无法读取%(name)s：文件已损坏，或不是 Excel 工作簿") % {"name": path.name}
        ) from None


def _csv_records(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(
            message=_("无法读取文件%(name)s：%(error)s")
            % {"name": path.name, "error": error.strerror or error}
        ) from None
    text = decode_text(data, name=path.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise _csv_failure(path, reader, error) from None


def _csv_failure(path: Path, reader: Any, error: csv.Error) -> ImportFailed:
    """A CSV the parser gives up on, with the row it stopped at (a cell over its size limit,
    a stray quote): the operator can find it."""
    if "field larger than field limit" in str(error):
        reason = _("单元格内容超过 %(limit)d 个字符，请检查是否缺少引号或换行") % {
            "limit": csv.field_size_limit()
        }
    else:
        reason = _("无法解析：%(error)s") % {"error": error}
    return ImportFailed([RowError(reader.line_num, _("整行"), reason)])


def decode_text(data: bytes, *, name: str = "") -> str:
    """Decode a text file saved as UTF-8 (with or without BOM), GBK/GB18030 or UTF-16."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    # Strict UTF-8 first: GB18030 decodes almost any bytes, so trying it first would turn
    # UTF-8 into nonsense. GB18030 is a superset of GBK and GB2312.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ImportFailed(
            message=_("无法识别文件%(name)s的编码，请另存为 UTF-8 或 GBK 编码的 CSV")
            % {"name": name}
        )
    return str(best)


@dataclass
class TableStream:
    """A table read row by row, for files too large to hold.

    ``records`` yields ``(row number, texts)`` for each non-blank row, the texts in the order
    of ``columns`` (the header row as written, blanks included); ``rows`` yields the same rows
    as ``Row`` objects keyed by header. Both draw on one iterator: consume one of them.
    """

    headers: list[str]
    records: Iterator[tuple[int, list[str]]]
    name: str = ""
    header_row: int = 1
    duplicate_headers: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> Iterator[Row]:
        columns = self.columns
        return (Row(number, row_cells(columns, texts)) for number, texts in self.records)

    def column_index(self) -> dict[str, int]:
        """Each header's position in a record's texts (the left-most of a repeated header)."""
        index: dict[str, int] = {}
        for position, header in enumerate(self.columns):
            if header:
                index.setdefault(header, position)
        return index

    def require(self, *required: str, known: Iterable[str] | None = None) -> None:
        """As ``Table.require``, except that an empty body shows only once it is read."""
        Table(
            self.headers, [Row(0, {})], self.name, self.header_row, self.duplicate_headers
        ).require(*required, known=known)


def stream_table(path: str | Path) -> TableStream:
    """Like ``read_table``, but the rows are read as they are consumed, in constant memory."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise ImportFailed(
            message=_("不支持的文件类型“%(suffix)s”：请使用 .xlsx 或 .csv 文件")
            % {"suffix": suffix or path.name}
        )
    if not path.is_file():
        raise ImportFailed(message=_("找不到文件：%(path)s") % {"path": path})
    if suffix in CSV_SUFFIXES:
        records: Iterator[Sequence[object]] = _csv_stream(path)
    else:
        records = iter(_workbook_records(path))
    number = 0
    for number, record in enumerate(records, start=1):  # noqa: B007 - the header's row
        texts = [cell_text(value) for value in record]
        if any(texts):
            headers = [_clean_header(text) for text in texts]
            break
    else:
        raise ImportFailed(message=_("文件%(name)s是空的，没有表头和数据") % {"name": path.name})
    named = [h for h in headers if h]
    repeated = sorted({h for h in named if named.count(h) > 1})
    return TableStream(
        headers=named,
        records=_stream_records(records, number, suffix in CSV_SUFFIXES),
        name=path.name,
        header_row=number,
        duplicate_headers=repeated,
        columns=headers,
    )


def _stream_records(
    records: Iterator[Sequence[object]], header_row: int, all_text: bool
) -> Iterator[tuple[int, list[str]]]:
    for number, record in enumerate(records, start=header_row + 1):
        texts = _csv_texts(record) if all_text else [cell_text(value) for value in record]
        if any(texts):
            yield number, texts


def _csv_texts(record: Sequence[object]) -> list[str]:
    # Every CSV cell is a str: strip them in one pass, and go cell by cell (``cell_text``)
    # only when some cell may be an Excel text formula (="0123").
    texts = list(map(str.strip, record))  # type: ignore[arg-type]
    if '="' in "".join(texts):
        return [cell_text(value) for value in record]
    return texts


def _csv_stream(path: Path) -> Iterator[list[str]]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="", errors="strict") as handle:
        reader = csv.reader(handle)
        try:
            yield from reader
        except csv.Error as error:
            raise _csv_failure(path, reader, error) from None


def detect_encoding(path: Path, block: int = 1 << 20) -> str:
    """The encoding of a text file, read in blocks: UTF-8 (with or without BOM), GB18030, UTF-16."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            for encoding in ("utf-8-sig", "gb18030"):
                handle.seek(0)
                decoder = codecs.getincrementaldecoder(encoding)()
                try:
                    for chunk in iter(lambda: handle.read(block), b""):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
                    return encoding
                except UnicodeDecodeError:
                    continue
    except OSError as error:
        raise ImportFailed(
            message=_("无法读取文件%(name)s：%(error)s")
            % {"name": path.name, "error": error.strerror or error}
        ) from None
    raise ImportFailed(
        message=_("无法识别文件%(name)s的编码，请另存为 UTF-8 或 GBK 编码的 CSV")
        % {"name": path.name}
    )


__all__ = [
    "Row",
    "Table",
    "TableStream",
    "UnsupportedFormat",
    "cell_text",
    "decode_text",
    "detect_encoding",
    "read_table",
    "stream_table",
    "write_table",
]
