"""一联十 coverage of a district of N residents and its party members, timed.

    .venv/bin/python bench/members_coverage.py --data /tmp/members-1m   # seeds once, then times
    .venv/bin/python bench/members_coverage.py --data /tmp/members-50k --residents 50000

The first run seeds into the SQLite database of ``--data``: the demo district's core for
``--residents`` (org tree, party tree, people: 60,000 party members for 1,000,000 residents,
accounts), the registry through its import engine, then one roster row per party member
(living in their grid) and, grid by grid, links of members to that grid's households (each
member asks for 0 to 12, until the grid's households run out) and a contact for about two
thirds of the links, somewhere in the last 150 days, all with bulk inserts (a measuring rig,
not the write path). Later runs with the same ``--data`` reuse it. Nothing is timed before the
data is in place. It then times the coverage (``members.selectors.coverage``, what
``grassroots members coverage --json`` prints) for the whole district, one street and one
community, warm, best and median of 5. Target (issue 17): the district under 500 ms.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 500
RUNS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="data directory (kept for reuse)")
    parser.add_argument("--residents", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ["GRASSROOTS_DATA"] = str(Path(args.data).resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    from grassroots.demo.services import seed_demo_district

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    result = seed_demo_district(residents=args.residents, modules=False)
    if result.seeded:
        seed_registry(args.residents, Path(args.data))
        print(f"registry seeded in {time.perf_counter() - started:.0f} s", flush=True)
    from grassroots.members.models import Member

    if not Member.objects.exists():
        started = time.perf_counter()
        seed_members()
        print(f"members, links, contacts seeded in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what a database that has run for a while knows
    return measure()


def seed_registry(residents: int, folder: Path) -> None:
    """The registry through its import engine, as ``bench/registry_search.py`` seeds it."""
    import csv

    from grassroots.org.models import Level, OrgNode
    from grassroots.registry.generator import RegistryRows
    from grassroots.registry.importer import HEADERS, import_registry

    columns = [*HEADERS, "证件类型"]
    grids = list(OrgNode.objects.filter(level=Level.GRID).order_by("code"))
    rows = RegistryRows(random.Random(2026), "420606000000")
    path = folder / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for grid in grids:
            for row in rows.for_grid(grid.code, residents // len(grids)):
                writer.writerow([row.get(c, "") for c in columns])
    import_registry(path)
    path.unlink()


def seed_members() -> None:
    from collections import defaultdict

    from django.db import transaction
    from django.utils import timezone

    from grassroots.members.models import Contact, ContactKind, HouseholdLink, Member, MemberKind
    from grassroots.members.services.kept import keep_last_contacts, keep_links_held
    from grassroots.org.models import Level, OrgNode
    from grassroots.people.models import Person
    from grassroots.registry.models import Household

    rng = random.Random(17)
    today = timezone.localdate()
    grids = dict(OrgNode.objects.filter(level=Level.GRID).values_list("path", "pk"))
    kinds = [MemberKind.COMMUNITY] * 6 + [MemberKind.IN_SERVICE] * 3 + [MemberKind.MOBILE]
    people = Person.objects.filter(is_party_member=True).values_list("pk", "org_node__path")
    members = []
    for pk, path in people:
        grid = grids.get(path) or grids[min(p for p in grids if p.startswith(path))]
        members.append(Member(person_id=pk, grid_id=grid, kind=rng.choice(kinds)))
    households = defaultdict(list)
    for pk, grid_id in Household.objects.filter(ended_on=None).values_list("pk", "grid_id"):
        households[grid_id].append(pk)
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=5000)
        by_grid = defaultdict(list)
        for pk, grid_id in Member.objects.values_list("pk", "grid_id"):
            by_grid[grid_id].append(pk)
        links = []
        for grid_id, member_ids in by_grid.items():
            free = households[grid_id]
            rng.shuffle(free)
            for member_id in member_ids:
                wanted = rng.choice([0, 3, 6, 8, 9, 10, 10, 10, 11, 12])
                for household in free[:wanted]:
                    links.append((member_id, household, grid_id))
                free = free[wanted:]
        started = today - datetime.timedelta(days=200)
        HouseholdLink.objects.bulk_create(
            (
                HouseholdLink(member_id=m, household_id=h, grid_id=g, linked_on=started)
                for m, h, g in links
            ),
            batch_size=5000,
        )
        now = timezone.now()
        contacts = (
            Contact(
                member_id=m,
                household_id=h,
                grid_id=g,
                kind=ContactKind.VISIT,
                at=now - datetime.timedelta(days=rng.randint(0, 150), hours=rng.randint(0, 10)),
            )
            for m, h, g in links
            if rng.random() < 0.67
        )
        Contact.objects.bulk_create(contacts, batch_size=5000)
        keep_last_contacts(h for _m, h, _g in links)
        keep_links_held(m for m, _h, _g in links)
    print(f"{len(members):,} members, {len(links):,} links")


def _time(work) -> tuple[float, float, float, object]:  # noqa: ANN001
    """Best and median wall time and median CPU time of this process, warm, in ms. SQLite
    runs in the process, so on a machine busy with other work the CPU time is what the
    coverage itself costs and the wall time what a reader waited."""
    timings, cpu = [], []
    result = None
    for _run in range(RUNS + 1):
        started, used = time.perf_counter(), time.process_time()
        result = work()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    warm = timings[1:]
    return min(warm), statistics.median(warm), statistics.median(cpu[1:]), result


def measure() -> int:
    from grassroots.members.models import Contact, HouseholdLink, Member
    from grassroots.members.selectors.coverage import coverage
    from grassroots.org.models import Level, OrgNode
    from grassroots.registry.models import Residence, Resident

    print(
        f"{Resident.objects.count():,} residents, {Residence.objects.count():,} stays, "
        f"{Member.objects.count():,} members, {HouseholdLink.objects.count():,} links, "
        f"{Contact.objects.count():,} contacts; load average {os.getloadavg()[0]:.2f}; "
        f"{os.cpu_count()} cores"
    )
    street = OrgNode.objects.filter(level=Level.STREET).order_by("path").first()
    community = OrgNode.objects.filter(level=Level.COMMUNITY).order_by("path").first()
    failures = 0
    for label, unit in (("district", None), ("street", street), ("community", community)):
        best, median, cpu, result = _time(
            lambda unit=unit: json.dumps(coverage(None, unit=unit).as_json())
        )
        total = json.loads(result)  # type: ignore[arg-type]
        ok = median < TARGET_MS
        failures += label == "district" and not ok
        print(
            f"{label:<10} best {best:7.1f} ms  median {median:7.1f} ms  cpu {cpu:7.1f} ms  "
            f"households {total['households']:,} linked {total['linked']:,} rate {total['rate']} "
            f"members {total['members']:,} ({len(total['by_unit'])} grids)"
            + (
                ""
                if label != "district"
                else f"  target < {TARGET_MS} ms {'ok' if ok else 'MISSED'}"
            )
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
