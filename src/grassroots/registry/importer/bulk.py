"""The import's registry-specific bulk statements, and what it pauses while it runs.

The generic parts (ids handed out in blocks, raw INSERT/UPDATE, SQLite pragmas) live in
``kernel/db``; what stays here knows the registry's tables: a resident's first stay written
from the residents just inserted, and the stays a move ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from grassroots.registry.models import Household, Residence, Resident


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


__all__ = ["end_stays", "paused_gc", "start_stays"]
