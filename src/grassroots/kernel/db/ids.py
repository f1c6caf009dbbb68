"""Primary keys handed out in blocks, ahead of the rows that use them.

A bulk writer that knows its rows' ids before it writes them can let a child row name its
parent's id without a round trip per row. SQLite: the ids above the table's current maximum,
safe only while the caller holds the database's write lock (a transaction begun IMMEDIATE, as
every write transaction here is); PostgreSQL: from the table's own sequence.
"""

from __future__ import annotations

from django.db import connection, models

from grassroots.kernel.db.around import declared_or_die


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, reserved for this transaction."""
    if count == 0:
        return []
    declared_or_die(model)  # the ids are for rows written around the ORM
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


__all__ = ["allocate_ids"]
