"""The one export writer: nothing a spreadsheet would run, text kept as text, and an export
read back as it was written."""

import csv
import datetime

import openpyxl
import pytest

from grassroots.kernel.exports import Sheet, UnsupportedFormat, write_table, write_workbook
from grassroots.kernel.tabular import read_table

HOSTILE = ['=HYPERLINK("http://x","点我")', "+86 138", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"]


def test_a_csv_cell_that_would_run_as_a_formula_gets_a_leading_quote(tmp_path):
    path = tmp_path / "out.csv"
    assert write_table(path, ["名称", "编码"], [[text, "0012"] for text in HOSTILE]) == 6
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["名称", "编码"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert all(row[1] == "0012" for row in rows[1:])  # a code keeps its zeros


def test_a_workbook_keeps_such_text_as_text_with_the_quote_prefix(tmp_path):
    path = tmp_path / "out.xlsx"
    write_table(path, ["名称", "身份证号"], [[text, "420606199001011234"] for text in HOSTILE])
    sheet = openpyxl.load_workbook(path).active
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=1)
        # A carriage return is stored as Excel's escape _x000D_, which openpyxl leaves as is.
        assert cell.value.replace("_x000D_", "\r") == text and cell.data_type == "s"
        assert cell.quotePrefix  # Excel shows it as text and keeps it text when edited
        assert sheet.cell(row=row, column=2).value == "420606199001011234"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reads_back_as_written(tmp_path, suffix):
    path = tmp_path / f"round{suffix}"
    write_table(path, ["名称", "编码"], [[text.strip(), "007"] for text in HOSTILE])
    table = read_table(path)
    assert [row["名称"] for row in table.rows] == [text.strip() for text in HOSTILE]
    assert {row["编码"] for row in table.rows} == {"007"}


def test_several_sheets_keep_numbers_dates_and_mark_late_cells(tmp_path):
    path = tmp_path / "board.xlsx"
    day = datetime.date(2026, 12, 6)
    counts = write_workbook(
        path,
        [
            Sheet(
                "结对关系",
                ["单位", "已超期", "完成率"],
                [["=税务局", 2, 66.7], ["民政局", 0, 100.0]],
                alarm=("已超期",),
            ),
            Sheet("明细", ["日期", "小时"], [[day, 1.5]]),
        ],
    )
    assert counts == [2, 1]
    book = openpyxl.load_workbook(path)
    first, second = book["结对关系"], book["明细"]
    assert first["A2"].value == "=税务局" and first["A2"].data_type == "s"
    assert first["B2"].value == 2 and first["B2"].font.b and first["B3"].value == 0
    assert not first["B3"].font.b  # nothing late: not red
    assert second["A2"].value.date() == day and second["B2"].value == 1.5


def test_an_unknown_suffix_is_refused_in_chinese(tmp_path):
    with pytest.raises(UnsupportedFormat, match="文件名请以 .xlsx 或 .csv 结尾"):
        write_table(tmp_path / "out.pdf", ["a"], [])


@pytest.mark.parametrize("reader", ["read", "stream"])
def test_a_csv_cell_over_the_parsers_limit_is_named_by_its_row(tmp_path, reader):
    from grassroots.kernel.importing import ImportFailed
    from grassroots.kernel.tabular import stream_table

    path = tmp_path / "big.csv"
    huge = "x" * (csv.field_size_limit() + 10)
    path.write_text(f"编码,名称\n1,一\n2,{huge}\n3,三\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        if reader == "read":
            read_table(path)
        else:
            list(stream_table(path).rows)
    (line,) = failure.value.lines()
    assert line.startswith("第3行 整行: 单元格内容超过 131072 个字符")
