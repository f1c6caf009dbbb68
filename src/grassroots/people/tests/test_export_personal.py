"""An access request (PIPL art. 45): everything held on one person, in one workbook, audited."""

import stat

import pytest
from openpyxl import load_workbook

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main as grassroots
from grassroots.demands.testing import make_demand
from grassroots.members.testing import make_member
from grassroots.registry.testing import make_resident

WANG = "420606199001011239"
WANG_PHONE = "13912345678"
OTHER = "110101199003070015"


@pytest.fixture
def wang(tree):
    """One person known to three modules, and reporting a demand from their phone."""
    member = make_member(tree.grid_a1_1, "w", name="王小明")
    member.person.set_personal_data(id_number=WANG, phone=WANG_PHONE)
    member.person.save()
    resident = make_resident(tree.grid_a1_1, "w", id_number=WANG, phone=WANG_PHONE)
    make_demand(tree.grid_a1_1, title="路灯不亮", phone=WANG_PHONE)
    make_demand(tree.grid_a1_1, title="别人的诉求", phone="13700000000")
    make_resident(tree.grid_a1_1, "o", id_number=OTHER)
    return member, resident


def _sheets(path):
    workbook = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in workbook}


def test_the_export_holds_the_persons_records_of_every_module_unmasked(wang, tmp_path, capsys):
    target = tmp_path / "wang.xlsx"
    assert grassroots(["people", "export-personal", WANG, str(target)]) == 0

    sheets = _sheets(target)
    person = sheets["人员"]
    assert "王小明" in person[1] and WANG in person[1] and WANG_PHONE in person[1]
    resident = sheets["居民"]
    assert len(resident) == 2 and WANG in resident[1]
    assert len(sheets["居住记录"]) == 2
    assert "王小明" in str(sheets["党员"][1])
    demands = sheets["反映的诉求"]
    assert len(demands) == 2 and "路灯不亮" in demands[1]
    assert "别人的诉求" not in str(sheets) and OTHER not in str(sheets)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "已导出" in capsys.readouterr().out


def test_the_export_is_audited_without_the_number_itself(wang, tmp_path):
    grassroots(["people", "export-personal", WANG, str(tmp_path / "wang.xlsx")])
    event = AuditEvent.objects.get(action=Action.PERSONAL_DATA_EXPORTED)
    assert event.detail["via"] == "access_request"
    assert event.detail["sheets"]["居民"] == 1 and event.detail["sheets"]["反映的诉求"] == 1
    assert WANG not in event.target and WANG not in str(event.detail)
    assert event.target == "420***********1239"


def test_someone_unknown_gets_a_workbook_saying_there_is_nothing(tree, tmp_path):
    target = tmp_path / "nobody.xlsx"
    assert grassroots(["people", "export-personal", OTHER, str(target)]) == 0
    assert _sheets(target)["人员"] == [["无记录 / no records"]]


def test_a_file_that_is_not_a_workbook_is_refused(tree, tmp_path, capsys):
    assert grassroots(["people", "export-personal", WANG, str(tmp_path / "a.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err
