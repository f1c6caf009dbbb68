"""Importing a term's roster: encodings, every row error, units, ID numbers, replacement."""

import pytest
from django.db import connection

from grassroots.audit.models import Action, AuditEvent
from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.services import import_roster
from grassroots.cadres.tests.rosters import DATE_2021, ROSTER_2021
from grassroots.cadres.units import HOLDING_STREET
from grassroots.kernel.importing import ImportFailed
from grassroots.org.codes import code_problem, parent_prefix_problem
from grassroots.org.models import Level, OrgNode
from grassroots.people.tests.ids import make_id_number

pytestmark = pytest.mark.django_db

MALE_ID = make_id_number(birth="19850612", order="123")  # odd order: a man's number
BROKEN = [
    ["清河口社区", "王建国", "男", "1970-03-15", "", "高中", "书记", "主任"],
    ["不存在社区", "张三", "男", "1980-01-01", "", "本科", "委员", ""],
    ["清河口社区", "李四", "未知", "1980-01-01", "", "本科", "委员", ""],
    ["清河口社区", "王五", "男", "1980-13-01", "", "本科", "委员", ""],
    ["清河口社区", "赵六", "男", "1980-01-01", "", "博士后", "委员", ""],
    ["清河口社区", "钱七", "男", "1980-01-01", "", "本科", "", ""],
    ["清河口社区", "孙八", "女", "1985-06-12", MALE_ID, "本科", "委员", ""],
    ["清河口社区", "周九", "男", "1985-06-13", MALE_ID, "本科", "委员", ""],
]
EXPECTED_ERRORS = [
    "第3行 单位: 组织架构中没有名为“不存在社区”的社区村；请核对名称，或加 --create-units 新建",
    "第4行 性别: 无法识别“未知”，应为男或女",
    "第5行 出生日期: 无法识别“1980-13-01”，应为完整日期，如1985-06-12",
    "第6行 学历: 无法识别“博士后”，"
    "应为小学、初中、高中、中专、大专、本科、硕士研究生、博士研究生之一",
    "第7行 党组织职务: 党组织职务和村(居)委会职务都为空：两委成员至少应在一个委员会任职",
    "第8行 公民身份号码: 号码表示的性别为男，与性别“女”不一致",
    "第9行 公民身份号码: 号码中的出生日期1985-06-12与出生日期1985-06-13不一致",
]


@pytest.mark.parametrize(
    "name,encoding",
    [
        ("roster.csv", "utf-8"),
        ("roster.csv", "utf-8-sig"),
        ("roster.csv", "gbk"),
        ("roster.xlsx", None),
    ],
)
def test_a_broken_roster_in_each_encoding_lists_every_error_and_writes_nothing(
    tree, roster_file, name, encoding
):
    path = roster_file(BROKEN, name=name, **({"encoding": encoding} if encoding else {}))
    with pytest.raises(ImportFailed) as failure:
        import_roster(path, year=2021, reference_date=DATE_2021)
    assert failure.value.lines() == EXPECTED_ERRORS
    assert not CadreMember.objects.exists() and not Term.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_clean_csv_in_each_encoding_imports_with_its_chinese_intact(tree, roster_file, encoding):
    result = import_roster(
        roster_file(ROSTER_2021, encoding=encoding), year=2021, reference_date=DATE_2021
    )
    assert result.members == 9
    assert set(CadreMember.objects.values_list("name", flat=True)) >= {"王建国", "赵丽"}
    assert CadreMember.objects.get(name="赵丽").get_education_display() == "硕士研究生"


def test_the_id_number_column_may_be_left_out_entirely(tree, roster_file):
    headers = ["单位", "姓名", "性别", "出生日期", "学历", "党组织职务", "村(居)委会职务"]
    rows = [[r[0], r[1], r[2], r[3], r[5], r[6], r[7]] for r in ROSTER_2021]
    result = import_roster(roster_file(rows, headers=headers), year=2021, reference_date=DATE_2021)
    assert result.members == 9


