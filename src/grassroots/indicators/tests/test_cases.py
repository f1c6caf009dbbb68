import datetime

import openpyxl
import pytest

from grassroots.audit.models import AuditEvent
from grassroots.cli import main
from grassroots.indicators.counters import criminal_cases
from grassroots.indicators.models import CriminalCaseCount
from grassroots.registry.models import Resident
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.services.moves import move_out
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db

HEADER = "社区编码,月份,刑事案件数"
NOV = datetime.date(2026, 11, 1)


def write_csv(tmp_path, lines, encoding="utf-8-sig"):
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def run(path, capsys):
    status = main(["indicators", "cases", str(path)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_clean_file_is_imported_and_audited(tree, tmp_path, capsys):
    path = write_csv(tmp_path, ["420606001001,2026-11,3", "420606002001,2026年10月,0"])
    status, out, _ = run(path, capsys)
    assert status == 0
    assert "新增2" in out
    counts = {(c.community.code, c.month, c.cases) for c in CriminalCaseCount.objects.all()}
    assert counts == {
        ("420606001001", NOV, 3),
        ("420606002001", datetime.date(2026, 10, 1), 0),
    }
    event = AuditEvent.objects.get(action="criminal_cases_imported")
    assert (event.detail["rows"], event.detail["created"]) == (2, 2)


def test_an_xlsx_with_a_date_cell_for_the_month_is_read_as_that_month(tree, tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["420606001001", datetime.datetime(2026, 11, 1), 4])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    assert run(path, capsys)[0] == 0
    assert CriminalCaseCount.objects.get().month == NOV


def test_importing_a_community_month_again_replaces_its_number(tree, tmp_path, capsys):
    run(write_csv(tmp_path, ["420606001001,2026-11,3"]), capsys)
    status, out, _ = run(write_csv(tmp_path, ["420606001001,2026-11,5"]), capsys)
    assert status == 0 and "更新1" in out
    assert CriminalCaseCount.objects.get().cases == 5


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("420606009009,2026-11,3", "第2行 社区编码: 没有编码为420606009009的社区"),
        ("420606001000,2026-11,3", "第2行 社区编码: 汉江街道不是社区（村），案件数按社区填报"),
        ("420606001001001,2026-11,3", "第2行 社区编码: 清河口第一网格不是社区（村）"),
        (",2026-11,3", "第2行 社区编码: 不能为空"),
        ("420606001001,2026-13,3", "第2行 月份: 月份应为YYYY-MM，如2026-11"),
        ("420606001001,十一月,3", "第2行 月份: 月份应为YYYY-MM，如2026-11"),
        ("420606001001,2026-11,-1", "第2行 刑事案件数: 应为0或正整数"),
        ("420606001001,2026-11,2.5", "第2行 刑事案件数: 应为0或正整数"),
        ("420606001001,2026-11,", "第2行 刑事案件数: 应为0或正整数"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tree, tmp_path, capsys, line, error):
    path = write_csv(tmp_path, ["420606002001,2026-11,1", line])
    status, _, err = run(path, capsys)
    assert status == 1
    assert error.replace("第2行", "第3行") in err
    assert "未写入任何数据" in err
    assert not CriminalCaseCount.objects.exists()
    assert not AuditEvent.objects.filter(action="criminal_cases_imported").exists()


def test_a_community_month_twice_in_one_file_is_refused(tree, tmp_path, capsys):
    path = write_csv(tmp_path, ["420606001001,2026-11,1", "420606001001,2026-11,2"])
    status, _, err = run(path, capsys)
    assert status == 1
    assert "第3行 月份: 该社区该月份已在第2行填报" in err
    assert not CriminalCaseCount.objects.exists()


def test_a_file_without_the_headers_is_refused(tree, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text("社区编码,月份,案件\n420606001001,2026-11,1\n", encoding="utf-8")
    status, _, err = run(path, capsys)
    assert status == 1
    assert "缺少必需的列：刑事案件数" in err
    assert not CriminalCaseCount.objects.exists()


def resident(grid, number, moved_in):
    room = ensure_room(grid=grid, estate="清河小区", building="1栋", unit="1单元", number=number)
    return register_resident(
        room=room, data=ResidentData(name=f"居民{number}", gender="M"), on=moved_in
    )


def test_the_denominator_is_the_residents_living_in_the_community_on_the_months_last_day(tree):
    resident(tree.grid_a1_1, "101", datetime.date(2025, 1, 1))
    resident(tree.grid_a1_2, "201", datetime.date(2026, 11, 30))  # in on the last day
    resident(tree.grid_a1_2, "202", datetime.date(2026, 12, 1))  # not yet
    leaving = resident(tree.grid_a1_1, "102", datetime.date(2025, 1, 1))
    move_out(Resident.objects.get(pk=leaving.pk), on=datetime.date(2026, 11, 30))
    gone = resident(tree.grid_a1_1, "103", datetime.date(2025, 1, 1))
    move_out(Resident.objects.get(pk=gone.pk), on=datetime.date(2026, 12, 1))  # still there
    resident(tree.grid_a2_1, "301", datetime.date(2025, 1, 1))  # another community
    CriminalCaseCount.objects.create(community=tree.community_a1, month=NOV, cases=2)
    counted = criminal_cases(NOV, datetime.date(2026, 11, 30))
    assert counted == {tree.community_a1.pk: (2, 3)}


def test_a_community_nobody_reported_for_has_no_figure(tree):
    resident(tree.grid_a2_1, "301", datetime.date(2025, 1, 1))
    CriminalCaseCount.objects.create(community=tree.community_a1, month=NOV, cases=1)
    assert tree.community_a2.pk not in criminal_cases(NOV, datetime.date(2026, 11, 30))
