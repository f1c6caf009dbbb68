"""Demo seeder (order 100): the registry of every grid, loaded the way a street office would.

Rows for each grid's planned population are generated (``generator.RegistryRows``), written to a
CSV in the data directory and loaded through the import engine itself, so the demo district's
registry has passed every check an uploaded file would.
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from django.conf import settings

from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.identity import REFERENCE_DATE
from grassroots.org.models import Level
from grassroots.registry.generator import RegistryRows
from grassroots.registry.importer import HEADERS, import_registry

COLUMNS = [*HEADERS, "证件类型"]


@demo_seeder(order=100)
def seed_registry(context: DemoContext) -> None:
    grids = context.nodes.get(Level.GRID, [])
    if not grids:
        return
    # Drawn for this district: a second demo district seeded alike must not reissue the first
    # one's ID numbers (the import would take them for the same people, moving house).
    rng = random.Random(f"{context.rng.random()}:{context.district_code}")
    rows = RegistryRows(rng, context.district_code, reference=REFERENCE_DATE)
    folder = Path(settings.DATA_DIR) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", dir=folder, encoding="utf-8", newline="", delete=False
    ) as handle:
        path = Path(handle.name)
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        with context.progress("生成人口房屋 / registry rows", total=len(grids)) as advance:
            for grid in grids:
                for row in rows.for_grid(grid.code, context.residents_in(grid)):
                    writer.writerow([row.get(c, "") for c in COLUMNS])
                advance(1)
    try:
        with context.progress("导入人口房屋 / registry import", total=context.residents) as advance:
            result = import_registry(
                path, today=REFERENCE_DATE, progress=advance, source_name="demo"
            )
    finally:
        path.unlink(missing_ok=True)
    context.extra["registry"] = result