def test_a_missing_required_header_is_named(tree, roster_file):
    headers = ["单位", "姓名", "出生日期", "学历", "党组织职务", "村(居)委会职务"]
    with pytest.raises(ImportFailed) as failure:
        import_roster(
            roster_file(
                [["清河口社区", "王建国", "1970-03-15", "高中", "书记", ""]], headers=headers
            ),
            year=2021,
            reference_date=DATE_2021,
        )
    assert failure.value.lines()[0].startswith("第1行 表头: 缺少必需的列：性别")


def test_a_name_shared_by_two_communities_is_an_error_naming_both(tree, roster_file):
    twin = OrgNode.objects.add_child(
        OrgNode.objects.get(pk=tree.street_b.pk),
        {"code": "420606002002", "name": "清河口社区", "level": Level.COMMUNITY},
    )
    with pytest.raises(ImportFailed) as failure:
        import_roster(roster_file(ROSTER_2021[:1]), year=2021, reference_date=DATE_2021)
    [line] = failure.value.lines()
    assert line.startswith("第2行 单位: 有2个社区村都叫“清河口社区”")
    assert "420606001001，汉江街道" in line and f"{twin.code}，王寨街道" in line


def test_create_units_puts_missing_units_under_one_holding_street_with_valid_codes(
    tree, roster_file
):
    rows = [
        ["东风村", "张一", "男", "1970-05-01", "", "高中", "书记", "主任"],
        ["西河社区", "李二", "女", "1980-05-01", "", "本科", "书记", ""],
        ["西河社区", "赵三", "男", "1982-05-01", "", "本科", "", "主任"],
    ]
    result = import_roster(
        roster_file(rows), year=2021, reference_date=DATE_2021, create_missing_units=True
    )
    assert result.units_created == ["东风村", "西河社区"]
    street = OrgNode.objects.get(name=HOLDING_STREET)
    assert street.code == "420606003000" and OrgNode.objects.get_parent(street) == tree.district
    for name in ("东风村", "西河社区"):
        node = OrgNode.objects.get(name=name)
        assert node.level == Level.COMMUNITY
        assert OrgNode.objects.get_parent(node) == street
        assert code_problem(node.code, Level.COMMUNITY) is None
        assert parent_prefix_problem(node.code, street.code, Level.STREET) is None
    assert sorted(
        OrgNode.objects.filter(name__in=["东风村", "西河社区"]).values_list("code", flat=True)
    ) == ["420606003001", "420606003002"]


def test_create_units_on_an_empty_system_starts_from_a_placeholder_district(db, roster_file):
    rows = [["东风村", "张一", "男", "1970-05-01", "", "高中", "书记", "主任"]]
    import_roster(roster_file(rows), year=2021, reference_date=DATE_2021, create_missing_units=True)
    node = OrgNode.objects.get(name="东风村")
    assert node.code == "000000001001"
    assert OrgNode.objects.get(depth=1).code == "000000000000"


