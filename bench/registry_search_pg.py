"""The registry search benchmark's queries on PostgreSQL, over the rows the SQLite run seeded.

    DATABASE_URL=postgres://USER@HOST:5432/DB .venv/bin/python bench/registry_search_pg.py \\
        --data /tmp/registry-1m

Run ``bench/registry_search.py`` first: its ``--data`` holds the SQLite database and the keys.
The first run here migrates DB (which must be empty), copies the tree and the registry into it
and runs VACUUM ANALYZE; later runs reuse it. Each probe of ``registry_search.py`` is then timed
as ``selectors.resident_page`` (the queries without the page around them), best of 3, for the
units of the demo's district administrator, a street's staff and a grid worker.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

TABLES = (
    "org_orgnode",
    "registry_estate",
    "registry_building",
    "registry_room",
    "registry_household",
    "registry_resident",
)
RUNS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="data directory of registry_search.py")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to the PostgreSQL database to use")
    os.environ["GRASSROOTS_DATA"] = str(Path(args.data).resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    source = sqlite3.connect(Path(args.data) / "grassroots.sqlite3")
    call_command("migrate", interactive=False, verbosity=0)
    copy_once(source)
    return measure(source)


def copy_once(source: sqlite3.Connection) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM registry_resident)")
        if cursor.fetchone()[0]:
            return
        for table in TABLES:
            columns = ", ".join(row[1] for row in source.execute(f"PRAGMA table_info({table})"))
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would do after such a load


def measure(source: sqlite3.Connection) -> int:
    from registry_search import _probes  # the same probes as the page benchmark

    from grassroots.accounts.models import Account
    from grassroots.org.models import OrgNode
    from grassroots.registry import selectors

    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    names = {"q": "query", "after": "after", "group": "special_group"}
    for username in ("district", "street", "grid"):
        (path,) = source.execute(
            "SELECT n.path FROM accounts_account a JOIN org_orgnode n ON n.id = a.org_node_id "
            "WHERE a.username = ?",
            (username,),
        ).fetchone()
        user = Account(username=username, is_active=True, org_node=OrgNode.objects.get(path=path))
        print(f"\n{username}")
        for _kind, label, params in _probes(user):
            kwargs = {names[key]: value for key, value in params.items()}
            timings = []
            for _run in range(RUNS):
                started = time.perf_counter()
                page = selectors.resident_page(user, **kwargs)
                timings.append((time.perf_counter() - started) * 1000)
            print(f"  {label:<32} best {min(timings):7.1f} ms  ({len(page.rows)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
