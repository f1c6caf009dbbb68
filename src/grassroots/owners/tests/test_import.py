"""Importing owners and areas: what a clean file writes, that a second import changes nothing,
and that a file with any error writes nothing and lists every error as 第N行 列名: 原因."""

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.owners.models import Owner, Ownership, RoomArea
from grassroots.owners.selectors import tally
from grassroots.owners.services.importing import OWNER_HEADERS, import_owners
from grassroots.registry.models import Room

from .conftest import ESTATE_ROWS, GRID, citizen, write_csv

pytestmark = pytest.mark.django_db


def test_a_clean_file_records_areas_and_owners(estate):
    assert RoomArea.objects.count() == 6
    assert Owner.objects.count() == 5  # 张伟 王芳 李明 李红 and the developer
    assert Ownership.objects.count() == 7
    wang = Owner.objects.get(name="王芳")
    assert wang.ownerships.count() == 2
    # The ID number is kept encrypted and shown masked.
    assert wang.id_number == citizen(22)
    assert wang.masked_id_number.startswith("420") and "*" in wang.masked_id_number
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM owners_owner WHERE id = %s", [wang.pk])
        assert citizen(22) not in cursor.fetchone()[0]


def test_a_second_import_of_the_same_file_changes_nothing(estate, tmp_path):
    before = list(Ownership.objects.order_by("pk").values_list("pk", "room_id", "owner_id"))
    result = import_owners(write_csv(tmp_path / "again.csv", OWNER_HEADERS, ESTATE_ROWS))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(Ownership.objects.order_by("pk").values_list("pk", "room_id", "owner_id")) == before


def test_a_sold_room_changes_hands_and_area(estate, tmp_path):
    rows = [(GRID, "翠湖小区", "2号楼", "1单元", "201", "131.5", "赵磊", citizen(55), "个人")]
    result = import_owners(write_csv(tmp_path / "sold.csv", OWNER_HEADERS, rows))
    assert result.updated == 1
    room = Room.objects.get(number="201")
    assert list(Ownership.objects.filter(room=room).values_list("owner__name", flat=True)) == [
        "赵磊"
    ]
    assert RoomArea.objects.get(room=room).area_hundredths == 13150


def test_the_estate_counts_by_the_law(estate):
    from grassroots.owners.services import open_vote

    result = tally(open_vote(estate=estate, title="T", kind="ordinary"))
    assert (result.rooms, result.owners, result.area_total) == (6, 4, 64475)


def test_a_gbk_file_imports(estate_rooms, tmp_path):
    result = import_owners(
        write_csv(tmp_path / "gbk.csv", OWNER_HEADERS, ESTATE_ROWS[:1], encoding="gbk")
    )
    assert result.created == 1


def test_a_file_with_errors_writes_nothing_and_lists_every_one(estate_rooms, tmp_path):
    rows = [
        ESTATE_ROWS[0],
        (GRID, "翠湖小区", "1号楼", "1单元", "102", "89.255", "王芳", citizen(22), "个人"),
        (GRID, "翠湖小区", "1号楼", "1单元", "103", "100", "王芳", "420606198001010229", "个人"),
        (GRID, "翠湖小区", "1号楼", "1单元", "104", "75", "李明", citizen(33), "租户"),
        ("420606001001999", "翠湖小区", "1号楼", "1单元", "105", "75", "某", citizen(66), "个人"),
        (GRID, "翠湖小区", "1号楼", "1单元", "999", "75", "某某", citizen(77), "个人"),
        (GRID, "翠湖小区", "1号楼", "1单元", "101", "90", "张伟", citizen(11), "个人"),
    ]
    with pytest.raises(ImportFailed) as failed:
        import_owners(write_csv(tmp_path / "bad.csv", OWNER_HEADERS, rows))
    lines = failed.value.lines()
    assert any(line.startswith("第3行 专有部分面积:") for line in lines)
    assert any(line.startswith("第4行 证件号码:") for line in lines)
    assert any(line.startswith("第5行 业主类型:") for line in lines)
    assert any(line.startswith("第6行 网格编码:") for line in lines)
    assert any(line.startswith("第7行 房号:") and "--create-rooms" in line for line in lines)
    assert any(line.startswith("第8行 专有部分面积:") and "第2行" in line for line in lines)
    assert RoomArea.objects.count() == 0 and Owner.objects.count() == 0


def test_create_rooms_makes_the_rooms_the_registry_lacks(tree, tmp_path):
    rows = [(GRID, "新城小区", "5号楼", "2单元", "501", "66.6", "钱多", citizen(88), "个人")]
    path = write_csv(tmp_path / "new.csv", OWNER_HEADERS, rows)
    with pytest.raises(ImportFailed):
        import_owners(path)
    result = import_owners(path, create_rooms=True)
    assert result.created == 1
    room = Room.objects.get(number="501", building__name="5号楼")
    assert room.grid == tree.grid_a1_1
    assert RoomArea.objects.get(room=room).area_hundredths == 6660


def test_an_organisations_code_must_be_a_credit_code(estate_rooms, tmp_path):
    rows = [(GRID, "翠湖小区", "1号楼", "1单元", "101", "89", "某公司", "123", "单位")]
    with pytest.raises(ImportFailed) as failed:
        import_owners(write_csv(tmp_path / "org.csv", OWNER_HEADERS, rows))
    assert failed.value.lines() == ["第2行 证件号码: 单位的证件号码应为18位统一社会信用代码"]


def test_an_xlsx_file_imports_with_numbers_typed_as_numbers(estate_rooms, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(OWNER_HEADERS))
    # Excel keeps the grid code and the area as numbers.
    sheet.append([int(GRID), "翠湖小区", "1号楼", "1单元", 101, 89.25, "张伟", citizen(11), "个人"])
    path = tmp_path / "owners.xlsx"
    book.save(path)
    assert import_owners(path).created == 1
    assert RoomArea.objects.get().area_hundredths == 8925
