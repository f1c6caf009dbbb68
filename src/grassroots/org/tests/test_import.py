"""Importing the org tree from xlsx and CSV: reading, every row error, idempotence, moves."""

import pytest
from openpyxl import Workbook

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main
from grassroots.kernel.importing import ImportFailed, RowError
from grassroots.kernel.tabular import cell_text, read_table
from grassroots.org.models import OrgNode
from grassroots.org.services import move_org_node
from grassroots.org.services.importing import import_org_tree
from grassroots.org.tests.fixtures import HEADER, SMALL_TREE, write_csv, write_xlsx
from grassroots.people.models import Person

pytestmark = pytest.mark.django_db

DISTRICT = ["420606000000", "樊城区", "区县", ""]
STREET = ["420606001000", "汉江街道", "街道乡镇", "420606000000"]
COMMUNITY = ["420606001001", "清河口社区", "社区村", "420606001000"]


def failure_lines(path):
    with pytest.raises(ImportFailed) as caught:
        import_org_tree(path)
    return caught.value.lines()


def parent_code(node):
    parent = OrgNode.objects.get_parent(node)
    return parent.code if parent else None


def tree_shape():
    return {node.code: (node.name, node.level, parent_code(node)) for node in OrgNode.objects.all()}


# Reading files ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_a_csv_in_each_encoding_imports_with_its_chinese_intact(tmp_path, encoding):
    rows = [list(row) for row in SMALL_TREE]
    if encoding == "gb18030":
        rows[0][1] = "㙟园第一网格"  # only GB18030, not GBK, can spell this one
    path = write_csv(tmp_path / "tree.csv", rows, encoding=encoding)

    result = import_org_tree(path)

    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert OrgNode.objects.get(code="420606001001").name == "清河口社区"
    assert OrgNode.objects.get(code="420606001001001").name == rows[0][1]


def test_numeric_code_cells_in_a_workbook_come_back_as_the_digits(tmp_path):
    rows = [
        [int(code), name, level, int(parent) if parent else None]
        for code, name, level, parent in SMALL_TREE
    ]
    path = write_xlsx(tmp_path / "tree.xlsx", rows)

    result = import_org_tree(path)

    assert result.created == 6
    grid = OrgNode.objects.get(code="420606001001001")
    assert parent_code(grid) == "420606001001"


def test_a_spreadsheet_number_is_read_as_plain_digits_never_scientific_notation():
    assert cell_text(420606000000.0) == "420606000000"
    assert cell_text(420606001001001.0) == "420606001001001"
    assert cell_text(1.5) == "1.5"
    assert cell_text(1e-7) == "0.0000001"
    assert cell_text('="420606000000"') == "420606000000"


def test_headers_may_come_in_any_order_padded_and_with_a_remarks_column(tmp_path):
    header = ["备注", " 上级编码 ", "名称", "\ufeff编码", "层 级"]
    rows = [
        ["", "", "樊城区", "420606000000", "区县"],
        ["新设", "420606000000", "汉江街道", "420606001000", "街道乡镇"],
    ]
    path = write_csv(tmp_path / "tree.csv", rows, header=header)

    assert import_org_tree(path).created == 2
    assert tree_shape()["420606001000"] == ("汉江街道", "street", "420606000000")


def test_blank_rows_are_skipped_and_rows_keep_the_number_a_spreadsheet_shows(tmp_path):
    path = tmp_path / "tree.csv"
    path.write_text(
        "编码,名称,层级,上级编码\n420606000000,樊城区,区县,\n\n,,,\n"
        "420606001000,,街道乡镇,420606000000\n",
        encoding="utf-8",
    )

    assert failure_lines(path) == ["第5行 名称: 不能为空"]


def test_a_missing_header_is_one_error_naming_it(tmp_path):
    path = write_csv(tmp_path / "tree.csv", [DISTRICT[:3]], header=["编码", "名称", "级别"])

    assert failure_lines(path) == [
        "第1行 表头: 缺少必需的列：层级、上级编码（表头应包含 编码,名称,层级,上级编码）",
        "第1行 级别: 未知列，是否应为 层级？",
    ]


def test_an_unknown_column_is_an_error_naming_the_closest_expected_header(tmp_path):
    header = ["编码", "名称", "层级", "上级编码", "负责人"]
    path = write_csv(tmp_path / "tree.csv", [[*DISTRICT, "张三"]], header=header)

    assert failure_lines(path) == ["第1行 负责人: 未知列（可用的列：编码,名称,层级,上级编码）"]


def test_a_file_with_only_the_header_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "tree.csv", [])

    assert failure_lines(path) == ["文件tree.csv除表头外没有数据行"]


