"""``import_registry``, the pipeline's driver: one transaction, chunk after chunk.

The engine reads the file as a stream, validates every row (location, document, fields,
duplicates within the file) and writes chunk by chunk inside ONE transaction; as soon as a row
fails nothing more is written, every remaining row is still checked, and at the end the whole
transaction is rolled back and every error raised: ``第N行 列名: 原因``. A file of a million
residents therefore needs neither a million rows in memory nor a second pass.

Rows of the same grid, estate, building, unit and room form one household. A row with the
person columns empty is a room with nobody registered (e.g. 空置). A resident whose document is
already in the registry is updated (and moved, if the address changed), never duplicated.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.db.pragmas import deferred_indexes, large_cache, unchecked_foreign_keys
from grassroots.kernel.importing import ImportFailed, RowError
from grassroots.kernel.tabular import stream_table
from grassroots.registry.importer.bulk import paused_gc
from grassroots.registry.importer.columns import HEADERS, OPTIONAL_HEADERS
from grassroots.registry.importer.parallel import can_fork, planned_chunks
from grassroots.registry.importer.plan import RowPlanner
from grassroots.registry.importer.result import RegistryImportResult
from grassroots.registry.importer.writer import ChunkWriter, SealAhead
from grassroots.registry.models import (
    Estate,
    Household,
    RegistryChange,
    RegistryImport,
    Residence,
    Resident,
    Room,
)
from grassroots.registry.selectors import grid_ids_by_code

REQUIRED = ("网格编码", "小区", "楼栋", "房号", "姓名")
CHUNK = 2000  # rows; their planned form (~0.8 MB) fits the pipe whole (parallel.py)
# A file this large is planned in a worker process while this one writes (parallel.py).
WORKER_FROM_BYTES = 1 << 20

Progress = Callable[[int], None]


class _Rollback(Exception):
    pass


def import_registry(
    path: str | Path,
    *,
    actor: Any = None,
    scope_user: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: datetime.date | None = None,
    request: Any = None,
    source_name: str = "",
    worker: bool | None = None,
) -> RegistryImportResult:
    """Validate and import ``path``; raise ``ImportFailed`` (nothing written) on any bad row.

    ``scope_user`` limits the grids the file may name to those the user sees (None: all).
    ``worker`` plans the rows in a worker process (None: for a large file, where possible).
    """
    table = stream_table(path)
    table.require(*REQUIRED, known=(*HEADERS, *OPTIONAL_HEADERS))
    day = today or timezone.localdate()
    planner = RowPlanner(table.columns, grid_ids_by_code(scope_user), day)
    if worker is None:
        worker = can_fork() and Path(path).stat().st_size >= WORKER_FROM_BYTES
    result = RegistryImportResult(dry_run=dry_run)
    errors: list[RowError] = []
    chunks = planned_chunks(
        table.records, planner, CHUNK, worker=worker, ahead=None if dry_run else SealAhead
    )
    try:
        with (
            paused_gc(),
            large_cache(),
            unchecked_foreign_keys(),
            transaction.atomic(),
            deferred_indexes(*_deferred(), live_leading=ASCENDING),
        ):
            batch = RegistryImport.objects.create(
                source=(source_name or table.name)[:200], actor=actor, effective_on=day
            )
            writer = ChunkWriter(actor=actor, today=day, result=result, batch_id=batch.pk)
            for rows, planned, chunk_errors in chunks:
                errors += chunk_errors
                result.rows += rows
                writer.prepare(planned)
                if not errors and not dry_run:
                    writer.write(planned)
                if progress is not None:
                    progress(rows)
            _finish(errors, result, table.name)
            if dry_run:
                raise _Rollback
            writer.close_emptied_households()
            _close_batch(batch, result)
            record(
                Action.REGISTRY_IMPORTED,
                actor=actor,
                request=request,
                target=source_name or table.name,
                rows=result.rows,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                rooms=result.rooms_created,
                batch=batch.pk,
            )
    except _Rollback:
        pass
    finally:
        chunks.close()
    return result


# Columns the import fills in ascending order, row after row: the ids it allocates, and the
# grid of each row where the file keeps a grid's rows together (as exports and the
# template's users do). Indexes led by them are kept up as rows arrive (``deferred_indexes``).
ASCENDING = frozenset({"grid_id", "household_id", "resident_id", "room_id"})


def _deferred() -> tuple[type, ...]:
    """The tables whose secondary indexes an import may build at the end (if they are empty).
    Rooms and households only when there is no estate yet: the writer then reads neither."""
    tables: tuple[type, ...] = (Resident, Residence, RegistryChange)
    if Estate.objects.exists() or Resident.objects.exists():
        return tables
    return (*tables, Room, Household)


def _close_batch(batch: RegistryImport, result: RegistryImportResult) -> None:
    batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
    batch.unchanged, batch.rooms_created = result.unchanged, result.rooms_created
    batch.save(update_fields=["rows", "created", "updated", "unchanged", "rooms_created"])


def _finish(errors: list[RowError], result: RegistryImportResult, name: str) -> None:
    if errors:
        raise ImportFailed(errors)
    if result.rows == 0:
        raise ImportFailed(message=_("文件%(name)s除表头外没有数据行") % {"name": name})


__all__ = ["import_registry"]
