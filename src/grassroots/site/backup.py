"""Backup and restore of the live database (备份与恢复), safe while the server is running.

SQLite is copied with its online backup API, which reads one consistent snapshot while other
connections keep writing; PostgreSQL goes through ``pg_dump``/``pg_restore``. The secret keys in
``DATA/keys`` are not in the database: a plain backup is the database alone (so backups can be
kept off-site without the keys that decrypt them), while ``with_keys=True`` writes a ``.tar.gz``
holding the database copy and the keys, for moving the whole installation to a new machine.
"""

from __future__ import annotations

import getpass
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connections

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.keys import DATA_KEYS, check_of, mismatch_message
from grassroots.site.dbcopy import (
    PG_DUMP_MAGIC,
    SQLITE_MAGIC,
    BackupError,
    check_pg_dump,
    check_sqlite_file,
    file_head,
    fingerprints_in,
    pg_backup,
    pg_restore,
    sqlite_backup,
    sqlite_restore,
)

GZIP_MAGIC = b"\x1f\x8b"
ARCHIVE_FORMAT = 1
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
KEY_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    engine: str
    with_keys: bool


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    engine: str
    keys_replaced: bool
    old_keys_dir: Path | None = None


def current_engine() -> str:
    vendor = connections["default"].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持备份该数据库类型：{vendor}")
    return vendor


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


# --- the two domain actions -------------------------------------------------------------------


def create_backup(target: Path, *, with_keys: bool = False) -> BackupResult:
    """Write a consistent copy of the live database (and the keys if asked) to ``target``."""
    target = Path(target).resolve()
    if not target.parent.is_dir():
        raise BackupError(f"目标目录不存在：{target.parent}")
    engine = current_engine()
    if _is_live_database(target):
        raise BackupError(f"{target} 是正在使用的数据库文件，请换一个备份文件名")
    with _partial_file(target) as partial:
        if with_keys:
            _write_archive(partial, engine)
        else:
            _dump_database(engine, partial)
        size = partial.stat().st_size
        # Recorded before the file takes its name: a backup the audit log cannot record is
        # not left behind either.
        record(
            Action.BACKUP,
            target=str(target),
            file=str(target),
            size=size,
            engine=engine,
            with_keys=with_keys,
            via="cli",
            os_user=_os_user(),
        )
    return BackupResult(path=target, size=size, engine=engine, with_keys=with_keys)


def check_backup_file(source: Path) -> None:
    """Refuse, with a clear reason, any file that is not a backup of this system's database."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    engine = current_engine()
    if _is_live_database(source):
        raise BackupError(f"{source} 是正在使用的数据库文件本身，不是备份")
    head = file_head(source)
    if head.startswith(GZIP_MAGIC):
        with _unpacked_archive(source, engine) as (database, keys):
            _check_database_file(database, engine)
            _check_keys_fit(database, engine, keys)
    else:
        _check_database_file(source, engine)
        _check_keys_fit(source, engine, None)


def _check_keys_fit(database: Path, engine: str, archived: dict[str, bytes] | None) -> None:
    """Refuse, before anything is replaced, a backup whose data was written with other keys
    than those it would run with: the archive's own keys, or else those in keys/ now."""
    recorded = fingerprints_in(database, engine)
    if not recorded:
        return  # made before fingerprints: migrate probes the data once it is in place
    wrong = []
    for name, setting in DATA_KEYS.items():
        if name not in recorded:
            continue
        if archived is not None and name in archived:
            key = bytes.fromhex(archived[name].decode().strip())
        else:
            key = getattr(settings, setting)
        if check_of(key) != recorded[name]:
            wrong.append(name)
    if wrong:
        raise BackupError(mismatch_message(wrong))


def restore_backup(source: Path) -> RestoreResult:
    """Replace the live database by the backup in ``source``; then the caller runs migrate.

    An archive made with keys also puts its keys back; the keys they replace are kept in
    ``keys/replaced-TIMESTAMP/``. Nothing is changed when the file is refused.
    """
    source = Path(source).resolve()
    check_backup_file(source)
    engine = current_engine()
    connections.close_all()
    if file_head(source).startswith(GZIP_MAGIC):
        with _unpacked_archive(source, engine) as (database, keys):
            _load_database(engine, database)
            old_keys_dir = _install_keys(keys)
    else:
        _load_database(engine, source)
        old_keys_dir = None
    return RestoreResult(
        path=source,
        engine=engine,
        keys_replaced=old_keys_dir is not None,
        old_keys_dir=old_keys_dir,
    )


