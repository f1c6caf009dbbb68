"""The registry import (人口房屋登记导入): a file with one row per resident, into the registry.

Entry point: ``import_registry(path, ...)`` (``run.py``); the command line, the web upload's
background job (``jobs.py``), the demo and the benchmarks all go through it. What a file
holds, column by column, is declared once in ``columns.py``; every column list is derived
from that.

The pipeline, read → plan → seal → write:

- **read** (``kernel.tabular.stream_table``): the file as a stream of (row number, texts),
  never whole in memory, so a million residents cost no more memory than a thousand.
- **plan** (``plan.py``, ``fastpath.py``): each row checked and turned into a plain tuple
  (``columns.PlannedRow``), blind indexes computed; duplicates within the file caught here,
  since only the planner sees every row. It touches no database, which is why it can run in
  a forked worker (``parallel.py``) while this process writes the chunk before. The common
  row goes through lookup tables (``fastpath``); anything unusual through the full parser
  (``registry.validation``, shared with the forms and the API), which alone defines the
  messages.
- **seal** (``writer.sealed_parts``): the ID number and phone encrypted, the pinyin initials
  derived. The writer does it as it stores a row, unless the worker was ahead and did it
  already (``writer.SealAhead`` fills the row's ``R_SEALED`` slot): which process is slower
  depends on the machine, so the work goes to whichever has time. A dry run seals nothing.
- **write** (``writer.py``): rooms and residents matched against the registry (a query per
  grid, one per chunk for documents), then inserted and updated in bulk around the ORM
  (``kernel.db``: ids handed out in blocks, raw executemany/COPY, SQLite pragmas), all in ONE
  transaction: a bad row anywhere means nothing is written, and every error is reported.

What it gives up: the models it writes are written without ``save()`` or signals (declared
``written_around_orm`` in ``registry.models``, checked at start-up); planned rows are
positional tuples, not objects, because the worker sends them as ``marshal`` bytes and a
million objects would cost a fifth of the import; the SQLite fast paths (dropped secondary
indexes, unchecked foreign keys, allocated ids above the maximum) rely on the import holding
the database's write lock for its whole run, so nothing else writes meanwhile.

Modules depend one way only: ``run`` → ``parallel`` → ``plan`` → ``fastpath`` →
``columns``; ``run`` → ``writer`` → ``bulk``/``columns``/``result``; ``jobs`` → ``run``.
"""

from grassroots.registry.importer.columns import HEADERS
from grassroots.registry.importer.plan import TEMPLATE_NOTE_GRID
from grassroots.registry.importer.result import RegistryImportResult
from grassroots.registry.importer.run import import_registry

__all__ = ["HEADERS", "TEMPLATE_NOTE_GRID", "RegistryImportResult", "import_registry"]
