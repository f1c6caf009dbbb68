"""Coverage and data quality of a sweep over a district of ~400,000 rooms, timed.

    .venv/bin/python bench/sweep_coverage.py                  # SQLite, fresh temp data dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gr_bench .venv/bin/python \
        bench/sweep_coverage.py --postgres

Seeds the demo district's org tree for 1,000,000 residents (1,667 grids), then writes rooms
(40 to a building) and one visit for 70% of them straight into the tables with bulk inserts
(this is a measuring rig, not a registry write path), and times: the coverage roll-up of the
whole district, the buildings of one grid, the first page of rooms not yet visited, and the
data-quality flags that look at visits (pace, off hours, copied). Nothing is counted before
the data is in place. The temporary data dir is removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
import uuid


def _setup(postgres: bool) -> str:
    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    if not postgres:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    if postgres:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    return data


def _fill(rooms_wanted: int, visited_share: float) -> tuple[object, int]:
    import random
    from zoneinfo import ZoneInfo

    from grassroots.accounts.models import Account
    from grassroots.demo.services import seed_demo_district
    from grassroots.org.models import Level, OrgNode
    from grassroots.registry.models import Building, Estate, Room
    from grassroots.sweeps.choices import CampaignStatus
    from grassroots.sweeps.models import Campaign, Visit
    from grassroots.sweeps.services import ensure_tasks

    district = seed_demo_district(residents=1_000_000).district
    grids = list(OrgNode.objects.filter(level=Level.GRID).order_by("path"))
    worker = Account.objects.filter(org_node__level=Level.GRID).first()
    per_grid = rooms_wanted // len(grids)
    estates = Estate.objects.bulk_create(Estate(grid=g, name=f"{g.code}小区") for g in grids)
    buildings = Building.objects.bulk_create(
        Building(grid=e.grid, estate=e, name=f"{b + 1}栋")
        for e in estates
        for b in range(-(-per_grid // 40))
    )
    rooms = [
        Room(
            grid=b.grid,
            building=b,
            unit="1单元",
            number=str(n),
            use="owner",
            address=f"{b.estate.name}{b.name}{n}",
        )
        for b in buildings
        for n in range(101, 141)
    ]
    Room.objects.bulk_create(rooms, batch_size=5000)
    campaign = Campaign.objects.create(
        node=district,
        name="2026年第四季度扫楼",
        status=CampaignStatus.RUNNING,
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    ensure_tasks(campaign)
    rng = random.Random(1)
    start = datetime.datetime(2026, 10, 8, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    visits = []
    chosen = (
        r
        for r in Room.objects.order_by("pk").values_list("pk", "grid_id")
        if rng.random() < visited_share
    )
    for i, (pk, grid_id) in enumerate(chosen):
        visit = Visit(
            key=uuid.UUID(int=rng.getrandbits(128), version=4),
            campaign=campaign,
            grid_id=grid_id,
            room_id=pk,
            worker=worker,
            room_use="owner",
            note="已核实",
            residents={"present": [], "moved_out": [], "added": []},
        )
        visit.set_time(start + datetime.timedelta(minutes=12 * i))
        visits.append(visit)
    Visit.objects.bulk_create(visits, batch_size=5000)
    return Campaign.objects.select_related("node").get(pk=campaign.pk), len(rooms)


def _time(label: str, work) -> float:  # noqa: ANN001
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds * 1000:8.0f} ms   {result}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=400_000)
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL")
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()
    data = _setup(args.postgres)
    try:
        from django.db import connection

        from grassroots.org.models import Level
        from grassroots.sweeps import quality, selectors

        campaign, rooms = _fill(args.rooms, 0.7)
        print(
            f"{connection.vendor}: {rooms:,} rooms, "
            f"{campaign.visits.count():,} visits, {campaign.tasks.count():,} grids"
        )
        grid = campaign.tasks.select_related("grid").first().grid
        _time(
            "coverage of the district (every node)",
            lambda: f"{selectors.coverage(campaign)[0].share.percent}%",
        )
        _time("buildings of one grid", lambda: len(selectors.building_shares(campaign, grid.pk)))
        _time(
            "first 50 rooms not yet visited",
            lambda: len(list(selectors.unvisited_rooms(campaign, campaign.node)[:50])),
        )
        _time(
            "count of rooms not yet visited",
            lambda: selectors.unvisited_rooms(campaign, campaign.node).count(),
        )
        _time("quality: too fast (window function)", lambda: len(quality.fast_bursts(campaign)))
        _time("quality: off hours (grouped)", lambda: len(quality.off_hours_days(campaign)))
        _time("quality: copied from last sweep", lambda: len(quality.copied_visits(campaign)))
        _time(
            "quality: vacant rooms with residents", lambda: len(quality.vacant_occupied(campaign))
        )
        assert grid.level == Level.GRID
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
