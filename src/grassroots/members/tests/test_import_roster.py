"""``grassroots members import``: the party-member roster from a spreadsheet."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main
from grassroots.kernel import crypto
from grassroots.members.importer.roster import HEADERS
from grassroots.members.models import Member, MemberKind
from grassroots.members.tests.roster_data import id_number, write
from grassroots.org.models import PartyOrganization, PartyOrgKind
from grassroots.people.models import Person
from grassroots.registry.testing import make_resident

pytestmark = pytest.mark.django_db

WANG = id_number("19800315", "011")  # a man born 1980-03-15
LIU = id_number("19900520", "022")  # a woman born 1990-05-20
A11, A12, A21 = "420606001001001", "420606001001002", "420606001002001"
BRANCH, COMMITTEE = "清河口第一网格党支部", "清河口社区党委"

ROWS = [
    ["王建华", WANG, "男", "1980-03-15", "13812345678", "2005-07-01",
     "清河口第一网格党支部", "社区党员", "", "420606001001001"],
    ["刘芳", LIU, "", "", "", "2015/06/30",
     "清河口社区党委", "在职党员", "区住房和城乡建设局", "420606001001002"],
]  # fmt: skip


def _state():
    return (
        sorted(
            Person.objects.values_list(
                "name", "gender", "birth_date", "party_joined_on", "party_branch__name", "org_node"
            )
        ),
        sorted(
            Member.objects.values_list(
                "person__name", "kind", "work_unit", "grid", "resident", "version"
            )
        ),
    )


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("a.csv", "utf-8"),
        ("b.csv", "utf-8-sig"),
        ("c.csv", "gbk"),
        ("d.csv", "gb18030"),
        ("e.xlsx", None),
    ],
)
def test_a_roster_makes_each_member_a_person_with_membership(tree, tmp_path, name, encoding):
    path = write(tmp_path / name, HEADERS, ROWS, encoding=encoding or "utf-8")
    assert main(["members", "import", str(path)]) == 0
    wang = Member.objects.select_related("person").get(person__name="王建华")
    assert wang.kind == MemberKind.COMMUNITY and wang.grid == tree.grid_a1_1
    person = wang.person
    assert person.is_party_member and person.party_joined_on == datetime.date(2005, 7, 1)
    assert person.party_branch == tree.party["grid_a1_1"]
    assert person.gender == "M" and person.birth_date == datetime.date(1980, 3, 15)
    assert person.id_number == WANG and person.phone == "13812345678"
    assert person.org_node == tree.grid_a1_1
    liu = Member.objects.select_related("person").get(person__name="刘芳")
    # 性别 and 出生日期 left blank: the ID number says them.
    assert liu.person.gender == "F" and liu.person.birth_date == datetime.date(1990, 5, 20)
    assert liu.kind == MemberKind.IN_SERVICE and liu.work_unit == "区住房和城乡建设局"
    assert liu.person.party_branch == tree.party["community_a1"]


def test_importing_the_same_file_again_changes_nothing(tree, tmp_path, capsys):
    path = write(tmp_path / "roster.csv", HEADERS, ROWS)
    assert main(["members", "import", str(path)]) == 0
    assert "新增2 更新0 未变0" in capsys.readouterr().out
    before = _state()
    assert main(["members", "import", str(path)]) == 0
    assert _state() == before
    out = capsys.readouterr().out
    assert "新增0 更新0 未变2" in out and "共改变0名党员" in out


def test_a_person_already_known_is_the_member_not_a_second_record(tree, tmp_path):
    known = Person(org_node=tree.community_b1, name="刘芳", gender="F", post="社区主任")
    known.set_personal_data(id_number=LIU)
    known.save()
    path = write(tmp_path / "roster.csv", HEADERS, ROWS[1:])
    people = Person.objects.count()
    assert main(["members", "import", str(path)]) == 0
    assert Person.objects.count() == people
    member = Member.objects.get()
    assert member.person_id == known.pk and member.grid == tree.grid_a1_2
    known.refresh_from_db()
    # The person's record stays with their unit (a cadre with their office); membership says
    # where they live.
    assert known.org_node == tree.community_b1 and known.post == "社区主任"
    assert known.is_party_member and known.party_branch == tree.party["community_a1"]


def test_a_resident_of_the_registry_with_the_same_number_is_linked(tree, tmp_path):
    resident = make_resident(tree.grid_a1_1, "101", id_number=WANG)
    resident.name = "王建华"
    resident.save(update_fields=["name"])
    path = write(tmp_path / "roster.csv", HEADERS, ROWS[:1])
    assert main(["members", "import", str(path)]) == 0
    member = Member.objects.get()
    assert member.resident == resident
    assert resident.__class__.objects.count() == 1


def test_a_bad_file_writes_nothing_and_names_every_problem(tree, tmp_path, capsys):
    bad_check = WANG[:-1] + ("0" if WANG[-1] != "0" else "1")
    young = id_number("19800101", "033")
    rows = [
        ["张三", bad_check, "男", "", "", "2005-07-01", BRANCH, "社区党员", "", A11],
        ["李四", LIU, "男", "1990-05-21", "12345", "2005-07-01", BRANCH, "老党员", "", A11],
        ["王五", WANG, "", "", "", "2030-01-01", "没有这个支部", "在职党员", "", "999999999999999"],
        ["赵六", young, "", "", "", "1995-01-01", COMMITTEE, "社区党员", "", A11],
        ["王五", WANG, "", "", "", "2005-07-01", COMMITTEE, "社区党员", "", A11],
    ]  # fmt: skip
    path = write(tmp_path / "roster.csv", HEADERS, rows)
    people = Person.objects.count()
    assert main(["members", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第2行 公民身份号码: 公民身份号码校验位不正确" in err
    assert "第3行 性别: 与公民身份号码中的性别（女）不一致" in err
    assert "第3行 出生日期: 与公民身份号码中的出生日期（1990-05-20）不一致" in err
    assert "第3行 联系电话: “12345”不是有效的手机号或固定电话" in err
    assert "第3行 党员类别: “老党员”不是党员类别，应为社区党员、在职党员、流动党员" in err
    assert "第4行 入党日期: 入党日期不能晚于今天" in err
    assert "第4行 所在党组织: 党组织中没有名称" in err
    assert "第4行 工作单位: 在职党员须填写工作单位" in err
    assert "第4行 居住网格编码: 组织架构中没有编码为999999999999999的网格" in err
    assert "第5行 入党日期: 入党时未满18周岁" in err
    assert "第6行 公民身份号码: 与第4行的公民身份号码重复" in err
    assert "未写入任何数据" in err
    assert Person.objects.count() == people and not Member.objects.exists()


def test_a_missing_header_is_named(tree, tmp_path, capsys):
    path = write(tmp_path / "roster.csv", HEADERS[:-1], [row[:-1] for row in ROWS])
    assert main(["members", "import", str(path)]) == 1
    assert "第1行 表头: 缺少必需的列：居住网格编码" in capsys.readouterr().err


def test_a_name_that_differs_from_the_person_holding_the_number_is_refused(tree, tmp_path, capsys):
    known = Person(org_node=tree.community_b1, name="刘芳芳", gender="F")
    known.set_personal_data(id_number=LIU)
    known.save()
    path = write(tmp_path / "roster.csv", HEADERS, ROWS)
    assert main(["members", "import", str(path)]) == 1
    assert "第3行 姓名: 与人员信息中该公民身份号码登记的姓名不一致" in capsys.readouterr().err


def test_a_party_organisation_name_held_twice_is_settled_by_the_home_grid(tree, tmp_path, capsys):
    def branch(key):
        parent = PartyOrganization.objects.get(pk=tree.party[key].pk)
        return PartyOrganization.objects.add_child(
            parent,
            {"org_node": parent.org_node, "kind": PartyOrgKind.PARTY_GROUP, "name": "老干部党小组"},
        )

    in_a1, _in_b1 = branch("community_a1"), branch("community_b1")
    rows = [
        ["王建华", WANG, "", "", "", "2005-07-01", "老干部党小组", "社区党员", "", A11],
        ["刘芳", LIU, "", "", "", "2015-07-01", "老干部党小组", "社区党员", "", A21],
    ]  # fmt: skip
    path = write(tmp_path / "roster.csv", HEADERS, rows)
    assert main(["members", "import", str(path)]) == 1
    err = capsys.readouterr().err
    # 前进社区 (row 3) lies under neither: both are named.
    assert "第3行 所在党组织: “老干部党小组”对应2个党组织" in err
    assert "清河口社区" in err and "春园社区" in err
    assert "第2行" not in err
    path = write(tmp_path / "roster.csv", HEADERS, rows[:1])
    assert main(["members", "import", str(path)]) == 0
    assert Person.objects.get(name="王建华").party_branch == in_a1


def test_a_changed_row_updates_the_member_and_the_audit_says_what_changed(tree, tmp_path, capsys):
    path = write(tmp_path / "roster.csv", HEADERS, ROWS)
    assert main(["members", "import", str(path)]) == 0
    changed = [list(ROWS[0]), ROWS[1]]
    changed[0][7], changed[0][8], changed[0][4] = "流动党员", "外出务工", "13899998888"
    path = write(tmp_path / "roster.csv", HEADERS, changed)
    capsys.readouterr()
    assert main(["members", "import", str(path)]) == 0
    assert "新增0 更新1 未变1" in capsys.readouterr().out
    wang = Member.objects.select_related("person").get(person__name="王建华")
    assert wang.kind == MemberKind.MOBILE and wang.work_unit == "外出务工" and wang.version == 2
    assert wang.person.phone_index == crypto.blind_index("13899998888")
    event = AuditEvent.objects.filter(action=Action.MEMBERS_IMPORTED).order_by("-pk").first()
    assert event.username == "系统" and event.target == "roster.csv"
    assert event.detail["updated"] == 1
    changes = event.detail["changed_people"][str(wang.person_id)]
    assert changes["kind"] == ["community", "mobile"]
    assert changes["phone"] == ["138****5678", "138****8888"]  # masked, never in clear


def test_a_roster_larger_than_one_lookup_is_read_in_chunks(tree, tmp_path, monkeypatch):
    # A district's roster holds more numbers than SQLite takes in one IN (...): the look-ups
    # go a chunk at a time (here one number a chunk) and find the same.
    from grassroots.members.importer import common

    monkeypatch.setattr(common, "CHUNK", 1)
    known = Person(org_node=tree.community_b1, name="刘芳", gender="F")
    known.set_personal_data(id_number=LIU)
    known.save()
    path = write(tmp_path / "roster.csv", HEADERS, ROWS)
    assert main(["members", "import", str(path)]) == 0
    assert Member.objects.count() == 2
    assert Member.objects.get(person__name="刘芳").person_id == known.pk
