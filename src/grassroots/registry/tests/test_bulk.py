"""Bulk writing: the indexes of an empty registry are rebuilt after an import, or kept."""

import pytest
from django.db import IntegrityError, connection

from grassroots.kernel.importing import ImportFailed
from grassroots.registry.importer import import_registry
from grassroots.registry.importer.plan import P_INDEX, RowPlanner
from grassroots.registry.importer.writer import ChunkWriter
from grassroots.registry.models import Resident
from grassroots.registry.tests.test_import import LI, TODAY, WANG, _csv, _row

pytestmark = pytest.mark.django_db
TABLES = (
    "registry_resident",
    "registry_residence",
    "registry_registrychange",
    "registry_room",
    "registry_household",
)


def _indexes():
    with connection.cursor() as cursor:
        return {
            table: {
                name
                for name, constraint in connection.introspection.get_constraints(
                    cursor, table
                ).items()
                if constraint["index"]
            }
            for table in TABLES
        }


def test_an_import_into_an_empty_registry_leaves_every_index_in_place(tree, tmp_path):
    before = _indexes()
    import_registry(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]), today=TODAY)
    assert _indexes() == before
    assert all(before[table] for table in TABLES)


def test_a_failed_or_dry_run_import_keeps_every_index(tree, tmp_path):
    before = _indexes()
    with pytest.raises(ImportFailed):
        import_registry(
            _csv(tmp_path, [_row(姓名="错号", 公民身份号码=LI[:-1] + "0")]), today=TODAY
        )
    import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)], name="b.csv"),
        today=TODAY,
        dry_run=True,
    )
    assert _indexes() == before


def test_a_document_that_slipped_past_the_planner_twice_is_still_refused(
    tree, tmp_path, monkeypatch
):
    # Were the planner ever to let a document through twice, the unique index refuses it
    # (on SQLite it is built at the end of an import into an empty registry), and nothing of
    # the import remains.
    monkeypatch.setattr(
        RowPlanner,
        "_check_against_file",
        lambda self, number, room, use, person, problems: person[P_INDEX] if person else None,
    )
    rows = [
        _row(姓名="王小明", 公民身份号码=WANG),
        _row(房号="503", 姓名="王二", 公民身份号码=WANG),
    ]
    with pytest.raises(IntegrityError):
        import_registry(_csv(tmp_path, rows), today=TODAY)
    assert not Resident.objects.exists()
    assert _indexes()["registry_resident"]


def _foreign_keys_checked():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


def test_an_import_skips_foreign_key_look_ups_yet_leaves_every_reference_sound(
    real_transactions, tree, tmp_path, monkeypatch
):
    during = []
    write = ChunkWriter.write

    def watched(self, planned):
        if connection.vendor == "sqlite":
            during.append(_foreign_keys_checked())
        write(self, planned)

    monkeypatch.setattr(ChunkWriter, "write", watched)
    rows = [
        _row(姓名="王小明", 公民身份号码=WANG),
        _row(姓名="李娟", 公民身份号码=LI),
        _row(房号="503", 房屋用途="空置"),
    ]
    import_registry(_csv(tmp_path, rows), today=TODAY)
    assert Resident.objects.count() == 2
    connection.check_constraints(table_names=TABLES)  # IntegrityError on any dangling id
    if connection.vendor == "sqlite":
        assert during == [False]  # the import's own rows went in unchecked
        assert _foreign_keys_checked()  # and the connection checks again afterwards