def record_restore(result: RestoreResult) -> None:
    """Write the audit record into the restored database, once it is migrated."""
    record(
        Action.RESTORE,
        target=str(result.path),
        file=str(result.path),
        engine=result.engine,
        keys_replaced=result.keys_replaced,
        via="cli",
        os_user=_os_user(),
    )


# --- engine dispatch, archives and keys -------------------------------------------------------


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        sqlite_backup(Path(settings.DATABASES["default"]["NAME"]), target)
    else:
        pg_backup(target)


def _load_database(engine: str, source: Path) -> None:
    if engine == "sqlite":
        sqlite_restore(source, Path(settings.DATABASES["default"]["NAME"]))
    else:
        pg_restore(source)


def _check_database_file(path: Path, engine: str) -> None:
    head = file_head(path)
    for other, magic in (("sqlite", SQLITE_MAGIC), ("postgresql", PG_DUMP_MAGIC)):
        if other != engine and head.startswith(magic):
            raise BackupError(
                f"{path} 是 {ENGINE_NAMES[other]} 备份，当前数据库是 {ENGINE_NAMES[engine]}，"
                "不能跨数据库类型恢复"
            )
    if engine == "sqlite":
        check_sqlite_file(path)
    else:
        check_pg_dump(path)


def _write_archive(target: Path, engine: str) -> None:
    keys = sorted(
        p
        for p in keys_dir().iterdir()
        if p.is_file() and KEY_NAME.match(p.name) and not p.name.startswith(".")
    )
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        database = Path(tmp) / DB_MEMBER[engine]
        _dump_database(engine, database)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "engine": engine,
            "database": database.name,
            "keys": [p.name for p in keys],
            "created": datetime.now().isoformat(),
        }
        with tarfile.open(target, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
            tar.add(database, arcname=database.name)
            for key in keys:
                tar.add(key, arcname=f"keys/{key.name}")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def _unpacked_archive(source: Path, engine: str) -> Iterator[tuple[Path, dict[str, bytes]]]:
    """Yield the archive's database as a temporary file and its keys by name.

    Only the known members are read, by name, so a crafted archive cannot write elsewhere.
    """
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        database = Path(tmp) / DB_MEMBER[engine]
        try:
            with tarfile.open(source, "r:gz") as tar:
                manifest = json.loads(_member(tar, "manifest.json").read())
                _check_manifest(manifest, source, engine)
                names = [n for n in manifest.get("keys", []) if KEY_NAME.match(str(n))]
                keys = {name: _member(tar, f"keys/{name}").read() for name in names}
                with open(database, "wb") as out:
                    shutil.copyfileobj(_member(tar, DB_MEMBER[engine]), out)
        except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
            raise BackupError(f"{source} 不是可读的备份归档：{exc}") from exc
        yield database, keys


def _check_manifest(manifest: object, source: Path, engine: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"{source} 不是本系统的备份归档（清单格式不符）")
    if manifest.get("engine") != engine:
        origin = ENGINE_NAMES.get(str(manifest.get("engine")), str(manifest.get("engine")))
        raise BackupError(
            f"{source} 是 {origin} 备份，当前数据库是 {ENGINE_NAMES[engine]}，不能跨数据库类型恢复"
        )


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        member = tar.getmember(name)
    except KeyError:
        raise BackupError(f"备份归档中缺少 {name}，不是本系统的备份归档") from None
    fh = tar.extractfile(member) if member.isfile() else None
    if fh is None:
        raise BackupError(f"备份归档中的 {name} 不是普通文件")
    return fh


def _install_keys(keys: dict[str, bytes]) -> Path | None:
    """Put the archive's keys in place; return where the replaced keys were kept, if any."""
    folder = keys_dir()
    changed = {
        n: v
        for n, v in keys.items()
        if not (folder / n).is_file() or (folder / n).read_bytes() != v
    }
    if not changed:
        return None
    kept = Path(tempfile.mkdtemp(prefix=f"replaced-{datetime.now():%Y%m%d-%H%M%S}-", dir=folder))
    for name, value in changed.items():
        if (folder / name).is_file():
            shutil.copy2(folder / name, kept / name)
        fresh = folder / f".{name}.new"
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(value)
        os.replace(fresh, folder / name)
    return kept


@contextmanager
def _partial_file(target: Path) -> Iterator[Path]:
    """Write beside the target, then rename: a failed backup never leaves a half file behind."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        # Backups hold personal data (and maybe the keys): readable by the owner only.
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _is_live_database(path: Path) -> bool:
    if current_engine() != "sqlite":
        return False
    live = Path(settings.DATABASES["default"]["NAME"]).resolve()
    return Path(path).resolve() in {live, Path(f"{live}-wal"), Path(f"{live}-shm")}


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
