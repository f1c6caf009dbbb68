"""A cell longer than the field it goes into is a row error; nothing is cut or written.

The rows carry a valid citizen number, so they take the fast route first (``fastpath``): a
long cell must send them to the full checks, which name it, in this process or the worker.
"""

import pytest

from grassroots.registry.choices import SpecialGroup, store_special_groups
from grassroots.registry.models import Building, Estate, Household, Resident, Room
from grassroots.registry.tests.test_import import COLUMNS, WANG, _csv, _errors, _import, _row

pytestmark = pytest.mark.django_db


def limit(model, name):
    return model._meta.get_field(name).max_length


TEXT_COLUMNS = {
    "小区": limit(Estate, "name"),
    "楼栋": limit(Building, "name"),
    "单元": limit(Room, "unit"),
    "房号": limit(Room, "number"),
    "姓名": limit(Resident, "name"),
    "备注": limit(Resident, "notes"),
}


def counts():
    return [m.objects.count() for m in (Estate, Building, Room, Household, Resident)]


@pytest.mark.parametrize("worker", [False, True], ids=["here", "worker"])
@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(
    tree, tmp_path, column, worker
):
    n = TEXT_COLUMNS[column]
    person = _row(姓名="王小明", 公民身份号码=WANG, 与户主关系="户主")
    person[COLUMNS.index(column)] = "长" * (n + 1)
    before = counts()

    lines = _errors(_csv(tmp_path, [person]), worker=worker)

    assert lines == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, tmp_path):
    person = _row(姓名="王小明", 公民身份号码=WANG, 与户主关系="户主")
    for column, n in TEXT_COLUMNS.items():
        person[COLUMNS.index(column)] = "长" * n

    _import(_csv(tmp_path, [person]))

    resident = Resident.objects.select_related("household__room__building__estate").get()
    room = resident.household.room
    stored = [
        room.building.estate.name,
        room.building.name,
        room.unit,
        room.number,
        resident.name,
        resident.notes,
    ]
    assert stored == ["长" * n for n in TEXT_COLUMNS.values()]
    assert len(room.address) <= limit(Room, "address")


def test_every_special_group_at_once_fits_its_field():
    everything = store_special_groups(list(SpecialGroup.values))

    assert len(everything) <= limit(Resident, "special_groups")
