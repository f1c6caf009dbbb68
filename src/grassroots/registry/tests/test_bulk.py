"""Bulk writing: the indexes of an empty registry are rebuilt after an import, or kept."""

import pytest
from django.db import connection

from grassroots.core.importing import ImportFailed
from grassroots.registry.importing import import_registry
from grassroots.registry.tests.test_import import LI, TODAY, WANG, _csv, _row

pytestmark = pytest.mark.django_db
TABLES = ("registry_resident", "registry_residence", "registry_registrychange")


def _indexes():
    with connection.cursor() as cursor:
        return {table: {name for name, constraint in
                        connection.introspection.get_constraints(cursor, table).items()
                        if constraint["index"]} for table in TABLES}


def test_an_import_into_an_empty_registry_leaves_every_index_in_place(tree, tmp_path):
    before = _indexes()
    import_registry(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]), today=TODAY)
    assert _indexes() == before
    assert all(before[table] for table in TABLES)


def test_a_failed_or_dry_run_import_keeps_every_index(tree, tmp_path):
    before = _indexes()
    with pytest.raises(ImportFailed):
        import_registry(_csv(tmp_path, [_row(姓名="错号", 公民身份号码=LI[:-1] + "0")]),
                        today=TODAY)
    import_registry(_csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)], name="b.csv"),
                    today=TODAY, dry_run=True)
    assert _indexes() == before
