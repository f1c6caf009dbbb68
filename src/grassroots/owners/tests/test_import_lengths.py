"""A cell longer than the field it goes into is a row error; nothing is cut or written."""

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.owners.models import Owner, Ownership, RoomArea
from grassroots.owners.services.importing import OWNER_HEADERS, import_owners
from grassroots.registry.models import Building, Estate, Room

from .conftest import GRID, citizen, write_csv

pytestmark = pytest.mark.django_db


def limit(model, name):
    return model._meta.get_field(name).max_length


ROW = [GRID, "翠湖小区", "1号楼", "1单元", "101", "89.25", "张伟", citizen(11), "个人"]
# The text columns that are stored: the owner's name, and the room's address parts when
# --create-rooms makes the room.
TEXT_COLUMNS = {
    "小区": limit(Estate, "name"),
    "楼栋": limit(Building, "name"),
    "单元": limit(Room, "unit"),
    "房号": limit(Room, "number"),
    "业主姓名": limit(Owner, "name"),
}


def counts():
    models = (Owner, Ownership, RoomArea, Room, Building, Estate)
    return [model.objects.count() for model in models]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(tree, tmp_path, column):
    n = TEXT_COLUMNS[column]
    row = list(ROW)
    row[OWNER_HEADERS.index(column)] = "长" * (n + 1)
    before = counts()

    with pytest.raises(ImportFailed) as failed:
        import_owners(write_csv(tmp_path / "o.csv", OWNER_HEADERS, [row]), create_rooms=True)

    assert failed.value.lines() == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, tmp_path):
    row = list(ROW)
    for column, n in TEXT_COLUMNS.items():
        row[OWNER_HEADERS.index(column)] = "长" * n

    import_owners(write_csv(tmp_path / "o.csv", OWNER_HEADERS, [row]), create_rooms=True)

    room = Room.objects.select_related("building__estate").get()
    assert room.building.estate.name == "长" * TEXT_COLUMNS["小区"]
    assert room.building.name == "长" * TEXT_COLUMNS["楼栋"]
    assert (room.unit, room.number) == ("长" * TEXT_COLUMNS["单元"], "长" * TEXT_COLUMNS["房号"])
    assert Owner.objects.get().name == "长" * TEXT_COLUMNS["业主姓名"]
