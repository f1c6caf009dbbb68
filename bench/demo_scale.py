"""Seed a demo district of 1,000,000 residents into a fresh SQLite data dir and time it.

    ./dev bench demo_scale                 # or: .venv/bin/python bench/demo_scale.py
    .venv/bin/python bench/demo_scale.py --residents 200000 --profile

Prints the wall time of the core seeding (org tree, party tree, people, accounts) and of each
seeder; the target for 1,000,000 residents is under 60 seconds. Migrations are applied first
and not counted. The temporary data dir is removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import shutil
import sys
import tempfile
import time

TARGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="print the top 25 functions")
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    os.environ.pop("DATABASE_URL", None)  # always the embedded SQLite database
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    from grassroots.demo.services import seed_demo_district

    try:
        call_command("migrate", interactive=False, verbosity=0)
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        result = seed_demo_district(residents=args.residents, seed=args.seed)
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    for name, seconds in result.timings.items():
        print(f"  {name:<24} {seconds:6.2f} s")
    print(
        f"residents {args.residents:,}: core seeding {result.core_seconds:.2f} s, "
        f"total {wall:.2f} s (Python {platform.python_version()}, {os.cpu_count()} cores)"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if args.keep:
        print(f"data dir kept: {data}")
    return 0 if result.core_seconds < TARGET_SECONDS or args.residents != 1_000_000 else 1


if __name__ == "__main__":
    sys.exit(main())
