"""A cell longer than the field it goes into is a row error; nothing is cut or written."""

import pytest

from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.services import import_roster
from grassroots.cadres.tests.rosters import DATE_2021
from grassroots.kernel.importing import ImportFailed
from grassroots.org.models import OrgNode

pytestmark = pytest.mark.django_db

ROW = ["清河口社区", "王建国", "男", "1970-03-15", "", "高中", "书记", "主任"]
# 单位 names a community; with --create-units a new one is made under that name.
TEXT_COLUMNS = {
    "单位": (0, OrgNode._meta.get_field("name").max_length),
    "姓名": (1, CadreMember._meta.get_field("name").max_length),
}


def counts():
    return [CadreMember.objects.count(), Term.objects.count(), OrgNode.objects.count()]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(
    tree, roster_file, column
):
    position, n = TEXT_COLUMNS[column]
    row = list(ROW)
    row[position] = "长" * (n + 1)
    before = counts()

    with pytest.raises(ImportFailed) as failed:
        import_roster(
            roster_file([row]), year=2021, reference_date=DATE_2021, create_missing_units=True
        )

    assert failed.value.lines() == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, roster_file):
    unit, name = ("长" * TEXT_COLUMNS[c][1] for c in ("单位", "姓名"))
    row = [unit, name, *ROW[2:]]

    import_roster(
        roster_file([row]), year=2021, reference_date=DATE_2021, create_missing_units=True
    )

    member = CadreMember.objects.select_related("unit").get()
    assert (member.unit.name, member.name) == (unit, name)
