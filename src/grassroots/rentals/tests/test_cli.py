import json

import openpyxl
import pytest

from grassroots.cli import main
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import Room
from grassroots.rentals.choices import CaseStatus
from grassroots.rentals.models import CaseAction, RentalCampaign, RentalCase

from .conftest import days_ago

pytestmark = pytest.mark.django_db

HEADER = "网格编码,小区,楼栋,单元,房号,日期,措施,结果,整改后用途"


def write_csv(tmp_path, lines, encoding="utf-8-sig"):
    path = tmp_path / "actions.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def test_campaigns_open_prints_the_campaign_id_on_its_last_line(tree, rooms, capsys):
    status = main(
        [
            "campaigns",
            "open",
            "--unit",
            "420606001000",
            "--start",
            days_ago(20).isoformat(),
            "--title",
            "汉江街道群租房整治",
        ]
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert status == 0
    campaign = RentalCampaign.objects.get(pk=int(out[-1]))
    assert campaign.title == "汉江街道群租房整治"
    assert campaign.node == tree.street_a
    assert campaign.cases.count() == 4
    assert "4" in out[0]


def test_campaigns_open_with_an_unknown_unit_says_so(tree, capsys):
    status = main(["campaigns", "open", "--unit", "999", "--start", "2026-01-01", "--title", "T"])
    assert status == 1
    assert "999" in capsys.readouterr().err


def test_importing_actions_records_them_and_rectifies_the_rooms(campaign, rooms, tmp_path):
    day = days_ago(3).isoformat()
    path = write_csv(
        tmp_path,
        [
            f"420606001001001,清河小区,3栋,1单元,101,{day},电话沟通,进行中,",
            f"420606001001001,清河小区,3栋,1单元,101,{day},入户动员一批,已整改,出租",
            f"420606001002001,前进小区,3栋,1单元,301,{day},联合执法,已整改,空置",
        ],
        encoding="gbk",
    )
    assert main(["campaigns", "actions", str(campaign.pk), str(path)]) == 0
    assert CaseAction.objects.count() == 3
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.RENTED
    assert Room.objects.get(pk=rooms["a2_301"].pk).use == RoomUse.VACANT
    assert RentalCase.objects.filter(status=CaseStatus.RECTIFIED).count() == 2


def test_an_import_with_bad_rows_writes_nothing_and_names_every_row_and_column(
    campaign, rooms, tmp_path, capsys
):
    day = days_ago(3).isoformat()
    path = write_csv(
        tmp_path,
        [
            f"420606001001001,清河小区,3栋,1单元,101,{day},电话沟通,已整改,出租",
            f"420606001001001,清河小区,3栋,1单元,101,{day},集中约谈,进行中,",
            "420606001001001,清河小区,3栋,1单元,102,2026-13-01,打电话,完成,",
            f"420606001001001,清河小区,3栋,1单元,103,{day},电话沟通,进行中,",
            f"420606002001001,春园小区,3栋,1单元,401,{day},电话沟通,进行中,",
            f"420606001001002,樊西小区,3栋,1单元,201,{day},电话沟通,已整改,群租房",
            f"420606001001002,樊西小区,3栋,1单元,201,{day},电话沟通,进行中,空置",
        ],
    )
    assert main(["campaigns", "actions", str(campaign.pk), str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 房号: 该房屋在本次整治行动中没有整治中的台账" in err
    assert "第4行 日期:" in err
    assert "第4行 措施:" in err
    assert "第4行 结果:" in err
    assert "第5行 房号:" in err  # an owner-occupied room has no case
    assert "第6行 房号:" in err  # outside the campaign's area
    assert "第7行 整改后用途:" in err
    assert "第8行 整改后用途:" in err
    assert "未写入任何数据" in err
    assert CaseAction.objects.count() == 0
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.GROUP_RENTAL


def test_actions_import_reads_an_xlsx_file(campaign, rooms, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "420606001001001",
            "清河小区",
            "3栋",
            "1单元",
            "102",
            days_ago(2),
            "公职人员带头整改",
            "已整改",
            "自住",
        ]
    )
    path = tmp_path / "actions.xlsx"
    book.save(path)
    assert main(["campaigns", "actions", str(campaign.pk), str(path)]) == 0
    assert RentalCase.objects.get(room=rooms["a1_102"]).method == "officials_first"


def test_campaigns_report_json_gives_the_figures_by_method_and_by_community(
    campaign, rooms, tmp_path, capsys
):
    day = days_ago(3).isoformat()
    path = write_csv(
        tmp_path, [f"420606001001001,清河小区,3栋,1单元,101,{day},电话沟通,已整改,出租"]
    )
    main(["campaigns", "actions", str(campaign.pk), str(path)])
    capsys.readouterr()
    assert main(["campaigns", "report", str(campaign.pk), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["identified"], data["rectified"], data["rate"], data["rebounds"]) == (
        4,
        1,
        25.0,
        0,
    )
    assert list(data["by_method"]) == [
        "电话沟通",
        "集中约谈",
        "入户动员",
        "公职人员带头整改",
        "联合执法",
    ]
    assert data["by_method"]["电话沟通"] == 1
    assert data["by_unit"]["420606001001"] == {
        "identified": 3,
        "rectified": 1,
        "rate": 33.3,
        "by_method": {
            "电话沟通": 1,
            "集中约谈": 0,
            "入户动员": 0,
            "公职人员带头整改": 0,
            "联合执法": 0,
        },
        "rebounds": 0,
    }
    assert (
        main(
            ["campaigns", "report", str(campaign.pk), "--as-of", days_ago(4).isoformat(), "--json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["rectified"] == 0


def test_campaigns_report_in_text_and_for_an_unknown_campaign(campaign, capsys):
    assert main(["campaigns", "report", str(campaign.pk)]) == 0
    assert "整改率" in capsys.readouterr().out
    assert main(["campaigns", "report", "999999"]) == 1
