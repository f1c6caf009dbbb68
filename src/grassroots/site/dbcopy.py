"""Copying a live database and back: SQLite's online backup API, and pg_dump/pg_restore.

The engines behind ``grassroots backup``/``restore`` (see backup.py): each copies one consistent
snapshot while other connections keep writing, and refuses a file that is not this system's.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Apps whose migrations mark a database as one of ours rather than any Django database.
OWN_APPS = ("org", "accounts", "audit")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is meant for the operator."""


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_backup(source_db: Path, target: Path) -> None:
    """Copy a live SQLite database to ``target`` in one step and check the copy's integrity."""
    if not Path(source_db).is_file():
        raise BackupError(f"数据库文件不存在：{source_db}（请先运行 grassroots migrate）")
    try:
        with (
            closing(sqlite3.connect(source_db, timeout=30)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            # One step (pages=-1) reads a single snapshot; WAL lets writers carry on meanwhile.
            src.backup(dst)
            # A self-contained file: no -wal/-shm companions needed to read the copy.
            dst.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite 备份失败：{exc}") from exc


def sqlite_restore(source: Path, live_db: Path) -> None:
    """Copy ``source`` into the live database page by page, so open connections see it."""
    check_sqlite_file(source)
    try:
        with (
            closing(_connect_read_only(source)) as src,
            closing(sqlite3.connect(live_db, timeout=30)) as dst,
        ):
            src.backup(dst)
            _check_integrity(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite 恢复失败：{exc}") from exc


def check_sqlite_file(path: Path) -> None:
    if not file_head(path).startswith(SQLITE_MAGIC):
        raise BackupError(f"{path} 不是 SQLite 数据库文件")
    try:
        with closing(_connect_read_only(path)) as conn:
            _check_integrity(conn)
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
            ).fetchone()
            ours = (
                has_table
                and conn.execute(
                    "SELECT 1 FROM django_migrations WHERE app IN (?, ?, ?) LIMIT 1", OWN_APPS
                ).fetchone()
            )
    except sqlite3.Error as exc:
        raise BackupError(f"{path} 不是可用的 SQLite 数据库：{exc}") from exc
    if not ours:
        raise BackupError(f"{path} 不是本系统的数据库（没有本系统的 django_migrations 记录）")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)


def _check_integrity(conn: sqlite3.Connection) -> None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        raise BackupError("数据库完整性检查未通过：" + "; ".join(map(str, rows[:5])))


# --- PostgreSQL -------------------------------------------------------------------------------


def find_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install "
            f"postgresql-client），其主版本不低于数据库服务器 / {name} not found: install "
            "postgresql-client"
        )
    return path


def _pg_env() -> dict[str, str]:
    """libpq variables for the configured database, so no password appears on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in pairs.items() if value})
    return env


def _run_pg(args: list[str], what: str) -> str:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[-2000:]}")
    return done.stdout


def pg_backup(target: Path) -> None:
    _run_pg(
        [find_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        "pg_dump 备份",
    )
    check_pg_dump(target)


def check_pg_dump(path: Path) -> None:
    if not file_head(path).startswith(PG_DUMP_MAGIC):
        raise BackupError(f"{path} 不是 pg_dump 自定义格式的备份文件")
    listing = _run_pg([find_tool("pg_restore"), "--list", str(path)], "读取备份目录")
    if not re.search(r"TABLE \S+ django_migrations ", listing):
        raise BackupError(f"{path} 不是本系统的数据库备份（没有 django_migrations 表）")


def pg_restore(source: Path) -> None:
    check_pg_dump(source)
    db_name = str(settings.DATABASES["default"]["NAME"])
    _run_pg(
        [
            find_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            # One transaction: a restore that fails half-way leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={db_name}",
            str(source),
        ],
        "pg_restore 恢复",
    )


def file_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(16)
    except OSError as exc:
        raise BackupError(f"无法读取 {path}：{exc}") from exc


def fingerprints_in(path: Path, engine: str) -> dict[str, str] | None:
    """The key fingerprints (``kernel_keycheck``) a backup holds, read without restoring it;
    None for a backup made before the database recorded them."""
    if engine == "sqlite":
        conn = _connect_read_only(path)
        try:
            return dict(conn.execute("SELECT name, fingerprint FROM kernel_keycheck").fetchall())
        except sqlite3.OperationalError:
            return None
        finally:
            conn.close()
    script = _run_pg(
        [find_tool("pg_restore"), "--data-only", "--table=kernel_keycheck", "--file=-", str(path)],
        "读取备份中的密钥指纹",
    ).splitlines()
    start = next((i for i, line in enumerate(script) if line.startswith("COPY ")), None)
    if start is None:
        return None
    columns = [c.strip() for c in script[start].split("(", 1)[1].split(")", 1)[0].split(",")]
    found = {}
    for line in script[start + 1 :]:
        if line == "\\.":
            break
        values = dict(zip(columns, line.split("\t"), strict=False))
        found[values["name"]] = values["fingerprint"]
    return found
