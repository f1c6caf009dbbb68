"""Import N residents from CSV into a fresh database, against a plain executemany baseline.

    .venv/bin/python bench/registry_import.py                      # 200,000 residents, SQLite
    .venv/bin/python bench/registry_import.py --postgres postgres://postgres@127.0.0.1/gr_bench
    .venv/bin/python bench/registry_import.py --residents 1000000  # peak memory of a million

The CSV is generated first, in a separate process, from the same generator as the demo (a
district's grids, estates, households of one to ten, citizen numbers, passports, phones).
Then, in one run of this process on a fresh data directory:

- import: ``grassroots registry import`` 's engine on the CSV file, with all validation,
  encryption, blind indexes, rooms, households, stays and history (for a file this large the
  rows are planned in a worker process while the importing process writes);
- baseline: the same rows, already read into memory, inserted unvalidated into one SQLite
  table of 19 text columns with ``executemany`` and committed. It runs in a child process
  just before and again just after the import (so that holding every row in memory does not
  count as the import's peak), and the ratio is taken against the mean of the two runs. Each
  of the three timed runs starts after a pause of a second and a half: straight after a run
  that kept both cores busy, this machine runs the baseline a third slower for about half a
  second, which would flatter the import.

It prints both times, their ratio (target: at most 6), the CPU time of the importing process
and of its worker, and the peak memory of the whole import (target for 1,000,000 residents:
under 1 GB): a watching process sums the proportional set size (PSS: a page shared by
processes after the fork counts shared out among them) and the resident set size of the
importing process and its worker every 50 ms and keeps the largest sums (and reports the CPU
it used itself, which the import's wall-clock time shares the machine with); the largest RSS
of the importing process (``getrusage``) is printed too. Migrations and the org tree are made
before the clock.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 6.0
PER_GRID = 600
SETTLE = 1.5  # seconds of rest before each timed run


def generate(path: Path, residents: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings.test")
    import random

    import django

    django.setup()
    from grassroots.registry.generator import RegistryRows
    from grassroots.registry.importer import HEADERS

    columns = [*HEADERS, "证件类型"]
    rows = RegistryRows(random.Random(2026), "420606000000")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for code in grid_codes(residents):
            for row in rows.for_grid(code, PER_GRID):
                writer.writerow([row.get(c, "") for c in columns])


def grid_codes(residents: int) -> list[str]:
    grids = max(1, residents // PER_GRID)
    # 10 grids a community, 10 communities a street.
    return [f"420606{g // 100 + 1:03d}{g // 10 % 10 + 1:03d}{g % 10 + 1:03d}" for g in range(grids)]


def build_tree(codes: list[str]) -> None:
    from grassroots.org.models import Level, OrgNode

    district = OrgNode.objects.add_root(
        {"code": "420606000000", "name": "樊城区", "level": Level.DISTRICT}
    )
    parents: dict[str, OrgNode] = {}
    for code in codes:
        street_code, community_code = code[:9] + "000", code[:12]
        if street_code not in parents:
            parents[street_code] = OrgNode.objects.add_child(
                OrgNode.objects.get(pk=district.pk),
                {"code": street_code, "name": f"街道{street_code[6:9]}", "level": Level.STREET},
            )
        if community_code not in parents:
            parents[community_code] = OrgNode.objects.add_child(
                OrgNode.objects.get(pk=parents[street_code].pk),
                {
                    "code": community_code,
                    "name": f"社区{community_code[6:]}",
                    "level": Level.COMMUNITY,
                },
            )
        OrgNode.objects.add_child(
            OrgNode.objects.get(pk=parents[community_code].pk),
            {"code": code, "name": f"网格{code}", "level": Level.GRID},
        )


def baseline(path: Path, folder: Path) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of the plain insert."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    target = folder / "baseline.sqlite3"
    for leftover in (target, folder / "baseline.sqlite3-wal", folder / "baseline.sqlite3-shm"):
        leftover.unlink(missing_ok=True)
    database = sqlite3.connect(target)
    database.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(f"c{i} TEXT" for i in range(len(header)))
    database.execute(f"CREATE TABLE flat ({columns})")
    time.sleep(SETTLE)
    started, cpu = time.perf_counter(), time.process_time()
    database.executemany(f"INSERT INTO flat VALUES ({', '.join('?' * len(header))})", rows)
    database.commit()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.close()
    return seconds, cpu


def tree_memory(root: int, skip: int) -> tuple[int, int]:
    """(PSS, RSS) in kB summed over ``root`` and its descendants except ``skip``."""
    pss = rss = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
            if pid == skip:
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended meanwhile
    return pss, rss


def watch(root: int) -> None:
    """Sample the tree of ``root`` until a line (or the end) arrives on stdin; print the peaks."""
    peak_pss = peak_rss = 0
    while not select.select([sys.stdin], [], [], 0.05)[0]:
        pss, rss = tree_memory(root, os.getpid())
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
    print(
        json.dumps(
            {
                "pss_mb": peak_pss / 1024,
                "rss_mb": peak_rss / 1024,
                "cpu": cpu_of(resource.RUSAGE_SELF),
            }
        )
    )


def cpu_of(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200_000)
    parser.add_argument("--postgres", metavar="URL", help="import into this PostgreSQL database")
    parser.add_argument(
        "--memory",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="sample the import's memory (default: from 1,000,000 residents; "
        "the sampling takes a third of a core, so the timed run goes without)",
    )
    parser.add_argument("--generate", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--watch", metavar="PID", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.watch:
        watch(args.watch)
        return 0
    if args.generate:
        generate(Path(args.generate), args.residents)
        return 0
    if args.baseline:
        print(*baseline(Path(args.baseline), Path(args.baseline).parent))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="grassroots-bench-"))
    try:
        return run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> int:
    data = folder / "registry.csv"
    subprocess.run(
        [sys.executable, __file__, "--generate", str(data), "--residents", str(args.residents)],
        check=True,
    )
    os.environ["GRASSROOTS_DATA"] = str(folder / "data")
    os.environ.pop("DATABASE_URL", None)
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    if args.postgres:
        call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    call_command("migrate", interactive=False, verbosity=0)
    build_tree(grid_codes(args.residents))
    # The baseline runs just before and just after the import, in child processes: the speed
    # of this shared machine drifts by a third from minute to minute, and the import's ratio
    # is taken against the mean of the two.
    before = run_baseline(data)
    time.sleep(SETTLE)
    seconds, importer_cpu, worker_cpu = timed_import(data, args)
    after = run_baseline(data)
    base, base_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
    print(
        f"baseline executemany (SQLite, one flat table): {before[0]:.2f} s before the import "
        f"(CPU {before[1]:.2f} s), {after[0]:.2f} s after (CPU {after[1]:.2f} s); "
        f"mean {base:.2f} s"
    )
    print(
        f"ratio: {seconds / base:.1f} x baseline (target <= {TARGET_RATIO:g} x; "
        f"{seconds / before[0]:.1f} x / {seconds / after[0]:.1f} x against each run); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    # What an idle machine would show at best: the processes side by side, none waiting.
    print(
        f"CPU ratio: the importing process {importer_cpu / base_cpu:.1f} x, "
        f"all together {(importer_cpu + worker_cpu) / base_cpu:.1f} x the baseline's CPU"
    )
    return 0


def run_baseline(data: Path) -> tuple[float, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--baseline", str(data)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    seconds, cpu = map(float, result.stdout.split())
    return seconds, cpu


def timed_import(data: Path, args: argparse.Namespace) -> tuple[float, float, float]:
    """Import ``data`` and print its figures; (wall-clock, importer CPU, worker CPU) s."""
    from grassroots.registry.importer import import_registry

    load = os.getloadavg()[0]
    sampled = args.memory if args.memory is not None else args.residents >= 1_000_000
    watcher = (
        subprocess.Popen(
            [sys.executable, __file__, "--watch", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if sampled
        else None
    )
    children_cpu, started_cpu = cpu_of(resource.RUSAGE_CHILDREN), cpu_of(resource.RUSAGE_SELF)
    kernel = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    result = import_registry(data)
    seconds = time.perf_counter() - started
    importer_cpu = cpu_of(resource.RUSAGE_SELF) - started_cpu
    worker_cpu = cpu_of(resource.RUSAGE_CHILDREN) - children_cpu
    usage = resource.getrusage(resource.RUSAGE_SELF)
    kernel_cpu, faults = usage.ru_stime - kernel.ru_stime, usage.ru_minflt - kernel.ru_minflt
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{result.summary()}")
    print(
        f"registry import ({engine}): {seconds:.2f} s, {result.rows / seconds:,.0f} rows/s; "
        f"CPU {importer_cpu:.2f} s importing process ({kernel_cpu:.2f} s of it in the kernel, "
        f"{faults:,} page faults), {worker_cpu:.2f} s worker"
    )
    if watcher is not None:
        peaks = json.loads(watcher.communicate("stop\n")[0])
        print(
            f"peak memory of the import (all its processes, sampled every 50 ms, by a "
            f"watcher that used {peaks['cpu']:.2f} s of CPU meanwhile): "
            f"{peaks['pss_mb']:,.0f} MB PSS, {peaks['rss_mb']:,.0f} MB RSS"
        )
    print(f"largest RSS of the importing process: {peak:,.0f} MB", flush=True)
    print(
        f"load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    return seconds, importer_cpu, worker_cpu


if __name__ == "__main__":
    sys.exit(main())
