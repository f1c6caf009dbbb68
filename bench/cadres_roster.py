"""Import a two-committee roster of many units and time it, then time the report on it.

    .venv/bin/python bench/cadres_roster.py               # 700 units, 7 members each
    .venv/bin/python bench/cadres_roster.py --units 2000

Writes a GBK CSV roster (every member with a valid ID number) for ``--units`` new villages,
imports it with ``--create-units`` into a fresh SQLite data dir (migrations not counted),
re-imports it (replacing the term), and builds the report with a comparison. Targets: an
import of 5,000 rows under 20 s, the report under 2 s. The data dir is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

IMPORT_TARGET = 20.0  # seconds for 5,000 rows
REPORT_TARGET = 2.0
POSTS = [
    ("书记", "主任"),
    ("副书记", ""),
    ("", "副主任"),
    ("委员", "委员"),
    ("委员", ""),
    ("", "委员"),
    ("委员", ""),
]
EDUCATION = ["初中", "高中", "中专", "大专", "本科", "硕士研究生"]


def write_roster(path: Path, units: int, rng: random.Random) -> int:
    from stdnum.cn import ric

    lines = ["单位,姓名,性别,出生日期,公民身份号码,学历,党组织职务,村(居)委会职务"]
    serial, taken = 0, set()
    for unit in range(units):
        for party, committee in POSTS:
            serial += 1
            gender = rng.choice("男女")
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 12800))
            order = rng.randrange(1, 499) * 2 + (1 if gender == "男" else 0)
            while (body := f"420606{birth:%Y%m%d}{order:03d}") in taken:
                order += 2
            taken.add(body)
            number = body + ric.calc_check_digit(body + "0")
            lines.append(
                f"第{unit + 1}村,成员{serial},{gender},{birth.isoformat()},{number},"
                f"{rng.choice(EDUCATION)},{party},{committee}"
            )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return serial


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=700)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    from grassroots.cadres.models import Term
    from grassroots.cadres.selectors import term_report
    from grassroots.cadres.services import import_roster

    try:
        call_command("migrate", interactive=False, verbosity=0)
        path = Path(data) / "roster.csv"
        rows = write_roster(path, args.units, random.Random(7))
        timings = {}
        for label, year, create in (
            ("first import", 2021, True),
            ("re-import", 2021, False),
            ("last term", 2016, False),
        ):
            started = time.perf_counter()
            import_roster(
                path,
                year=year,
                reference_date=datetime.date(year, 10, 31),
                create_missing_units=create,
            )
            timings[label] = time.perf_counter() - started
        started = time.perf_counter()
        report = term_report(None, Term.objects.get(year=2021), compare=Term.objects.get(year=2016))
        timings["report with comparison"] = time.perf_counter() - started
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"{rows} rows, {args.units} units, {report.summary['members']} members")
    for label, seconds in timings.items():
        print(f"{label:>24}: {seconds:6.2f} s")
    per_5000 = timings["re-import"] * 5000 / rows
    ok = per_5000 < IMPORT_TARGET and timings["report with comparison"] < REPORT_TARGET
    print(f"re-import scaled to 5,000 rows: {per_5000:.2f} s (target {IMPORT_TARGET:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
