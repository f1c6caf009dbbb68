"""``grassroots pairing import``: units, pairings, agreements and pledges from a spreadsheet."""

import datetime

import pytest
from openpyxl import Workbook

from grassroots.cli import main
from grassroots.pairing.models import Agreement, PairedUnit, Pairing, Pledge, PledgeStatus
from grassroots.pairing.services.importing import HEADERS

pytestmark = pytest.mark.django_db

ROWS = [
    ["420606ZJJ", "区住房和城乡建设局", "中共区住建局党组", "420606001001", "2026-01-10",
     "帮助整治群租房20户", "攻坚治理难题", "王科长", "2026-06-30", ""],
    ["420606ZJJ", "区住房和城乡建设局", "中共区住建局党组", "420606001001", "2026-01-10",
     "指导三会一课", "建强组织堡垒", "李书记", "2026-03-31", "2026-03-20"],
    ["420606ZJJ", "区住房和城乡建设局", "中共区住建局党组", "420606002001", "2026/02/01",
     "改造老旧小区路灯", "服务民生改善", "赵工", "2026-09-30", ""],
]  # fmt: skip


def write(path, rows, *, encoding="utf-8", headers=HEADERS):
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _state():
    return (
        list(PairedUnit.objects.values_list("code", "name", "party_organization")),
        list(Pairing.objects.values_list("unit__code", "community__code", "started_on")),
        list(Agreement.objects.values_list("pairing_id", "signed_on")),
        list(Pledge.objects.order_by("pk").values_list("text", "status", "closed_on", "version")),
    )


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("a.csv", "utf-8"), ("b.csv", "utf-8-sig"), ("c.csv", "gbk"), ("d.xlsx", None)],
)
def test_a_file_makes_units_pairings_agreements_and_pledges(tree, tmp_path, name, encoding):
    path = write(tmp_path / name, ROWS, encoding=encoding or "utf-8")
    assert main(["pairing", "import", str(path)]) == 0
    unit = PairedUnit.objects.get(code="420606ZJJ")
    assert unit.district == tree.district and unit.party_organization == "中共区住建局党组"
    assert Pairing.objects.filter(unit=unit).count() == 2
    assert Agreement.objects.count() == 2
    closed = Pledge.objects.get(text="指导三会一课")
    assert closed.status == PledgeStatus.CLOSED and closed.closed_on == datetime.date(2026, 3, 20)
    assert Pledge.objects.get(text="帮助整治群租房20户").status == PledgeStatus.OPEN


def test_importing_the_same_file_again_changes_nothing(tree, tmp_path, capsys):
    path = write(tmp_path / "pledges.csv", ROWS)
    assert main(["pairing", "import", str(path)]) == 0
    before = _state()
    capsys.readouterr()
    assert main(["pairing", "import", str(path)]) == 0
    assert _state() == before
    assert "新增0 更新0 未变3" in capsys.readouterr().out


def test_a_reopened_pledge_is_not_closed_again_by_the_same_file(tree, tmp_path, personas):
    from grassroots.kernel.permissions import Role
    from grassroots.pairing.services import reopen_pledge

    path = write(tmp_path / "pledges.csv", ROWS)
    main(["pairing", "import", str(path)])
    closed = Pledge.objects.get(text="指导三会一课")
    reopen_pledge(
        closed, version=closed.version, reason="复查", actor=personas[Role.DISTRICT_ADMIN]
    )
    main(["pairing", "import", str(path)])
    assert Pledge.objects.get(text="指导三会一课").status == PledgeStatus.OPEN


def test_a_bad_file_writes_nothing_and_names_every_row_column_and_reason(tree, tmp_path, capsys):
    bad = [
        ROWS[0],
        ["420606ZJJ", "区住房和城乡建设局", "中共区住建局党组", "420606009009", "2026-01-10",
         "走访", "攻坚治理难题", "王科长", "2026-06-30", ""],
        ["420606ZJJ", "区住房和城乡建设局", "中共区住建局党组", "420606001001", "2026-13-01",
         "修路", "修路任务", "", "明年", "2099-01-01"],
        ROWS[0],
    ]  # fmt: skip
    path = write(tmp_path / "bad.csv", bad)
    assert main(["pairing", "import", str(path)]) == 1
    err = capsys.readouterr().err
    for line in (
        "第3行 社区编码: 组织架构中没有编码为420606009009的社区（村）",
        "第4行 协议签订日期: 日期“2026-13-01”无法识别",
        "第4行 任务类别: “修路任务”不是任务类别",
        "第4行 责任人: 不能为空",
        "第4行 完成时限: 日期“明年”无法识别",
        "第4行 完成日期: 完成日期不能晚于今天",
        "第5行 承诺事项: 与第2行重复",
        "未写入任何数据",
    ):
        assert line in err, err
    assert not PairedUnit.objects.exists() and not Pledge.objects.exists()


def test_a_file_without_the_headers_is_refused(tree, tmp_path, capsys):
    path = write(tmp_path / "x.csv", [["1", "2"]], headers=("编码", "名称"))
    assert main(["pairing", "import", str(path)]) == 1
    assert "第1行 表头: 缺少必需的列" in capsys.readouterr().err
