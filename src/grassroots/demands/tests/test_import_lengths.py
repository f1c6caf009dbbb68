"""A cell longer than the field it goes into is a row error; nothing is cut or written."""

import pytest

from grassroots.demands.models import Demand, DemandEvent
from grassroots.demands.services.importing import HEADERS, import_hotline_orders
from grassroots.demands.tests.test_import import ROW, workbook
from grassroots.kernel.importing import ImportFailed

pytestmark = pytest.mark.django_db


def limit(name):
    return Demand._meta.get_field(name).max_length


TEXT_COLUMNS = {
    "标题": limit("title"),
    "诉求内容": limit("description"),
    "地址": limit("address"),
    "来电人": limit("reporter_name"),
}


def counts():
    return [Demand.objects.count(), DemandEvent.objects.count()]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(tree, tmp_path, column):
    n = TEXT_COLUMNS[column]
    row = list(ROW)
    row[HEADERS.index(column)] = "长" * (n + 1)
    before = counts()

    with pytest.raises(ImportFailed) as failed:
        import_hotline_orders(workbook(tmp_path, [row]))

    assert failed.value.lines() == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_an_order_number_longer_than_its_field_is_a_row_error(tree, tmp_path):
    row = list(ROW)
    row[0] = "G" * (limit("hotline_order_no") + 1)

    with pytest.raises(ImportFailed) as failed:
        import_hotline_orders(workbook(tmp_path, [row]))

    assert failed.value.lines() == ["第2行 工单编号: 不能为空，只能含字母、数字和连字符（4-40位）"]
    assert not Demand.objects.exists()


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, tmp_path):
    row = list(ROW)
    row[0] = "G" * limit("hotline_order_no")
    for column, n in TEXT_COLUMNS.items():
        row[HEADERS.index(column)] = "长" * n

    import_hotline_orders(workbook(tmp_path, [row]))

    demand = Demand.objects.get()
    stored = [demand.title, demand.description, demand.address, demand.reporter_name]
    assert stored == ["长" * n for n in TEXT_COLUMNS.values()]
    assert demand.hotline_order_no == row[0]
