"""A cell longer than the field it goes into is a row error; nothing is cut or written.

The link import stores no text of its own (it finds members and rooms already recorded), so
only the roster has columns to check."""

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.members.importer.roster import HEADERS, import_roster
from grassroots.members.models import Member
from grassroots.members.tests.roster_data import write
from grassroots.members.tests.test_import_roster import ROWS
from grassroots.people.models import Person

pytestmark = pytest.mark.django_db

TEXT_COLUMNS = {
    "姓名": Person._meta.get_field("name").max_length,
    "工作单位": Member._meta.get_field("work_unit").max_length,
}


def counts():
    return [Person.objects.count(), Member.objects.count()]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(tree, tmp_path, column):
    n = TEXT_COLUMNS[column]
    row = list(ROWS[1])
    row[HEADERS.index(column)] = "长" * (n + 1)
    before = counts()

    with pytest.raises(ImportFailed) as failed:
        import_roster(write(tmp_path / "roster.csv", HEADERS, [row]))

    assert failed.value.lines() == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, tmp_path):
    row = list(ROWS[1])
    for column, n in TEXT_COLUMNS.items():
        row[HEADERS.index(column)] = "长" * n

    import_roster(write(tmp_path / "roster.csv", HEADERS, [row]))

    member = Member.objects.select_related("person").get()
    assert [member.person.name, member.work_unit] == ["长" * n for n in TEXT_COLUMNS.values()]
