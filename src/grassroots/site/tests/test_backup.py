"""grassroots backup / restore: consistent copies while the database is in use, safe restores.

Each test runs on the engine of the pass: SQLite's online backup on the SQLite pass,
pg_dump/pg_restore on the PostgreSQL pass (see the ``site`` fixture in conftest.py).
"""

import json
import sqlite3
import tarfile
import threading
import time

import pytest

from grassroots.site import backup, dbcopy
from grassroots.site.tests.conftest import insert_node

MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


def _names(site):
    return sorted(r[0] for r in site.query("SELECT name FROM org_orgnode WHERE path LIKE 'Z%'"))


def _detail(value):
    return json.loads(value) if isinstance(value, str) else value


class _Writer(threading.Thread):
    """Another program writing one row at a time, committing each, until told to stop."""

    def __init__(self, site):
        super().__init__(daemon=True)
        self.site, self.committed, self.stop = site, 0, threading.Event()

    def run(self):
        conn = self.site.connect()
        try:
            while not self.stop.is_set():
                n = 1000 + self.committed
                conn.execute(
                    "INSERT INTO org_orgnode (path, depth, numchild, code, name, level, version,"
                    f" updated_at) VALUES ('Z{n:06d}', 1, 0, '9{n:011d}', '写入{n}', 'district',"
                    " 1, CURRENT_TIMESTAMP)"
                )
                conn.commit()
                self.committed += 1
                time.sleep(0.002)
        finally:
            conn.close()


def test_a_backup_taken_while_another_connection_writes_is_whole_and_holds_the_rows(site, tmp_path):
    for n in range(5):
        insert_node(site, n)
    writer = _Writer(site)
    writer.start()
    while writer.committed < 10:
        time.sleep(0.01)
    rows_before = len(_names(site))
    target = tmp_path / "copy.bak"
    done = site.grassroots("backup", str(target))
    rows_after = len(_names(site))
    writer.stop.set()
    writer.join()

    assert done.returncode == 0, done.stderr
    assert rows_after > rows_before, "the writer kept writing while the backup ran"
    assert target.read_bytes()[:16].startswith(MAGIC[site.vendor])
    rows = site.rows_in_backup(target, "org_orgnode")
    assert rows_before <= len(rows) <= rows_after
    assert all(any(f"测试区{n}" in row for row in rows) for n in range(5))
    assert "keys" in done.stderr and "--with-keys" in done.stderr
    [(detail,)] = site.query("SELECT detail FROM audit_auditevent WHERE action = 'backup'")
    assert _detail(detail)["size"] == target.stat().st_size
    assert _detail(detail)["file"] == str(target)


def test_restore_brings_back_rows_deleted_after_the_backup(site, tmp_path):
    for n in range(3):
        insert_node(site, n)
    target = tmp_path / "before.bak"
    assert site.grassroots("backup", str(target)).returncode == 0
    site.execute("DELETE FROM org_orgnode WHERE path IN ('Z000000', 'Z000002')")
    insert_node(site, 7, name="备份之后")
    assert _names(site) == ["备份之后7", "测试区1"]

    done = site.grassroots("restore", str(target), "--yes")

    assert done.returncode == 0, done.stderr
    assert _names(site) == ["测试区0", "测试区1", "测试区2"]
    assert site.query("SELECT action FROM audit_auditevent WHERE action = 'restore'")
    assert "数据库已是最新" in done.stdout


@pytest.mark.parametrize("kind", ["text", "foreign_sqlite"])
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_system(site, tmp_path, kind):
    insert_node(site, 1)
    bogus = tmp_path / "bogus.bak"
    if kind == "text":
        bogus.write_text("这不是数据库 / not a database\n")
    else:
        with sqlite3.connect(bogus) as conn:
            conn.execute("CREATE TABLE notes (body TEXT)")

    done = site.grassroots("restore", str(bogus), "--yes")

    assert done.returncode == 1
    assert "拒绝恢复" in done.stderr and str(bogus) in done.stderr
    assert "Traceback" not in done.stderr
    assert _names(site) == ["测试区1"]


def test_restore_away_from_a_terminal_demands_yes_and_changes_nothing(site, tmp_path):
    insert_node(site, 1)
    target = tmp_path / "before.bak"
    assert site.grassroots("backup", str(target)).returncode == 0
    site.execute("DELETE FROM org_orgnode WHERE path LIKE 'Z%'")

    done = site.grassroots("restore", str(target))

    assert done.returncode == 1
    assert "--yes" in done.stderr
    assert _names(site) == []


def test_a_backup_with_keys_moves_the_whole_installation_to_a_new_machine(make_site, tmp_path):
    old = make_site()
    insert_node(old, 1)
    original = {p.name: p.read_bytes() for p in (old.data / "keys").iterdir()}
    archive = tmp_path / "all.tar.gz"
    done = old.grassroots("backup", "--with-keys", str(archive))
    assert done.returncode == 0, done.stderr
    with tarfile.open(archive) as tar:
        assert {f"keys/{name}" for name in original} <= set(tar.getnames())
    assert archive.stat().st_mode & 0o077 == 0, "an archive holding keys is private"
    new = make_site(migrated=False)  # an empty data dir and an empty database

    done = new.grassroots("restore", str(archive), "--yes")

    assert done.returncode == 0, done.stderr
    keys = new.data / "keys"
    assert {name: (keys / name).read_bytes() for name in original} == original
    [kept] = keys.glob("replaced-*")
    assert {p.name for p in kept.iterdir()} == set(original), "the new machine's keys are kept"
    assert all((kept / name).read_bytes() != value for name, value in original.items())
    assert "重启" in done.stderr
    assert _names(new) == ["测试区1"]


def test_without_pg_dump_on_the_path_the_error_says_to_install_postgresql_client(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(dbcopy.BackupError, match="postgresql-client"):
        dbcopy.find_tool("pg_dump")


def test_a_backup_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(backup.BackupError, match="目标目录不存在"):
        backup.create_backup(tmp_path / "missing" / "copy.bak")