def test_an_unknown_file_type_is_a_clear_chinese_error(tmp_path):
    path = tmp_path / "tree.docx"
    path.write_bytes(b"whatever")

    assert failure_lines(path) == ["不支持的文件类型“.docx”：请使用 .xlsx 或 .csv 文件"]


def test_a_file_that_is_not_really_a_workbook_is_a_clear_chinese_error(tmp_path):
    path = tmp_path / "tree.xlsx"
    path.write_bytes(b"this is not a zip file at all")

    assert failure_lines(path) == ["无法读取tree.xlsx：文件已损坏，或不是 Excel 工作簿"]


def test_a_missing_file_is_a_clear_chinese_error(tmp_path):
    assert failure_lines(tmp_path / "nowhere.csv") == [f"找不到文件：{tmp_path / 'nowhere.csv'}"]


def test_rows_of_a_workbook_keep_their_numbers_below_leading_blank_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for column, value in enumerate(HEADER, start=1):
        sheet.cell(row=2, column=column, value=value)
    for column, value in enumerate(DISTRICT, start=1):
        sheet.cell(row=4, column=column, value=value or None)
    workbook.save(tmp_path / "tree.xlsx")

    table = read_table(tmp_path / "tree.xlsx")

    assert table.header_row == 2
    assert [(row.number, row["编码"], row["名称"]) for row in table.rows] == [
        (4, "420606000000", "樊城区")
    ]


# Row errors ---------------------------------------------------------------------------------

ROW_ERRORS = {
    "code format by level": (
        [DISTRICT, ["420606001", "汉江街道", "街道乡镇", "420606000000"]],
        ["第3行 编码: 街道乡镇编码应为12位数字"],
    ),
    "code prefix contradicts the parent": (
        [DISTRICT, ["420607001000", "汉江街道", "街道乡镇", "420606000000"]],
        ["第3行 编码: 与上级编码420606000000不符，应以420606开头"],
    ),
    "unknown parent": (
        [DISTRICT, ["420606001000", "汉江街道", "街道乡镇", "420606009000"]],
        ["第3行 上级编码: 上级编码420606009000既不在本文件中，也不在系统中"],
    ),
    "duplicate code": (
        [DISTRICT, STREET, ["420606001000", "鼓楼街道", "街道乡镇", "420606000000"]],
        ["第4行 编码: 编码420606001000与第3行重复"],
    ),
    "two rows each other's parent": (
        [DISTRICT, ["420606001000", "汉江街道", "街道乡镇", "420606001001"], COMMUNITY],
        [
            "第3行 上级编码: 上级关系形成循环：420606001000 → 420606001001 → 420606001000",
            "第4行 上级编码: 上级关系形成循环：420606001001 → 420606001000 → 420606001001",
        ],
    ),
    "own code as parent": (
        [DISTRICT, ["420606001000", "汉江街道", "街道乡镇", "420606001000"]],
        ["第3行 上级编码: 不能是本行自己的编码"],
    ),
    "unknown level": (
        [DISTRICT, ["420606001000", "汉江街道", "镇", "420606000000"]],
        ["第3行 层级: 无法识别“镇”，应为区县、街道乡镇、社区村、网格之一"],
    ),
    "empty level": (
        [DISTRICT, ["420606001000", "汉江街道", "", "420606000000"]],
        ["第3行 层级: 不能为空"],
    ),
    "a grid directly under a street": (
        [DISTRICT, STREET, ["420606001000001", "第一网格", "网格", "420606001000"]],
        ["第4行 上级编码: 网格的上级应为社区村，而420606001000是街道乡镇"],
    ),
    "empty name": (
        [DISTRICT, ["420606001000", " ", "街道乡镇", "420606000000"]],
        ["第3行 名称: 不能为空"],
    ),
    "empty code": (
        [DISTRICT, ["", "汉江街道", "街道乡镇", "420606000000"]],
        ["第3行 编码: 不能为空"],
    ),
    "a root that is not a district": (
        [["420606001000", "汉江街道", "街道乡镇", ""]],
        ["第2行 上级编码: 不能为空：只有区县可以没有上级"],
    ),
    "a district with a parent": (
        [DISTRICT, ["420607000000", "襄城区", "区县", "420606000000"]],
        ["第3行 上级编码: 区县是最高层级，不能有上级，此列应留空"],
    ),
    "a code Excel turned into scientific notation": (
        [DISTRICT, ["4.20606E+11", "汉江街道", "街道乡镇", "420606000000"]],
        [
            "第3行 编码: “4.20606E+11”是被表格软件改成科学计数法的编码，原编码已丢失；"
            "请把该列设为文本格式后重新填写完整编码"
        ],
    ),
}


