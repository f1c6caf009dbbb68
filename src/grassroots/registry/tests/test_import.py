"""The registry import: households from rows, every bad row named, nothing half-written."""

import csv
import datetime

import pytest
from openpyxl import Workbook

from grassroots.kernel.importing import ImportFailed
from grassroots.registry.choices import RoomUse
from grassroots.registry.importer import HEADERS, import_registry
from grassroots.registry.models import ChangeKind, Household, RegistryChange, Resident, Room

pytestmark = pytest.mark.django_db
COLUMNS = [*HEADERS, "证件类型"]
GRID = "420606001001001"
TODAY = datetime.date(2026, 11, 1)
# Valid citizen numbers: MOD 11-2 check characters 9 and 9.
WANG = "420606199001011239"  # born 1990-01-01, male (order 123: odd)
LI = "420606198503152029"  # born 1985-03-15, female (order 202: even)


def _row(**cells):
    base = {
        "网格编码": GRID,
        "小区": "清河小区",
        "楼栋": "3栋",
        "单元": "2单元",
        "房号": "502",
        "房屋用途": "自住",
    }
    base.update(cells)
    return [base.get(c, "") for c in COLUMNS]


def _csv(tmp_path, rows, encoding="utf-8", name="registry.csv"):
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _import(path, **kwargs):
    return import_registry(path, today=TODAY, **kwargs)


def _errors(path, **kwargs):
    with pytest.raises(ImportFailed) as failure:
        _import(path, **kwargs)
    return failure.value.lines()


def test_rows_of_one_room_form_one_household(tree, tmp_path):
    path = _csv(
        tmp_path,
        [
            _row(姓名="王小明", 公民身份号码=WANG, 与户主关系="户主"),
            _row(姓名="李红", 公民身份号码=LI, 与户主关系="配偶"),
            _row(房号="503", 房屋用途="空置"),
        ],
    )
    result = _import(path)
    assert (result.created, result.rooms_created, result.households_created) == (2, 2, 1)
    wang = Resident.objects.get(name="王小明")
    assert wang.household.room.address == "清河小区3栋2单元502"
    assert list(wang.household.residents.values_list("name", flat=True).order_by("pk")) == [
        "王小明",
        "李红",
    ]
    assert wang.birth_date == datetime.date(1990, 1, 1) and wang.gender == "M"
    assert Room.objects.get(number="503").use == RoomUse.VACANT
    assert not Household.objects.filter(room__number="503").exists()


def test_birth_date_and_gender_come_from_the_number_when_left_empty(tree, tmp_path):
    _import(_csv(tmp_path, [_row(姓名="李红", 公民身份号码=LI, 性别="")]))
    li = Resident.objects.get()
    assert (li.gender, li.birth_date) == ("F", datetime.date(1985, 3, 15))


def test_every_bad_row_is_named_and_nothing_is_written(tree, tmp_path):
    path = _csv(
        tmp_path,
        [
            _row(姓名="王小明", 公民身份号码=WANG),
            _row(姓名="错号", 公民身份号码="420606199001011230"),
            _row(姓名="矛盾", 公民身份号码=LI, 出生日期="1985-03-16", 性别="男"),
            _row(网格编码="420606009009009", 姓名="无网格", 性别="男"),
            _row(姓名="", 公民身份号码="", 性别="男"),
            _row(姓名="重复", 公民身份号码=WANG),
            _row(姓名="乱填", 性别="男", 民族="火星族", 房屋用途="仓库"),
        ],
    )
    lines = _errors(path)
    assert "第3行 公民身份号码: 公民身份号码校验位不正确，请逐位核对" in lines
    assert "第4行 出生日期: 出生日期与证件号码不符：号码显示为1985-03-15" in lines
    assert "第4行 性别: 性别与证件号码不符：号码显示为女" in lines
    assert any(line.startswith("第5行 网格编码: 网格编码420606009009009不存在") for line in lines)
    assert "第6行 姓名: 缺少姓名" in lines
    assert "第7行 公民身份号码: 与第2行的证件号码重复，同一人只能登记一次" in lines
    assert any(line.startswith("第8行 民族: “火星族”") for line in lines)
    assert any(line.startswith("第8行 房屋用途: “仓库”不是房屋用途") for line in lines)
    assert not Resident.objects.exists() and not Room.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_reads_the_same(tree, tmp_path, encoding):
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 民族="汉")], encoding))
    resident = Resident.objects.get()
    assert (resident.name, resident.get_ethnicity_display()) == ("王小明", "汉族")