def test_an_id_number_is_checked_stored_encrypted_and_shown_masked(tree, roster_file):
    number = make_id_number(birth="19700315", order="135")
    rows = [["清河口社区", "王建国", "男", "1970-03-15", number, "高中", "书记", "主任"]]
    import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    member = CadreMember.objects.get()
    assert member.id_number == number
    assert member.masked_id_number == number[:3] + "*" * 11 + number[-4:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_index FROM cadres_cadremember")
        stored, index = cursor.fetchone()
    assert number not in stored and index and number not in index


def test_a_bad_check_character_is_a_row_error(tree, roster_file):
    number = make_id_number(birth="19700315", order="135")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    rows = [["清河口社区", "王建国", "男", "1970-03-15", wrong, "高中", "书记", "主任"]]
    with pytest.raises(ImportFailed) as failure:
        import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    assert failure.value.lines() == ["第2行 公民身份号码: 公民身份号码校验位不正确，请逐位核对"]


def test_one_id_number_in_two_units_is_refused(tree, roster_file):
    number = make_id_number(birth="19700315", order="135")
    rows = [
        ["清河口社区", "王建国", "男", "1970-03-15", number, "高中", "书记", "主任"],
        ["春园社区", "王建国", "男", "1970-03-15", number, "高中", "书记", "主任"],
    ]
    with pytest.raises(ImportFailed) as failure:
        import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    assert failure.value.lines()[0].startswith("第3行 公民身份号码: 与第2行（清河口社区 王建国）")


def test_a_member_younger_than_18_on_the_reference_date_is_refused(tree, roster_file):
    rows = [["清河口社区", "王小", "男", "2003-11-01", "", "高中", "委员", ""]]
    with pytest.raises(ImportFailed) as failure:
        import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    assert failure.value.lines() == ["第2行 出生日期: 按统计基准日2021-10-31计算未满18周岁，请核对"]


def test_posts_typed_with_their_committee_prefix_are_understood(tree, roster_file):
    rows = [["清河口社区", "王建国", "男", "1970-03-15", "", "大学本科", "党委书记", "居委会主任"]]
    import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    member = CadreMember.objects.get()
    assert (member.party_post, member.committee_post, member.education) == (
        "secretary",
        "director",
        "bachelor",
    )


def test_reimporting_a_term_replaces_its_roster_and_a_broken_file_keeps_the_old_one(
    tree, roster_file
):
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    with pytest.raises(ImportFailed):
        import_roster(roster_file(BROKEN), year=2021, reference_date=DATE_2021)
    assert CadreMember.objects.count() == 9
    result = import_roster(roster_file(ROSTER_2021[:2]), year=2021, reference_date=DATE_2021)
    assert (result.members, result.replaced) == (2, 9)
    assert sorted(CadreMember.objects.values_list("name", flat=True)) == ["刘芳", "王建国"]
    assert Term.objects.get().version == 3
    events = AuditEvent.objects.filter(action=Action.CADRE_ROSTER_IMPORTED)
    assert [e.detail["members"] for e in events.order_by("pk")] == [9, 2]


def test_the_command_exits_1_and_prints_every_error(tree, roster_file, capsys):
    from grassroots.cli import main

    status = main(
        [
            "cadres",
            "import",
            str(roster_file(BROKEN, encoding="gbk")),
            "--term",
            "2021",
            "--date",
            "2021-10-31",
        ]
    )
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert err == [*EXPECTED_ERRORS, f"导入失败，共{len(EXPECTED_ERRORS)}处错误，未写入任何数据。"]
    assert not CadreMember.objects.exists()


def test_specific_titles_name_their_post_and_a_post_of_the_wrong_committee_is_refused(
    tree, roster_file
):
    rows = [
        ["清河口社区", "王建国", "男", "1970-03-15", "", "高中", "组织委员", "村(居)委会副主任"],
        ["清河口社区", "刘芳", "女", "1986-10-31", "", "本科", "党支部副书记", "无"],
        ["清河口社区", "陈明", "男", "1986-11-01", "", "大专", "主任", ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    assert failure.value.lines() == [
        "第4行 党组织职务: 无法识别“主任”，应为书记、副书记、委员之一，或留空"
    ]
    import_roster(roster_file(rows[:2]), year=2021, reference_date=DATE_2021)
    posts = dict((m.name, (m.party_post, m.committee_post)) for m in CadreMember.objects.all())
    assert posts == {"王建国": ("member", "deputy_director"), "刘芳": ("deputy_secretary", "")}


def test_under_names_the_street_that_takes_new_units(tree, roster_file):
    rows = [["东风村", "张一", "男", "1970-05-01", "", "高中", "书记", "主任"]]
    import_roster(
        roster_file(rows),
        year=2021,
        reference_date=DATE_2021,
        create_missing_units=True,
        under=tree.street_b.code,
    )
    node = OrgNode.objects.get(name="东风村")
    assert node.code == "420606002002" and OrgNode.objects.get_parent(node) == tree.street_b
    assert not OrgNode.objects.filter(name=HOLDING_STREET).exists()


def test_several_districts_without_under_is_a_clear_error(tree, roster_file):
    OrgNode.objects.add_root({"code": "420607000000", "name": "襄州区", "level": Level.DISTRICT})
    rows = [["东风村", "张一", "男", "1970-05-01", "", "高中", "书记", "主任"]]
    with pytest.raises(ImportFailed) as failure:
        import_roster(
            roster_file(rows), year=2021, reference_date=DATE_2021, create_missing_units=True
        )
    assert "请用 --under 指定" in failure.value.message
    assert not CadreMember.objects.exists() and not OrgNode.objects.filter(name="东风村")
