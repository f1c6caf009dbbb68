"""The indicators of a district of 1,000,000 residents and 500,000 demands: rollup and scorecard.

    .venv/bin/python bench/indicators_scorecard.py                 # seeds once, then times
    .venv/bin/python bench/indicators_scorecard.py --small         # 100,000 residents
    ./dev bench indicators_scorecard

The first run seeds into the SQLite database of ``--data`` (default
``/tmp/indicators-scorecard-<residents>``, kept: later runs with the same directory reuse it,
each stage skipped once its rows are there): the demo district's core for ``--residents``
(13 streets, 125 communities, 1,667 grids for a million; party tree, people, accounts), the
registry through its import engine and 一联十 as ``bench/members_coverage.py`` seeds them,
then with raw ``executemany`` and ``bulk_create`` (a measuring rig, not the write path):
``--demands`` demands over the 13 months up to November 2026 in every state (a tenth of them
disputes, most with a mediation outcome) and their counters rebuilt by the recount; a sweep
campaign's visits (about 0.8 of the rooms once in the 13 months) and the hazards found; group
rentals found and rectified; a pairing per community with its pledges; every branch's
meetings of 三会一课 (a tenth missed); the criminal case counts of every community and month.
Nothing is timed before the data is in place.

It then times, warm, for the period 2026-11:

1. ``indicators.services.roll_up`` (every counter, summed up the tree and kept), each
   counter alone first; target under 10 s;
2. the district scorecard: every indicator for every community for the period, one query
   over the kept counts and the values and statuses built as the pages build them
   (``indicators.selectors.table``); median and p95 of ``--runs``; target under 300 ms.

It exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROLLUP_TARGET_S = 10.0
SCORECARD_TARGET_MS = 300.0
PERIOD = "2026-11"
FIRST_MONTH = datetime.date(2025, 11, 1)  # 13 months: November 2025 to November 2026
END = datetime.datetime(2026, 12, 1, 0, 0)  # local time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data directory, kept for reuse")
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--demands", type=int, help="demands (default: half the residents)")
    parser.add_argument("--small", action="store_true", help="100,000 residents, 50,000 demands")
    parser.add_argument("--runs", type=int, default=30, help="scorecard runs (default 30)")
    parser.add_argument("--seed-only", action="store_true", help="seed, measure nothing")
    parser.add_argument("--rollups", type=int, default=3, help="rollup runs (default 3)")
    args = parser.parse_args()
    if args.small:
        args.residents = 100_000
    demands = args.demands or args.residents // 2
    data = Path(args.data or f"/tmp/indicators-scorecard-{args.residents}")
    data.mkdir(parents=True, exist_ok=True)
    os.environ["GRASSROOTS_DATA"] = str(data.resolve())
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    seed(args.residents, demands, data)
    if args.seed_only:
        return 0
    return measure(args.runs, args.rollups)


# --- seeding ---------------------------------------------------------------------------------


def stage(label: str, needed: bool, work: Callable[[], object]) -> None:
    if not needed:
        return
    started = time.perf_counter()
    result = work()
    print(f"seeded {label}: {result or ''} in {time.perf_counter() - started:.1f} s", flush=True)


def seed(residents: int, demands: int, data: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from members_coverage import seed_members, seed_registry

    from grassroots.branchlife.models import BranchMeeting
    from grassroots.demands.models import Demand
    from grassroots.demo.services import seed_demo_district
    from grassroots.indicators.models import CriminalCaseCount
    from grassroots.members.models import Member
    from grassroots.pairing.models import Pledge
    from grassroots.registry.models import RegistryChange
    from grassroots.rentals.models import RentalCase
    from grassroots.sweeps.models import Visit

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    if seed_demo_district(residents=residents, modules=False).seeded:
        seed_registry(residents, data)
        print(f"seeded core and registry in {time.perf_counter() - started:.0f} s", flush=True)
    stage("registry history", not RegistryChange.objects.exists(), seed_registry_history)
    stage("members", not Member.objects.exists(), seed_members)
    stage("demands", not Demand.objects.exists(), lambda: seed_demands(demands))
    stage("visits and hazards", not Visit.objects.exists(), seed_sweeps)
    stage("group rentals", not RentalCase.objects.exists(), seed_rentals)
    stage("pairings and pledges", not Pledge.objects.exists(), seed_pledges)
    stage("branch meetings", not BranchMeeting.objects.exists(), seed_meetings)
    stage("criminal case counts", not CriminalCaseCount.objects.exists(), seed_cases)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what a database that has run for a while knows


def aware(moment: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(moment)


def random_moment(rng: random.Random) -> datetime.datetime:
    """A moment in the 13 months, as a naive local time."""
    start = datetime.datetime.combine(FIRST_MONTH, datetime.time(8))
    span = (END - start).total_seconds()
    return start + datetime.timedelta(seconds=rng.uniform(0, span))


def insert_many(table: str, columns: tuple[str, ...], rows: Any, chunk: int = 20_000) -> int:
    """Rows written with executemany (bulk_create's object building is the slow part here)."""
    from django.db import connection, transaction

    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    written = 0
    batch: list[tuple] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def seed_registry_history() -> str:
    """The import dates every stay today: spread the households' and stays' beginnings over
    ten years before the 13 months (a few in them), and record an edit of one resident in
    about one household in eight during the 13 months (动态化信息更新 reads both)."""
    from django.db import connection, transaction

    from grassroots.registry.models import Resident

    rng = random.Random(20)
    base = datetime.date(2015, 1, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM registry_household")
        days = [(base + datetime.timedelta(days=rng.randrange(4300)), pk) for (pk,) in cursor]
        cursor.executemany("UPDATE registry_household SET started_on = %s WHERE id = %s", days)
        cursor.execute(
            "UPDATE registry_residence SET moved_in_on = (SELECT started_on FROM "
            "registry_household h WHERE h.id = registry_residence.household_id) "
            "WHERE household_id IS NOT NULL"
        )
    adapt = connection.ops.adapt_datetimefield_value
    edited = (
        Resident.objects.filter(household__isnull=False)
        .order_by("household_id", "pk")
        .values_list("pk", "grid_id", "household_id")
    )

    def rows() -> Any:
        last = None
        for pk, grid, household in edited.iterator(chunk_size=20_000):
            if household == last:
                continue
            last = household
            if rng.random() < 1 / 8:
                at = random_moment(rng)
                yield (grid, "changed", "form", pk, str(at.date()), adapt(aware(at)), "{}")

    columns = ("grid_id", "kind", "source", "resident_id", "effective_on", "at", "changes")
    written = insert_many("registry_registrychange", columns, rows())
    return f"{len(days):,} households backdated, {written:,} edits"


DEMAND_COLUMNS = (
    "grid_id",
    "owner_unit_id",
    "address",
    "code",
    "title",
    "description",
    "category_id",
    "channel",
    "priority",
    "reporter_name",
    "reporter_phone",
    "reporter_phone_index",
    "status",
    "version",
    "repeat_count",
    "received_at",
    "response_due",
    "resolve_due",
    "responded_at",
    "resolved_at",
    "satisfaction",
    "mediation",
    "overdue_marked",
    "supervision_note",
)


def seed_demands(total: int) -> str:
    """Demands in every state over the 13 months, then every counter rebuilt from them."""
    from django.db import connection

    from grassroots.demands.models import Category
    from grassroots.demands.services import CODE_ALPHABET, tally
    from grassroots.org.models import Level, OrgNode

    rng = random.Random(21)
    grids = list(OrgNode.objects.filter(level=Level.GRID).values_list("pk", flat=True))
    leaves = list(Category.objects.filter(parent__isnull=False).values_list("pk", "dispute"))
    disputes = [pk for pk, dispute in leaves if dispute]
    others = [pk for pk, dispute in leaves if not dispute]
    adapt = connection.ops.adapt_datetimefield_value
    end = aware(END)
    hour = datetime.timedelta(hours=1)

    def rows() -> Any:
        for n in range(total):
            grid = grids[n % len(grids)]
            received = aware(random_moment(rng))
            dispute = rng.random() < 0.1
            responded = resolved = None
            satisfaction = mediation = ""
            status, fate = "received", rng.random()
            if fate < 0.92:
                responded, status = received + hour * rng.uniform(0.5, 30), "accepted"
            if fate < 0.85:
                resolved, status = received + hour * rng.uniform(5, 200), "resolved"
                if dispute:
                    mediation = rng.choices(["succeeded", "failed", "other"], [75, 12, 13])[0]
            if fate < 0.75:
                satisfaction = rng.choices(["satisfied", "basically", "unsatisfied"], [80, 12, 8])
                satisfaction, status = satisfaction[0], "closed"
            if resolved is not None and resolved > end:
                resolved, mediation, satisfaction, status = None, "", "", "accepted"
            resolve_due = received + 168 * hour
            marked = resolved is None and resolve_due < end and rng.random() > 0.02
            yield (
                grid,
                grid,
                "",
                "".join(rng.choice(CODE_ALPHABET) for _ in range(12)),
                "诉求",
                "内容",
                rng.choice(disputes if dispute else others),
                rng.choice(["hotline", "grid_report", "web"]),
                "normal",
                "",
                "",
                "",
                status,
                1,
                0,
                adapt(received),
                adapt(received + 24 * hour),
                adapt(resolve_due),
                adapt(responded),
                adapt(resolved),
                satisfaction,
                mediation,
                marked,
                "",
            )

    written = insert_many("demands_demand", DEMAND_COLUMNS, rows())
    tally.recount()
    return f"{written:,}"


VISIT_COLUMNS = (
    "key",
    "campaign_id",
    "grid_id",
    "room_id",
    "worker_id",
    "visited_at",
    "visited_on",
    "visited_hour",
    "recorded_at",
    "outcome",
    "room_use",
    "residents",
    "note",
    "photo",
)


def seed_sweeps() -> str:
    """One district campaign over the 13 months: about 0.8 of the rooms visited once (three in
    four of them someone at home), and a hazard found in one visit in thirty."""
    from django.db import connection

    from grassroots.accounts.models import Account
    from grassroots.org.models import Level, OrgNode
    from grassroots.registry.models import Room
    from grassroots.sweeps.choices import CampaignStatus
    from grassroots.sweeps.models import Campaign, Hazard, Visit

    rng = random.Random(22)
    district = OrgNode.objects.get(depth=1)
    worker = Account.objects.filter(org_node__level=Level.GRID).first()
    campaign = Campaign.objects.create(
        node=district,
        name="扫楼",
        status=CampaignStatus.RUNNING,
        starts_on=FIRST_MONTH,
        ends_on=datetime.date(2026, 12, 31),
    )
    adapt_time = connection.ops.adapt_datetimefield_value
    adapt_day = connection.ops.adapt_datefield_value

    def rows() -> Any:
        for room, grid in Room.objects.order_by("pk").values_list("pk", "grid_id").iterator():
            if rng.random() >= 0.8:
                continue
            at = random_moment(rng)
            yield (
                uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                campaign.pk,
                grid,
                room,
                worker.pk,
                adapt_time(aware(at)),
                adapt_day(at.date()),
                at.hour,
                adapt_time(aware(at)),
                "met" if rng.random() < 0.75 else "no_answer",
                "owner",
                "{}",
                "",
                "",
            )

    visits = insert_many("sweeps_visit", VISIT_COLUMNS, rows())
    found = []
    for pk, grid, room, at in Visit.objects.order_by("pk").values_list(
        "pk", "grid_id", "room_id", "visited_at"
    ):
        if rng.random() < 1 / 30:
            done = rng.random() < 0.8
            rectified = (at + datetime.timedelta(days=rng.randint(1, 20))).date()
            found.append(
                Hazard(
                    campaign=campaign,
                    visit_id=pk,
                    grid_id=grid,
                    room_id=room,
                    kind=rng.choice(["blocked_exit", "ebike_charging", "wiring"]),
                    found_at=at,
                    status="rectified" if done else "open",
                    rectified_on=rectified if done else None,
                )
            )
    Hazard.objects.bulk_create(found, batch_size=5000)
    return f"{visits:,} visits, {len(found):,} hazards"


def seed_rentals() -> str:
    """Group rentals found in one room in 200, seven in ten rectified, some gone back."""
    from grassroots.org.models import OrgNode
    from grassroots.registry.models import Room
    from grassroots.rentals.models import CaseChange, RentalCampaign, RentalCase

    rng = random.Random(23)
    district = OrgNode.objects.get(depth=1)
    campaign = RentalCampaign.objects.create(
        node=district, title="群租房整治", starts_on=FIRST_MONTH
    )
    cases = [
        RentalCase(
            campaign=campaign,
            grid_id=grid,
            room_id=room,
            opened_on=random_moment(rng).date(),
            method="home_visit",
        )
        for room, grid in Room.objects.order_by("pk").values_list("pk", "grid_id")
        if rng.random() < 1 / 200
    ]
    RentalCase.objects.bulk_create(cases, batch_size=5000)
    changes = []
    for case in cases:
        opened = aware(datetime.datetime.combine(case.opened_on, datetime.time(10)))
        common = dict(case=case, campaign=campaign, grid_id=case.grid_id, method="home_visit")
        changes.append(
            CaseChange(
                kind="opened",
                at=opened,
                from_status="",
                to_status="open",
                on=case.opened_on,
                **common,
            )
        )
        if rng.random() < 0.7:
            on = case.opened_on + datetime.timedelta(days=rng.randint(3, 60))
            at = opened + datetime.timedelta(days=(on - case.opened_on).days)
            changes.append(
                CaseChange(
                    kind="rectified",
                    at=at,
                    from_status="open",
                    to_status="rectified",
                    on=on,
                    **common,
                )
            )
            case.status, case.rectified_on = "rectified", on
    RentalCase.objects.bulk_update(cases, ["status", "rectified_on"], batch_size=5000)
    CaseChange.objects.bulk_create(changes, batch_size=5000)
    return f"{len(cases):,} cases, {len(changes):,} changes"


def seed_pledges() -> str:
    """A unit paired with every community, 24 pledges each, due over the 13 months."""
    from grassroots.org.models import Level, OrgNode
    from grassroots.pairing.models import PairedUnit, Pairing, Pledge

    rng = random.Random(24)
    district = OrgNode.objects.get(depth=1)
    communities = list(OrgNode.objects.filter(level=Level.COMMUNITY).order_by("path"))
    units = PairedUnit.objects.bulk_create(
        PairedUnit(district=district, code=f"U{n:05d}", name=f"结对单位{n}")
        for n in range(len(communities))
    )
    pairings = Pairing.objects.bulk_create(
        Pairing(unit=unit, community=community, started_on=FIRST_MONTH)
        for unit, community in zip(units, communities, strict=True)
    )
    pledges = []
    for pairing in pairings:
        for n in range(24):
            deadline = random_moment(rng).date() + datetime.timedelta(days=30)
            closed = deadline - datetime.timedelta(days=rng.randint(-20, 40))
            done = rng.random() < 0.8
            pledges.append(
                Pledge(
                    pairing=pairing,
                    deadline=deadline,
                    text=f"承诺事项{n}",
                    task=rng.choice(["organisation", "governance", "livelihood"]),
                    status="closed" if done else "open",
                    closed_on=closed if done else None,
                    progress=100 if done else 50,
                )
            )
    Pledge.objects.bulk_create(pledges, batch_size=5000)
    return f"{len(pairings):,} pairings, {len(pledges):,} pledges"


def seed_meetings() -> str:
    """Every branch's 支委会 and 党小组会 monthly, 党员大会 and 党课 quarterly; a tenth missed."""
    from grassroots.branchlife.models import BranchMeeting
    from grassroots.branchlife.rules import BRANCH_KINDS
    from grassroots.org.models import PartyOrganization

    rng = random.Random(25)
    months = [FIRST_MONTH]
    while len(months) < 13:
        last = months[-1]
        months.append(last.replace(year=last.year + last.month // 12, month=last.month % 12 + 1))
    branches = PartyOrganization.objects.filter(kind__in=BRANCH_KINDS).values_list("pk", flat=True)
    meetings = []
    for branch in branches:
        for month in months:
            kinds = ["committee", "group"] + (["general", "lesson"] if month.month % 3 == 1 else [])
            for kind in kinds:
                if rng.random() < 0.1:
                    continue
                meetings.append(
                    BranchMeeting(
                        branch_id=branch,
                        kind=kind,
                        held_on=month + datetime.timedelta(days=rng.randint(0, 27)),
                        topic="学习",
                        place="党群服务中心",
                    )
                )
    BranchMeeting.objects.bulk_create(meetings, batch_size=5000)
    return f"{len(meetings):,} meetings"


def seed_cases() -> str:
    from django.utils import timezone

    from grassroots.indicators.models import CriminalCaseCount
    from grassroots.org.models import Level, OrgNode

    rng = random.Random(26)
    now = timezone.now()
    rows = []
    for community in OrgNode.objects.filter(level=Level.COMMUNITY).values_list("pk", flat=True):
        month = FIRST_MONTH
        for _ in range(13):
            rows.append(
                CriminalCaseCount(
                    community_id=community, month=month, cases=rng.randint(0, 6), imported_at=now
                )
            )
            month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    CriminalCaseCount.objects.bulk_create(rows)
    return f"{len(rows):,} community months"


# --- measuring -------------------------------------------------------------------------------


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _run in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(runs: int, rollups: int) -> int:
    from django.db import connection

    from grassroots.demands.models import Demand
    from grassroots.indicators.periods import parse_period
    from grassroots.indicators.selectors import table
    from grassroots.indicators.services import counted_indicators, roll_up
    from grassroots.indicators.specs import declared_indicators
    from grassroots.kernel.plugins import load
    from grassroots.org.models import Level, OrgNode
    from grassroots.registry.models import Household, Resident, Room
    from grassroots.sweeps.models import Visit

    period = parse_period(PERIOD)
    print(
        f"{Resident.objects.count():,} residents, {Household.objects.count():,} households, "
        f"{Room.objects.count():,} rooms, {Demand.objects.count():,} demands, "
        f"{Visit.objects.count():,} visits, {OrgNode.objects.count():,} org nodes; "
        f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; "
        f"{connection.vendor}",
        flush=True,
    )
    print(f"counters for {period.label} (each once):")
    for spec in counted_indicators():
        started = time.perf_counter()
        found = load(spec.counter)(period.first, period.last)
        took = time.perf_counter() - started
        print(f"  {spec.code:<34} {took * 1000:9.1f} ms  {len(found):>6} nodes", flush=True)
    times, result = timed(lambda: roll_up(period), rollups)
    rollup_s = statistics.median(times) / 1000
    print(
        f"roll_up({period.label}): median {rollup_s:.2f} s of {rollups} "
        f"(runs {', '.join(f'{t / 1000:.2f}' for t in times)} s), {result.rows:,} rows  "  # type: ignore[union-attr]
        f"target < {ROLLUP_TARGET_S:.0f} s {'ok' if rollup_s < ROLLUP_TARGET_S else 'MISSED'}"
    )
    district = OrgNode.objects.get(depth=1)

    def card() -> object:
        return table(None, district, period, Level.COMMUNITY).rows

    card()  # warm
    times, rows = timed(card, runs)
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    verdict = "ok" if p50 < SCORECARD_TARGET_MS else "MISSED"
    shown = f"{len(rows):,} communities x {len(declared_indicators())} indicators"  # type: ignore[arg-type]
    print(
        f"district scorecard: {shown} ({len(counted_indicators())} counted); "
        f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  best {min(times):.1f} ms of {runs}  "
        f"target < {SCORECARD_TARGET_MS:.0f} ms {verdict}"
    )
    return 0 if rollup_s < ROLLUP_TARGET_S and p50 < SCORECARD_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