@pytest.mark.parametrize("rows, expected", ROW_ERRORS.values(), ids=ROW_ERRORS.keys())
def test_a_broken_row_is_reported_as_row_column_reason_and_nothing_is_written(
    tmp_path, rows, expected
):
    path = write_csv(tmp_path / "tree.csv", rows)

    assert failure_lines(path) == expected
    assert not OrgNode.objects.exists()


def test_putting_a_street_under_its_own_community_is_a_cycle(tree, tmp_path):
    path = write_csv(
        tmp_path / "tree.csv",
        [[tree.street_a.code, tree.street_a.name, "街道乡镇", tree.community_a1.code]],
    )

    assert failure_lines(path) == [
        "第2行 上级编码: 上级关系形成循环：420606001000 → 420606001001 → 420606001000"
    ]


def test_every_error_in_the_file_is_reported_not_only_the_first(tmp_path):
    rows = [
        DISTRICT,
        ["420606001000", "", "街道乡镇", "420606000000"],
        ["420606001001", "清河口社区", "小区", "420606001000"],
        ["420606001002", "前进社区", "社区村", "420606001999"],
    ]
    path = write_csv(tmp_path / "tree.csv", rows)

    with pytest.raises(ImportFailed) as caught:
        import_org_tree(path)

    assert caught.value.errors == [
        RowError(3, "名称", "不能为空"),
        RowError(4, "层级", "无法识别“小区”，应为区县、街道乡镇、社区村、网格之一"),
        RowError(5, "上级编码", "上级编码420606001999既不在本文件中，也不在系统中"),
    ]


def test_a_row_error_reads_row_column_and_reason():
    assert str(RowError(7, "编码", "不能为空")) == "第7行 编码: 不能为空"


# Writing ------------------------------------------------------------------------------------


def test_parents_listed_after_their_children_are_created_first(tmp_path):
    path = write_csv(tmp_path / "tree.csv", SMALL_TREE)

    import_org_tree(path)

    assert tree_shape() == {
        code: (name, level, parent or None)
        for code, name, level, parent in [
            ["420606000000", "樊城区", "district", ""],
            ["420606001000", "汉江街道", "street", "420606000000"],
            ["420606002000", "王寨街道", "street", "420606000000"],
            ["420606001001", "清河口社区", "community", "420606001000"],
            ["420606002001", "春园社区", "community", "420606002000"],
            ["420606001001001", "清河口第一网格", "grid", "420606001001"],
        ]
    }
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])


def test_a_parent_may_already_be_in_the_system_instead_of_the_file(tree, tmp_path):
    path = write_csv(
        tmp_path / "grids.csv", [["420606001001003", "清河口第三网格", "网格", "420606001001"]]
    )

    assert import_org_tree(path).created == 1
    community = OrgNode.objects.get(pk=tree.community_a1.pk)
    assert OrgNode.objects.get_children(community).count() == 3


