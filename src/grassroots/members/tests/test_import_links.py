"""``grassroots members links``: 一联十 links of members to households from a spreadsheet."""

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main
from grassroots.members.importer.links import HEADERS
from grassroots.members.models import HouseholdLink
from grassroots.members.tests.roster_data import id_number, member_with_id, write
from grassroots.registry.testing import make_resident

pytestmark = pytest.mark.django_db

WANG = id_number("19800315", "011")
ZHAO = id_number("19750101", "031")


@pytest.fixture
def homes(tree):
    """Two households of 清河口第一网格, one of 春园第一网格."""
    return {
        "101": make_resident(tree.grid_a1_1, "101").household,
        "102": make_resident(tree.grid_a1_1, "102").household,
        "201": make_resident(tree.grid_b1_1, "201").household,
    }


def _row(number, tag, grid="420606001001001"):
    return [number, grid, f"巡检小区{tag}", "1栋", "1单元", f"{tag}室"]


def test_a_file_links_members_to_the_households_living_in_the_rooms(tree, homes, tmp_path, capsys):
    wang = member_with_id(tree.grid_a1_2, "王建华", WANG)
    path = write(tmp_path / "links.csv", HEADERS, [_row(WANG, "101"), _row(WANG, "102")])
    assert main(["members", "links", str(path)]) == 0
    links = HouseholdLink.objects.filter(member=wang, ended_on=None)
    assert {link.household for link in links} == {homes["101"], homes["102"]}
    assert {link.grid for link in links} == {tree.grid_a1_1}
    assert "新增2 更新0 未变0" in capsys.readouterr().out
    # The same file again: nothing changes.
    assert main(["members", "links", str(path)]) == 0
    assert HouseholdLink.objects.count() == 2
    assert "新增0 更新0 未变2，共改变0户联系关系" in capsys.readouterr().out
    event = AuditEvent.objects.filter(action=Action.MEMBER_LINKS_IMPORTED).order_by("pk").first()
    assert event.detail["created"] == 2 and len(event.detail["links"]) == 2


def test_a_household_linked_to_another_member_is_refused_naming_them(tree, homes, tmp_path, capsys):
    wang = member_with_id(tree.grid_a1_1, "王建华", WANG)
    member_with_id(tree.grid_a1_1, "赵志刚", ZHAO)
    HouseholdLink.objects.create(
        member=wang, household=homes["101"], grid=tree.grid_a1_1, linked_on="2026-10-01"
    )
    path = write(tmp_path / "links.xlsx", HEADERS, [_row(ZHAO, "102"), _row(ZHAO, "101")])
    assert main(["members", "links", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 房号: 该户已由党员王建华联系，请先结束原联系关系" in err
    assert "第2行" not in err
    assert HouseholdLink.objects.count() == 1


def test_a_bad_file_writes_nothing_and_names_every_problem(tree, homes, tmp_path, capsys):
    member_with_id(tree.grid_a1_1, "王建华", WANG)
    bad = WANG[:-1] + ("0" if WANG[-1] != "0" else "1")
    rows = [
        _row(WANG, "101"),
        _row(bad, "101"),
        _row(ZHAO, "102"),
        _row(WANG, "999"),
        _row(WANG, "201", grid="420606002001001"),
        _row(WANG, "101"),
        [WANG, "420606009009009", "", "1栋", "", "1室"],
    ]
    path = write(tmp_path / "links.csv", HEADERS, rows, encoding="gbk")
    assert main(["members", "links", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 党员公民身份号码: 公民身份号码校验位不正确" in err
    assert "第4行 党员公民身份号码: 党员名册中没有该公民身份号码的党员" in err
    assert "第5行 房号: 该网格中没有房屋“巡检小区9991栋1单元999室”" in err
    assert "第6行 网格编码: 该户不在党员王建华居住的社区" in err
    assert "第7行 房号: 与第2行重复" in err
    assert "第8行 网格编码: 组织架构中没有编码为420606009009009的网格" in err
    assert "第8行 小区: 不能为空" in err
    assert not HouseholdLink.objects.exists()


def test_a_room_nobody_lives_in_has_no_household_to_link(tree, tmp_path, capsys):
    from grassroots.registry.services.moves import move_out

    member_with_id(tree.grid_a1_1, "王建华", WANG)
    resident = make_resident(tree.grid_a1_1, "301")
    move_out(resident, on=resident.residences.get().moved_in_on)
    path = write(tmp_path / "links.csv", HEADERS, [_row(WANG, "301")])
    assert main(["members", "links", str(path)]) == 1
    assert "第2行 房号: 房屋“巡检小区3011栋1单元301室”当前没有住户" in capsys.readouterr().err


def test_two_members_for_one_household_in_one_file_is_refused(tree, homes, tmp_path, capsys):
    member_with_id(tree.grid_a1_1, "王建华", WANG)
    member_with_id(tree.grid_a1_1, "赵志刚", ZHAO)
    path = write(tmp_path / "links.csv", HEADERS, [_row(WANG, "101"), _row(ZHAO, "101")])
    assert main(["members", "links", str(path)]) == 1
    assert "第3行 房号: 与第2行是同一户，一户只能由一名党员联系" in capsys.readouterr().err
