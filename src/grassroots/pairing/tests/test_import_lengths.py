"""A cell longer than the field it goes into is a row error; nothing is cut or written."""

import pytest

from grassroots.kernel.importing import ImportFailed
from grassroots.pairing.models import Agreement, PairedUnit, Pairing, Pledge
from grassroots.pairing.services.importing import HEADERS, import_pledges
from grassroots.pairing.tests.test_import import ROWS, write

pytestmark = pytest.mark.django_db


def limit(model, name):
    return model._meta.get_field(name).max_length


TEXT_COLUMNS = {
    "结对单位编码": limit(PairedUnit, "code"),
    "结对单位名称": limit(PairedUnit, "name"),
    "结对单位党组织": limit(PairedUnit, "party_organization"),
    "承诺事项": limit(Pledge, "text"),
    "责任人": limit(Pledge, "responsible"),
}


def counts():
    return [m.objects.count() for m in (PairedUnit, Pairing, Agreement, Pledge)]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_cell_longer_than_its_field_is_a_row_error_and_nothing_is_written(tree, tmp_path, column):
    n = TEXT_COLUMNS[column]
    row = list(ROWS[0])
    row[HEADERS.index(column)] = "长" * (n + 1)
    before = counts()

    with pytest.raises(ImportFailed) as failed:
        import_pledges(write(tmp_path / "p.csv", [row]))

    assert failed.value.lines() == [f"第2行 {column}: 超过{n}个字符（实为{n + 1}个）"]
    assert counts() == before


def test_cells_of_exactly_their_field_length_are_stored_whole(tree, tmp_path):
    row = list(ROWS[0])
    for column, n in TEXT_COLUMNS.items():
        row[HEADERS.index(column)] = "长" * n

    import_pledges(write(tmp_path / "p.csv", [row]))

    unit, pledge = PairedUnit.objects.get(), Pledge.objects.get()
    stored = [unit.code, unit.name, unit.party_organization, pledge.text, pledge.responsible]
    assert stored == ["长" * n for n in TEXT_COLUMNS.values()]
