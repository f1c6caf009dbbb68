"""A large file is planned in a worker process: same registry, same errors, all or nothing."""

import time

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.registry.importer import run as importing
from grassroots.registry.importer.columns import R_PERSON, R_SEALED
from grassroots.registry.models import RegistryImport, Residence, Resident, Room
from grassroots.registry.tests.test_import import LI, TODAY, WANG, _csv, _row

pytestmark = pytest.mark.django_db

BAD_ROWS = [
    _row(姓名="王小明", 公民身份号码=WANG),
    _row(姓名="错号", 公民身份号码="420606199001011230"),
    _row(房号="503", 房屋用途="空置"),
    _row(姓名="矛盾", 公民身份号码=LI, 出生日期="1985-03-16"),
    _row(房号="504", 姓名="乱填", 性别="男", 民族="火星族"),
    _row(房号="505", 姓名="重复", 公民身份号码=WANG),
]


def _failure(path, *, worker):
    with pytest.raises(ImportFailed) as failure:
        importing.import_registry(path, today=TODAY, worker=worker)
    return failure.value.lines()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)  # errors spread over several chunks


def test_a_file_planned_in_a_worker_reports_every_row_error_and_writes_nothing(
    tree, tmp_path, small_chunks
):
    path = _csv(tmp_path, BAD_ROWS)
    lines = _failure(path, worker=True)
    assert lines == _failure(path, worker=False)
    assert "第3行 公民身份号码: 公民身份号码校验位不正确，请逐位核对" in lines
    assert "第5行 出生日期: 出生日期与证件号码不符：号码显示为1985-03-15" in lines
    assert any(line.startswith("第6行 民族: “火星族”") for line in lines)
    assert "第7行 公民身份号码: 与第2行的证件号码重复，同一人只能登记一次" in lines
    assert not Resident.objects.exists() and not Room.objects.exists()


def test_a_file_planned_in_a_worker_builds_the_same_registry(tree, tmp_path, small_chunks):
    rows = [
        _row(姓名="王小明", 公民身份号码=WANG, 与户主关系="户主"),
        _row(姓名="李红", 公民身份号码=LI, 与户主关系="配偶", 联系电话="13800138000"),
        _row(房号="503", 房屋用途="空置"),
        _row(房号="504", 姓名="张三", 性别="男", 特殊人群="独居老人"),
    ]
    result = importing.import_registry(_csv(tmp_path, rows), today=TODAY, worker=True)
    assert (result.rows, result.created, result.rooms_created, result.households_created) == (
        4,
        3,
        3,
        2,
    )
    li = Resident.objects.get(name="李红")
    assert (li.id_number, li.phone, li.relation) == (LI, "13800138000", "spouse")
    assert li.household == Resident.objects.get(name="王小明").household
    assert Resident.objects.get(name="张三").special_groups == "|elderly_alone|"
    batch = RegistryImport.objects.get()
    assert set(Residence.objects.values_list("batch", flat=True)) == {batch.pk}
    assert Residence.objects.count() == batch.created == 3


def test_a_reimport_in_a_worker_updates_instead_of_adding(tree, tmp_path):
    importing.import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]), today=TODAY, worker=True
    )
    again = _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 民族="回族")], name="b.csv")
    result = importing.import_registry(again, today=TODAY, worker=True)
    assert (result.created, result.updated) == (0, 1)
    assert Resident.objects.get().get_ethnicity_display() == "回族"


def test_when_the_writer_falls_behind_the_worker_seals_ahead_and_stores_the_same(
    tree, tmp_path, small_chunks, monkeypatch
):
    from grassroots.registry.importer import writer as chunk_writer

    sealed_ahead = []
    write = chunk_writer.ChunkWriter.write

    def slow_write(self, planned):
        time.sleep(0.2)  # the worker meanwhile plans the next chunks
        sealed_ahead.extend(p[R_SEALED] is not None for p in planned if p[R_PERSON])
        write(self, planned)

    monkeypatch.setattr(chunk_writer.ChunkWriter, "write", slow_write)
    people = [
        ("王小明", WANG, "13800138000", "男"),
        ("李红", LI, "", "女"),
        ("张三", "", "13900139000", "男"),
        ("赵四", "", "", "男"),
        ("钱五", "", "13700137000", "女"),
        ("孙六", "", "", "女"),
    ]
    rows = [
        _row(房号=f"50{n}", 姓名=name, 公民身份号码=number, 联系电话=phone, 性别=gender)
        for n, (name, number, phone, gender) in enumerate(people)
    ]
    importing.import_registry(_csv(tmp_path, rows), today=TODAY, worker=True)
    assert any(sealed_ahead) and not all(sealed_ahead)  # the first chunk never waits
    stored = {r.name: (r.name_initials, r.id_number, r.phone) for r in Resident.objects.all()}
    assert stored == {
        "王小明": ("wxm", WANG, "13800138000"),
        "李红": ("lh", LI, ""),
        "张三": ("zs", "", "13900139000"),
        "赵四": ("zs", "", ""),
        "钱五": ("qw", "", "13700137000"),
        "孙六": ("sl", "", ""),
    }

    sealed_ahead.clear()  # again, new phones for the last chunk's two (matched by name)
    people[4], people[5] = ("钱五", "", "13600136000", "女"), ("孙六", "", "13500135000", "女")
    again = [
        _row(房号=f"50{n}", 姓名=name, 公民身份号码=number, 联系电话=phone, 性别=gender)
        for n, (name, number, phone, gender) in enumerate(people)
    ]
    result = importing.import_registry(
        _csv(tmp_path, again, name="again.csv"), today=TODAY, worker=True
    )
    assert result.updated == 2 and sealed_ahead[-2:] == [True, True]
    stored = {
        r.name: (r.name_initials, r.phone)
        for r in Resident.objects.filter(name__in=["钱五", "孙六"])
    }
    assert stored == {"钱五": ("qw", "13600136000"), "孙六": ("sl", "13500135000")}
