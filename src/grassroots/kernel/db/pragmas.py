"""SQLite settings an import changes for its own connection, and puts back afterwards.

``large_cache`` only spends memory. The other two trade a check SQLite makes row by row
for one the caller keeps for the whole transaction (its write lock; the planner's own
duplicate check), and each says which. All are no-ops on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


@contextmanager
def large_cache(megabytes: int = 256) -> Iterator[None]:
    """A bigger SQLite page cache while an import runs: inserting hundreds of thousands of
    random blind-index keys otherwise re-reads index pages from disk for every row."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{megabytes * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def unchecked_foreign_keys() -> Iterator[None]:
    """SQLite: no foreign-key look-ups for the import's own rows (Django's
    ``constraint_checks_disabled``, as ``loaddata`` uses): every id the import writes names a
    row it wrote itself or read inside its transaction, which holds the write lock from BEGIN
    IMMEDIATE, so nothing can vanish meanwhile; the look-ups, one per foreign key per row
    (five for a stay), cost 10-30 % of the inserts (docs/benchmarks.md). Only outside a
    transaction (the pragma is ignored within one) and only for this connection; checks are
    back on afterwards.
    A no-op on PostgreSQL."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.constraint_checks_disabled():
        yield


@contextmanager
def deferred_indexes(
    *tables: type[models.Model], live_leading: Collection[str] = ()
) -> Iterator[None]:
    """Inside a transaction: build the secondary indexes of those ``tables`` that are empty
    once, at the end, instead of row by row (a sort is several times cheaper than random
    inserts into half a dozen B-trees). SQLite only: the drop is part of the transaction, so
    a rollback restores the indexes and other connections keep seeing them meanwhile (on
    PostgreSQL a dropped index would lock readers out until commit). A unique index goes
    too (the resident's document): into an empty table the only rows are the file's, and the
    planner refuses a document given twice in it; should one slip through, building the index
    fails and the whole import rolls back. Primary keys and the unique constraints written
    into the table itself stay in place throughout.

    An index led by a column of ``live_leading`` stays too, kept up row by row: where the
    import writes that column's values in ascending order (ids it allocates in turn, grids as
    a file lists them together), each row lands at the index's right edge, in pages already in
    the cache. That work overlaps the worker's planning; a build at the end runs alone."""
    if connection.vendor != "sqlite":
        yield
        return
    deferred = []
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608
            if cursor.fetchone() is not None:
                continue
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                "tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            deferred += [
                (name, sql)
                for name, sql in cursor.fetchall()
                if _leading_column(cursor, name) not in live_leading
            ]
        for name, _sql in deferred:
            cursor.execute(f'DROP INDEX "{name}"')
    yield  # not reached again if the block raises: the rollback brings the indexes back
    with connection.cursor() as cursor:
        for _name, sql in deferred:
            cursor.execute(sql)


def _leading_column(cursor: Any, index: str) -> str:
    cursor.execute(f'PRAGMA index_info("{index}")')
    return next(name for seqno, _cid, name in cursor.fetchall() if seqno == 0)