def test_a_bad_row_in_a_gbk_file_is_reported_in_chinese(tree, tmp_path):
    path = _csv(tmp_path, [_row(姓名="王小明", 公民身份号码="42060619900101123X")], "gbk")
    assert _errors(path) == ["第2行 公民身份号码: 公民身份号码校验位不正确，请逐位核对"]


def test_reimporting_updates_the_resident_instead_of_adding_one(tree, tmp_path):
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 联系电话="13800001234")]))
    again = _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)], name="b.csv"))
    assert (again.created, again.unchanged) == (0, 0) and again.updated == 1
    third = _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)], name="c.csv"))
    assert (third.created, third.updated, third.unchanged) == (0, 0, 1)
    resident = Resident.objects.get()
    assert resident.phone == "" and resident.version == 2
    change = RegistryChange.objects.get(kind=ChangeKind.RESIDENT_CHANGED)
    assert change.changes["phone"][1] == ""


def test_a_new_address_in_a_later_file_is_a_move_with_history(tree, tmp_path):
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]))
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 房号="601")], name="b.csv"))
    resident = Resident.objects.get()
    stays = list(
        resident.residences.order_by("moved_in_on", "pk").values_list(
            "room__number", "moved_out_on"
        )
    )
    assert stays == [("502", TODAY), ("601", None)]
    assert Household.objects.get(room__number="502").ended_on == TODAY


def test_a_residents_without_documents_are_matched_by_room_and_name_on_reimport(tree, tmp_path):
    rows = [_row(姓名="王小宝", 性别="男", 出生日期="2024-05-01", 与户主关系="子女")]
    _import(_csv(tmp_path, rows))
    again = _import(_csv(tmp_path, rows, name="b.csv"))
    assert again.unchanged == 1 and Resident.objects.count() == 1


def test_a_changed_room_use_is_recorded_as_history(tree, tmp_path):
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]))
    _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 房屋用途="出租")], name="b.csv"))
    assert Room.objects.get().use == RoomUse.RENTED
    change = RegistryChange.objects.get(kind=ChangeKind.ROOM_USE)
    assert change.changes == {"use": ["owner", "rented"]}


def test_a_dry_run_validates_and_counts_but_writes_nothing(tree, tmp_path):
    result = _import(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]), dry_run=True)
    assert result.dry_run and result.created == 1
    assert not Resident.objects.exists()


def test_a_user_may_import_only_into_grids_in_scope(tree, personas, tmp_path):
    from grassroots.kernel.permissions import Role

    grid_worker = personas[Role.GRID_WORKER]
    path = _csv(tmp_path, [_row(网格编码="420606001001002", 姓名="王小明", 公民身份号码=WANG)])
    assert "不在您的辖区内" in _errors(path, scope_user=grid_worker)[0]


def test_an_xlsx_with_the_id_number_as_a_number_cell_is_read_as_digits(tree, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row = _row(姓名="李红", 公民身份号码=LI)
    row[0] = int(GRID)  # Excel turned the grid code into a number
    sheet.append(row)
    path = tmp_path / "registry.xlsx"
    workbook.save(path)
    _import(path)
    assert Resident.objects.get().grid.code == GRID


def test_missing_headers_are_named_on_the_header_row(tree, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("姓名,公民身份号码\n王小明,1\n", encoding="utf-8")
    lines = _errors(path)
    assert lines[0].startswith("第1行 表头: 缺少必需的列：网格编码、小区、楼栋、房号")


def test_other_documents_are_checked_with_their_own_format(tree, tmp_path):
    path = _csv(
        tmp_path,
        [
            _row(
                姓名="JOHN SMITH",
                证件类型="护照",
                公民身份号码="E1234567",
                性别="男",
                出生日期="1980-02-03",
                人口类型="境外人员",
            ),
            _row(
                姓名="陈大文",
                证件类型="港澳居民来往内地通行证",
                公民身份号码="X1234567",
                性别="男",
                出生日期="1970-01-01",
            ),
        ],
    )
    lines = _errors(path)
    assert lines == ["第3行 公民身份号码: 港澳居民来往内地通行证号码应为H或M加8位或10位数字"]


def test_a_misspelt_column_is_named_with_the_header_it_should_be_and_nothing_is_written(
    tree, tmp_path
):
    """Before, 身份证号码 was dropped silently and a second import duplicated the residents."""
    path = tmp_path / "registry.csv"
    header = ["身份证号码" if c == "公民身份号码" else c for c in COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(_row(姓名="王芳", 公民身份号码=WANG))
    assert _errors(path) == ["第1行 身份证号码: 未知列，是否应为 公民身份号码？"]
    assert not Resident.objects.exists()
