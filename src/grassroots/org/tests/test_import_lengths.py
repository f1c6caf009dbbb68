"""A cell longer than the field it goes into is a row error; nothing is cut or written."""

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.org.models import OrgNode
from grassroots.org.services.importing import import_org_tree
from grassroots.org.tests.fixtures import write_csv

pytestmark = pytest.mark.django_db

NAME_LIMIT = OrgNode._meta.get_field("name").max_length
DISTRICT = ["420606000000", "樊城区", "区县", ""]


def test_a_name_longer_than_a_node_name_is_a_row_error_and_nothing_is_written(tmp_path):
    street = ["420606001000", "街" * (NAME_LIMIT + 1), "街道乡镇", "420606000000"]
    path = write_csv(tmp_path / "tree.csv", [DISTRICT, street])

    with pytest.raises(ImportFailed) as failed:
        import_org_tree(path)

    assert failed.value.lines() == [f"第3行 名称: 超过{NAME_LIMIT}个字符（实为{NAME_LIMIT + 1}个）"]
    assert not OrgNode.objects.exists()


def test_a_code_longer_than_its_level_allows_is_a_row_error(tmp_path):
    path = write_csv(tmp_path / "tree.csv", [["4206060000001", "樊城区", "区县", ""]])

    with pytest.raises(ImportFailed) as failed:
        import_org_tree(path)

    assert failed.value.lines() == ["第2行 编码: 区县编码应为12位数字"]
    assert not OrgNode.objects.exists()


def test_a_name_of_exactly_the_limit_is_stored_whole(tmp_path):
    name = "街" * NAME_LIMIT
    street = ["420606001000", name, "街道乡镇", "420606000000"]

    import_org_tree(write_csv(tmp_path / "tree.csv", [DISTRICT, street]))

    assert OrgNode.objects.get(code="420606001000").name == name