def test_new_children_that_sort_before_existing_ones_keep_the_tree_in_code_order(tmp_path):
    write_csv(
        tmp_path / "first.csv",
        [
            DISTRICT,
            STREET,
            ["420606001005", "五号社区", "社区村", "420606001000"],
            ["420606001007", "七号社区", "社区村", "420606001000"],
        ],
    )
    import_org_tree(tmp_path / "first.csv")
    write_csv(
        tmp_path / "second.csv",
        [
            ["420606001003001", "三号第一网格", "网格", "420606001003"],
            ["420606001003", "三号社区", "社区村", "420606001000"],
            ["420606001006", "六号社区", "社区村", "420606001000"],
            ["420606001007001", "七号第一网格", "网格", "420606001007"],
        ],
    )

    assert import_org_tree(tmp_path / "second.csv").created == 4

    codes = list(OrgNode.objects.order_by("path").values_list("code", flat=True))
    assert codes == sorted(codes)
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])
    street = OrgNode.objects.get(code="420606001000")
    children = OrgNode.objects.get_children(street)
    assert [n.code[-3:] for n in children] == ["003", "005", "006", "007"]
    assert parent_code(OrgNode.objects.get(code="420606001003001")) == "420606001003"


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "tree.csv", SMALL_TREE)
    import_org_tree(path)
    before = list(OrgNode.objects.values_list("code", "path", "version", "updated_at"))
    changes = AuditEvent.objects.filter(action=Action.ORG_NODE_CHANGED).count()

    result = import_org_tree(path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(OrgNode.objects.values_list("code", "path", "version", "updated_at")) == before
    assert AuditEvent.objects.filter(action=Action.ORG_NODE_CHANGED).count() == changes


def test_each_import_writes_one_audit_record_with_its_counts(tmp_path):
    path = write_csv(tmp_path / "tree.csv", SMALL_TREE)

    import_org_tree(path)

    imported = AuditEvent.objects.get(action=Action.ORG_IMPORTED)
    assert imported.target == "tree.csv"
    assert (imported.detail["created"], imported.detail["updated"]) == (6, 0)
    assert AuditEvent.objects.filter(action=Action.ORG_NODE_CHANGED).count() == 6


def test_an_edited_file_renames_and_moves_nodes_and_their_people_go_with_them(tree, tmp_path):
    # A community misplaced under the wrong street; the district's file puts it back.
    move_org_node(tree.community_a1, new_parent=tree.street_b)
    rows = [
        [n.code, n.name, n.get_level_display(), parent_code(n) or ""] for n in OrgNode.objects.all()
    ]
    for row in rows:
        if row[0] == tree.community_a1.code:
            row[3] = tree.street_a.code
        if row[0] == tree.grid_a1_1.code:
            row[1] = "清河口一网格"
    path = write_csv(tmp_path / "tree.csv", rows)

    result = import_org_tree(path)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 8)
    grid = OrgNode.objects.get(pk=tree.grid_a1_1.pk)
    assert grid.name == "清河口一网格"
    assert parent_code(OrgNode.objects.get_parent(grid)) == tree.street_a.code
    person = Person.objects.get(pk=tree.people["grid_a1_1"].pk)
    assert person.org_node == grid
    assert (
        Person.objects.filter(org_node__path__within=tree.street_a.path)
        .filter(pk=person.pk)
        .exists()
    )
    changes = AuditEvent.objects.filter(action=Action.ORG_NODE_CHANGED)
    assert {e.detail["change"] for e in changes} == {"moved", "renamed"}


def test_a_move_that_contradicts_the_code_is_refused(tree, tmp_path):
    path = write_csv(
        tmp_path / "tree.csv",
        [[tree.community_a1.code, tree.community_a1.name, "社区村", tree.street_b.code]],
    )

    assert failure_lines(path) == ["第2行 编码: 与上级编码420606002000不符，应以420606002开头"]
    assert parent_code(OrgNode.objects.get(pk=tree.community_a1.pk)) == tree.street_a.code


def test_nothing_is_written_when_one_row_of_many_is_broken(tree, tmp_path):
    path = write_csv(
        tmp_path / "tree.csv",
        [
            [tree.street_a.code, "新名字街道", "街道乡镇", tree.district.code],
            ["420606001001009", "新网格", "网格", "420606001001"],
            ["420606001001010", "坏网格", "网格", "420606001999"],
        ],
    )
    before = tree_shape()

    with pytest.raises(ImportFailed):
        import_org_tree(path)

    assert tree_shape() == before
    assert not AuditEvent.objects.filter(action__startswith="org_").exists()


def test_a_progress_callback_sees_every_node_written(tmp_path):
    path = write_csv(tmp_path / "tree.csv", SMALL_TREE)
    seen = []

    import_org_tree(path, progress=lambda done, total: seen.append((done, total)))

    assert seen[-1] == (6, 6)


# Command line -------------------------------------------------------------------------------


def test_the_import_command_prints_every_error_line_and_exits_1(tmp_path, capsys):
    path = write_csv(
        tmp_path / "tree.csv",
        [
            DISTRICT,
            ["420606001000", "汉江街道", "镇", "420606000000"],
            ["420606001001", "清河口社区", "社区村", "420606001999"],
        ],
        encoding="gbk",
    )

    status = main(["org", "import", str(path)])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.splitlines()[:2] == [
        "第3行 层级: 无法识别“镇”，应为区县、街道乡镇、社区村、网格之一",
        "第4行 上级编码: 上级编码420606001999既不在本文件中，也不在系统中",
    ]
    assert "未写入任何数据" in captured.err
    assert not OrgNode.objects.exists()


def test_the_import_command_prints_a_chinese_summary(tmp_path, capsys):
    path = write_csv(tmp_path / "tree.csv", SMALL_TREE)
    main(["org", "import", str(path)])
    capsys.readouterr()

    status = main(["org", "import", str(path)])

    assert status == 0
    assert "新增0 更新0 未变6" in capsys.readouterr().out


def test_the_import_command_reports_an_unreadable_file_without_a_traceback(tmp_path, capsys):
    status = main(["org", "import", str(tmp_path / "tree.pdf")])

    captured = capsys.readouterr()
    assert status == 1
    assert "不支持的文件类型“.pdf”" in captured.err
    assert "Traceback" not in captured.err
