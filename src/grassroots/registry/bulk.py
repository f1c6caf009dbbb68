"""Writing many registry rows at once: ids handed out in blocks, rows sent in bulk.

The import writes hundreds of thousands of rooms, households, residents, stays and history
rows; going through model instances would cost more than all of the validation. Ids are taken
in one step per table (SQLite: above the current maximum, safe because the import holds the
database's write lock from BEGIN IMMEDIATE; PostgreSQL: from the table's own sequence), so a
child row can name its parent's id before either is written. Rows go in with executemany on
SQLite and with COPY on PostgreSQL.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

from grassroots.registry.models import Household, Residence, Resident


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, reserved for this transaction."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        top = cursor.fetchone()[0]
    return list(range(top + 1, top + 1 + count))


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (values in ``columns`` order, already adapted) into ``model``'s table."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement a row
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608


def update_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE ``columns`` by id: each row is the new values followed by the id."""
    if not rows:
        return
    table = model._meta.db_table
    sets = ", ".join(f'"{c}" = %s' for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE id = %s', rows)  # noqa: S608


def start_stays(resident_ids: Sequence[int], day: Any, batch_id: int | None) -> None:
    """The first stay of each of these residents, just inserted: in the household each was
    inserted into, with that household's room and the resident's relation, from ``day``.
    One INSERT ... SELECT, so the stays' values never pass through Python (on SQLite a third
    of the cost of inserting them row by row)."""
    if not resident_ids:
        return
    stays, residents = Residence._meta.db_table, Resident._meta.db_table
    households = Household._meta.db_table
    if connection.vendor == "sqlite":  # allocate_ids gives SQLite a run of consecutive ids
        if resident_ids[-1] - resident_ids[0] + 1 != len(resident_ids):
            raise ValueError("start_stays takes the consecutive ids of allocate_ids on SQLite")
        which, params = "r.id BETWEEN %s AND %s", [resident_ids[0], resident_ids[-1]]
    else:
        which, params = "r.id = ANY(%s)", [list(resident_ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{stays}" (grid_id, resident_id, household_id, room_id, relation, '  # noqa: S608
            f"moved_in_on, batch_id) SELECT r.grid_id, r.id, r.household_id, h.room_id, "
            f'r.relation, %s, %s FROM "{residents}" r JOIN "{households}" h '
            f"ON h.id = r.household_id WHERE {which} ORDER BY r.id",
            [day, batch_id, *params],
        )


def end_stays(rows: Sequence[tuple[Any, int]]) -> None:
    """End the open stay of each resident: rows of (day, resident id)."""
    if not rows:
        return
    table = Residence._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE "{table}" SET moved_out_on = %s '  # noqa: S608
            "WHERE resident_id = %s AND moved_out_on IS NULL",
            rows,
        )


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
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while an import runs (in a worker forked meanwhile too).
    The import holds millions of long-lived tuples and strings and makes almost no cycles;
    every collection would walk all of them again, a fifth of the import's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


class Adapt:
    """Python values as the database driver wants them in raw SQL (dates as text on SQLite)."""

    def __init__(self) -> None:
        ops = connection.ops
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self._date = ops.adapt_datefield_value
        self.dates_as_text = connection.vendor == "sqlite"  # SQLite stores ISO text
        self.json_empty = "{}"

    def date(self, value: datetime.date | None) -> Any:
        return self._date(value) if value is not None else None

    def iso_date(self, text: str | None) -> Any:
        """A date given as ISO text (as the planner sends it)."""
        if text is None or self.dates_as_text:
            return text
        return datetime.date.fromisoformat(text)


__all__ = [
    "Adapt",
    "allocate_ids",
    "deferred_indexes",
    "end_stays",
    "insert_rows",
    "large_cache",
    "paused_gc",
    "start_stays",
    "unchecked_foreign_keys",
    "update_rows",
]
