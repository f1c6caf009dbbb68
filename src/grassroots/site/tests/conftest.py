"""A real installation for command-line tests: a data dir and a database on the suite's engine.

The test database of pytest-django is not what ``grassroots`` runs against (SQLite's is in
memory), so these tests drive the real command in a subprocess. The engine follows the pass the
suite runs in: SQLite normally, a scratch PostgreSQL database when DATABASE_URL points at one.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

import grassroots

_SCRATCH_NAMES = itertools.count()

# The real entry point, as the console script calls it.
RUNNER = """
import sys
from grassroots import cli
sys.exit(cli.main())
"""


def command_env(**extra: str) -> dict[str, str]:
    """The environment of a production run: base settings, no inherited data dir or database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "GRASSROOTS_DATA", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    # The command runs the source under test, even where another checkout is the one installed.
    source = str(Path(grassroots.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def run_grassroots(
    *args: str, env: dict[str, str], cwd: Path, stdin: int | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        timeout=timeout,
    )


@dataclass
class Site:
    """One installation: its data dir, the environment to run it with, and its database."""

    data: Path
    vendor: str
    env: dict[str, str]
    database_url: str | None = None

    def grassroots(self, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return run_grassroots(
            "--data", str(self.data), *args, env=self.env, cwd=self.data.parent, **kwargs
        )  # type: ignore[arg-type]

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.data / "grassroots.sqlite3", timeout=30)
        import psycopg

        return psycopg.connect(self.database_url)

    def execute(self, sql: str) -> None:
        conn = self.connect()
        try:
            conn.execute(sql)
            conn.commit()
        finally:
            conn.close()

    def query(self, sql: str) -> list[tuple]:
        conn = self.connect()
        try:
            return list(conn.execute(sql).fetchall())
        finally:
            conn.close()

    def rows_in_backup(self, backup: Path, table: str) -> list[str]:
        """The rows of ``table`` held in a backup file, each as text, read without restoring."""
        if self.vendor == "sqlite":
            with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                return [str(r) for r in conn.execute(f"SELECT * FROM {table}")]  # noqa: S608
        script = subprocess.run(
            ["pg_restore", "--data-only", f"--table={table}", "--file=-", str(backup)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        start = next(i for i, line in enumerate(script) if line.startswith(f"COPY public.{table}"))
        end = script.index("\\.", start)
        return script[start + 1 : end]


def insert_node(site: Site, n: int, name: str = "测试区") -> None:
    """A district node written straight into the database, as another program would."""
    site.execute(
        "INSERT INTO org_orgnode (path, depth, numchild, code, name, level, version, updated_at) "
        f"VALUES ('Z{n:06d}', 1, 0, '9{n:011d}', '{name}{n}', 'district', 1, CURRENT_TIMESTAMP)"
    )


class _Postgres:
    """Scratch databases on the server the suite's DATABASE_URL points at."""

    def __init__(self) -> None:
        self.url = urlsplit(os.environ["DATABASE_URL"])
        self.prefix = f"{self.url.path.lstrip('/')}_cli{os.getpid()}"[:50]

    def url_for(self, name: str) -> str:
        return urlunsplit(self.url._replace(path=f"/{name}"))

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def create(self, name: str, template: str | None = None) -> str:
        self.drop(name)
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _engine():
    """SQLite, or a PostgreSQL scratch server handle: whichever engine this pass tests."""
    if connection.vendor == "postgresql":
        return _Postgres()
    assert connection.vendor == "sqlite", connection.vendor
    return None


@pytest.fixture(scope="session")
def _migrated_template(_engine, tmp_path_factory):
    """One migrated installation, copied for each test instead of migrating every time."""
    data = tmp_path_factory.mktemp("template") / "data"
    env = command_env()
    name = None
    if _engine is not None:
        name = f"{_engine.prefix}_tpl"
        env["DATABASE_URL"] = _engine.create(name)
    done = run_grassroots("--data", str(data), "migrate", env=env, cwd=data.parent)
    assert done.returncode == 0, done.stderr
    yield data, name
    if _engine is not None:
        _engine.drop(name)


@pytest.fixture
def make_site(_engine, _migrated_template, tmp_path, request):
    """make_site(migrated=True) -> Site on this pass's engine, in its own data dir."""
    counter = iter(range(100))

    def make(*, migrated: bool = True) -> Site:
        data = tmp_path / f"site{next(counter)}" / "data"
        if migrated:
            shutil.copytree(_migrated_template[0], data)
        else:
            data.mkdir(parents=True)
        if _engine is None:
            return Site(data=data, vendor="sqlite", env=command_env())
        name = f"{_engine.prefix}_{next(_SCRATCH_NAMES)}"
        url = _engine.create(name, template=_migrated_template[1] if migrated else None)
        request.addfinalizer(lambda: _engine.drop(name))
        return Site(
            data=data, vendor="postgresql", env=command_env(DATABASE_URL=url), database_url=url
        )

    return make


@pytest.fixture
def site(make_site) -> Site:
    return make_site()
