"""Exporting the org tree: what import reads back, in both formats, within the user's scope."""

import csv

import pytest
from openpyxl import load_workbook

from grassroots.cli import main
from grassroots.kernel.permissions import Role
from grassroots.kernel.tabular import UnsupportedFormat, read_table
from grassroots.org.exporting import export_org_tree
from grassroots.org.models import OrgNode
from grassroots.org.services import move_org_node
from grassroots.org.services.importing import import_org_tree
from grassroots.org.tests.fixtures import HEADER, SMALL_TREE, write_csv


def tree_shape():
    shape = {}
    for node in OrgNode.objects.all():
        parent = OrgNode.objects.get_parent(node)
        shape[node.code] = (node.name, node.level, parent.code if parent else None)
    return shape


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_file_imports_back_with_nothing_to_change(tree, tmp_path, suffix):
    path = tmp_path / f"tree{suffix}"

    assert export_org_tree(path) == 10
    result = import_org_tree(path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 10)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_tree_imported_then_exported_gives_the_same_tree_back(db, tmp_path, suffix):
    import_org_tree(write_csv(tmp_path / "source.csv", SMALL_TREE, encoding="gbk"))
    before = tree_shape()
    path = tmp_path / f"tree{suffix}"
    export_org_tree(path)

    table = read_table(path)

    expected = {code: (name, level, parent) for code, name, level, parent in SMALL_TREE}
    assert {row["编码"]: (row["名称"], row["层级"], row["上级编码"]) for row in table.rows} == (
        expected
    )
    assert import_org_tree(table).unchanged == 6
    assert tree_shape() == before


def test_an_exported_csv_has_a_bom_and_lists_parents_before_their_children(tree, tmp_path):
    path = tmp_path / "tree.csv"
    export_org_tree(path)

    raw = path.read_bytes()
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))

    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == HEADER
    seen = set()
    for code, _name, _level, parent in rows[1:]:
        assert not parent or parent in seen, f"{code} comes before its parent {parent}"
        seen.add(code)
    assert rows[1] == ["420606000000", "樊城区", "区县", ""]


def test_an_exported_workbook_stores_codes_as_text(tree, tmp_path):
    path = tmp_path / "tree.xlsx"
    export_org_tree(path)

    sheet = load_workbook(path).active
    first = [cell for cell in next(sheet.iter_rows(min_row=2, max_row=2))]

    assert [cell.value for cell in first] == ["420606000000", "樊城区", "区县", None]
    assert first[0].data_type == "s"
    assert first[0].number_format == "@"


def test_an_export_for_a_user_holds_only_the_nodes_they_may_see(personas, tree, tmp_path):
    path = tmp_path / "street.csv"

    count = export_org_tree(path, user=personas[Role.STREET_STAFF])

    rows = {row["编码"]: row["上级编码"] for row in read_table(path).rows}
    street_a = {n.code for n in OrgNode.objects.filter(path__within=tree.street_a.path)}
    assert count == len(street_a) == 6
    assert set(rows) == street_a
    assert rows[tree.street_a.code] == tree.district.code
    assert import_org_tree(path).unchanged == 6


def test_a_moved_community_exports_and_imports_back_where_it_now_is(tree, tmp_path):
    move_org_node(tree.community_a1, new_parent=tree.street_b)
    path = tmp_path / "tree.xlsx"
    export_org_tree(path)

    result = import_org_tree(path)

    assert (result.updated, result.unchanged) == (0, 10)
    community = OrgNode.objects.get(pk=tree.community_a1.pk)
    assert OrgNode.objects.get_parent(community) == tree.street_b


def test_exporting_to_an_unknown_file_type_is_refused(tree, tmp_path):
    with pytest.raises(UnsupportedFormat):
        export_org_tree(tmp_path / "tree.pdf")

    assert not (tmp_path / "tree.pdf").exists()


def test_the_export_command_says_where_it_wrote_and_how_many_nodes(tree, tmp_path, capsys):
    path = tmp_path / "tree.xlsx"

    status = main(["org", "export", str(path)])

    assert status == 0
    assert capsys.readouterr().out.strip() == f"已导出10个组织节点到 {path}"
    assert len(read_table(path).rows) == 10


def test_the_export_command_refuses_an_unknown_file_type_with_exit_status_1(tree, tmp_path, capsys):
    status = main(["org", "export", str(tmp_path / "tree.txt")])

    assert status == 1
    assert "不支持导出为“.txt”" in capsys.readouterr().err


def test_a_name_that_looks_like_a_formula_stays_text_in_a_workbook(tree, tmp_path):
    OrgNode.objects.filter(pk=tree.grid_b1_1.pk).update(name="=1+1网格")
    path = tmp_path / "tree.xlsx"
    export_org_tree(path)

    names = {row["编码"]: row["名称"] for row in read_table(path).rows}

    assert names[tree.grid_b1_1.code] == "=1+1网格"
    assert import_org_tree(path).unchanged == 10
