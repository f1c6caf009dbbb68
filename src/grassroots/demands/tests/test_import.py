"""Importing 12345 work orders: keyed by order number, every row checked, all or nothing."""

import argparse

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.demands import cli
from grassroots.demands.models import Demand
from grassroots.demands.services.importing import HEADERS, import_hotline_orders
from grassroots.kernel.importing import ImportFailed
from grassroots.kernel.tabular import write_table

ROW = [
    "GD20260302001",
    "2026-03-02 09:15",
    "路灯不亮",
    "小区东门外三盏路灯坏了一周",
    "市政设施/路灯损坏",
    "420606001001001",
    "清河口小区东门",
    "陈先生",
    "13512345678",
]


def workbook(tmp_path, rows, headers=HEADERS, name="orders.xlsx"):
    path = tmp_path / name
    write_table(path, list(headers), rows)
    return path


def _row(order, **changes):
    row = list(ROW)
    row[0] = order
    for column, value in changes.items():
        row[HEADERS.index(column)] = value
    return row


def test_work_orders_become_hotline_demands_with_their_order_numbers(tree, tmp_path):
    path = workbook(tmp_path, [_row("GD1001"), _row("GD1002", 诉求类别="env-garbage")])
    result = import_hotline_orders(path)
    assert (result.created, result.unchanged) == (2, 0)
    demand = Demand.objects.get(hotline_order_no="GD1001")
    assert demand.channel == "hotline" and demand.owner_unit == tree.street_a  # municipal
    assert demand.received_at.strftime("%H:%M") in ("09:15", "01:15")  # stored as UTC
    assert demand.masked_phone == "135****5678"


def test_reimporting_the_same_file_creates_nothing_twice(tree, tmp_path):
    path = workbook(tmp_path, [_row("GD1001"), _row("GD1002")])
    import_hotline_orders(path)
    again = import_hotline_orders(
        workbook(tmp_path, [_row("GD1001"), _row("GD1002"), _row("GD1003")], name="later.xlsx")
    )
    assert (again.created, again.unchanged) == (1, 2)
    assert Demand.objects.count() == 3
    assert AuditEvent.objects.filter(action=Action.DEMAND_IMPORTED).count() == 2


def test_bad_rows_are_each_reported_and_nothing_is_written(tree, tmp_path):
    path = workbook(
        tmp_path,
        [
            _row("GD1"),  # too short an order number
            _row("GD2001", 受理时间="昨天下午"),
            _row("GD2002", 诉求类别="天气"),
            _row("GD2003", 网格编码="420606009009009"),
            _row("GD2004", 联系电话="请回电"),
            _row("GD2005", 标题=""),
            _row("GD2006"),
            _row("GD2006"),
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_hotline_orders(path)
    assert failure.value.lines() == [
        "第2行 工单编号: 不能为空，只能含字母、数字和连字符（4-40位）",
        "第3行 受理时间: 须为日期时间，如 2026-03-02 10:30",
        "第4行 诉求类别: 没有这个类别：天气",
        "第5行 网格编码: 没有这个网格，或不在您的辖区内：420606009009009",
        "第6行 联系电话: “请回电”不是有效的手机号或固定电话",
        "第7行 标题: 不能为空",
        "第9行 工单编号: 与第8行的工单编号重复",
    ]
    assert Demand.objects.count() == 0


def test_a_missing_column_is_one_error_on_the_header_row(tree, tmp_path):
    path = workbook(tmp_path, [ROW[:-1]], headers=HEADERS[:-1])
    with pytest.raises(ImportFailed) as failure:
        import_hotline_orders(path)
    assert failure.value.lines()[0].startswith("第1行 表头: 缺少必需的列：联系电话")


def test_the_command_prints_every_error_and_exits_1(tree, tmp_path, capsys):
    path = workbook(tmp_path, [_row("GD3001", 诉求类别="天气")])
    assert cli.import_command(argparse.Namespace(file=str(path))) == 1
    err = capsys.readouterr().err
    assert "第2行 诉求类别: 没有这个类别：天气" in err and "未写入任何数据" in err
    good = workbook(tmp_path, [_row("GD3002")], name="good.xlsx")
    assert cli.import_command(argparse.Namespace(file=str(good))) == 0
    assert "新增1" in capsys.readouterr().out


def test_a_csv_from_the_hotline_centre_in_gbk_imports_too(tree, tmp_path):
    path = tmp_path / "orders.csv"
    lines = [",".join(HEADERS), ",".join(_row("GD4001"))]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    assert import_hotline_orders(path).created == 1
    assert Demand.objects.get().title == "路灯不亮"
