"""Time the group-rental campaign report (群租房整治报告) over 20,000 cases on SQLite.

    .venv/bin/python bench/rentals_report.py                 # 20,000 cases
    .venv/bin/python bench/rentals_report.py --cases 50000

In a fresh temporary data dir (migrations not counted): a district of 4 streets, 20
communities and 100 grids, one group-rental room per case, a campaign over the district opened
through ``open_campaign`` (its cases and their first history rows written in bulk), then in bulk
three in five cases rectified by one of the five methods and one in fifty of those gone back
(反弹). Times the report (median of 5) as the district (the operator's command line: no scope)
and as a street's staff (through ``visible_to``), today and as of an earlier date. Target: under
300 ms for 20,000 cases. The data dir is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

TARGET_MS = 300.0
STREETS, COMMUNITIES, GRIDS = 4, 5, 5  # per district, street, community


def build_tree():  # noqa: ANN201
    from grassroots.org.models import Level, OrgNode

    district = OrgNode.objects.add_root(
        {"code": "420606000000", "name": "基准区", "level": Level.DISTRICT}
    )
    grids = []
    for s in range(1, STREETS + 1):
        street = OrgNode.objects.add_child(
            OrgNode.objects.get(pk=district.pk),
            {"code": f"420606{s:03d}000", "name": f"街道{s}", "level": Level.STREET},
        )
        for c in range(1, COMMUNITIES + 1):
            community = OrgNode.objects.add_child(
                OrgNode.objects.get(pk=street.pk),
                {"code": f"420606{s:03d}{c:03d}", "name": f"社区{s}-{c}", "level": Level.COMMUNITY},
            )
            for g in range(1, GRIDS + 1):
                code = f"420606{s:03d}{c:03d}{g:03d}"
                grids.append(
                    OrgNode.objects.add_child(
                        OrgNode.objects.get(pk=community.pk),
                        {"code": code, "name": f"网格{s}-{c}-{g}", "level": Level.GRID},
                    )
                )
    return district, grids


def street_of(grid):  # noqa: ANN001, ANN201
    from grassroots.org.models import OrgNode

    return OrgNode.objects.get_parent(OrgNode.objects.get_parent(grid))


def seed_rooms(grids: list, cases: int) -> None:
    from grassroots.registry.choices import RoomUse
    from grassroots.registry.models import Building, Estate, Room

    per_grid = -(-cases // len(grids))
    rooms = []
    for grid in grids:
        estate = Estate.objects.create(grid=grid, name=f"小区{grid.code[-6:]}")
        building = Building.objects.create(estate=estate, grid=grid, name="1栋")
        for n in range(per_grid):
            if len(rooms) == cases:
                break
            rooms.append(
                Room(
                    grid=grid,
                    building=building,
                    unit="1单元",
                    number=str(n + 1),
                    use=RoomUse.GROUP_RENTAL,
                    address=f"{estate.name}1栋1单元{n + 1}",
                )
            )
    Room.objects.bulk_create(rooms, batch_size=2000)


def rectify_in_bulk(campaign, rng: random.Random) -> tuple[int, int]:  # noqa: ANN001
    from grassroots.rentals.choices import CaseStatus, ChangeKind, Method
    from grassroots.rentals.models import CaseChange, RentalCase

    changes, rectified, rebounds = [], 0, 0
    done_on = campaign.starts_on + datetime.timedelta(days=20)
    back_on = campaign.starts_on + datetime.timedelta(days=40)
    for case_id, grid_id in campaign.cases.values_list("pk", "grid_id"):
        if rng.random() >= 0.6:
            continue
        method = rng.choice(Method.values)
        changes.append(
            CaseChange(
                case_id=case_id,
                campaign=campaign,
                grid_id=grid_id,
                kind=ChangeKind.RECTIFIED,
                from_status=CaseStatus.OPEN,
                to_status=CaseStatus.RECTIFIED,
                on=done_on,
                method=method,
            )
        )
        rectified += 1
        if rng.random() < 0.02:
            changes.append(
                CaseChange(
                    case_id=case_id,
                    campaign=campaign,
                    grid_id=grid_id,
                    kind=ChangeKind.REBOUND,
                    from_status=CaseStatus.RECTIFIED,
                    to_status=CaseStatus.OPEN,
                    on=back_on,
                )
            )
            rebounds += 1
    CaseChange.objects.bulk_create(changes, batch_size=2000)
    RentalCase.objects.filter(
        pk__in=CaseChange.objects.filter(kind=ChangeKind.RECTIFIED).values("case_id")
    ).update(status=CaseStatus.RECTIFIED)
    return rectified, rebounds


def timed(func, runs: int = 5) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    from grassroots.accounts.models import Account
    from grassroots.rentals.selectors import report
    from grassroots.rentals.services import open_campaign

    try:
        call_command("migrate", interactive=False, verbosity=0)
        district, grids = build_tree()
        seed_rooms(grids, args.cases)
        start = time.perf_counter()
        campaign = open_campaign(
            area=district, title="基准整治", starts_on=datetime.date(2026, 9, 1)
        )
        opened = time.perf_counter() - start
        rectified, rebounds = rectify_in_bulk(campaign, random.Random(2026))
        street = Account.objects.create_user(
            username="street", password="x", org_node=street_of(grids[0])
        )
        print(
            f"opened {campaign.cases.count():,} cases in {opened:.2f} s; "
            f"{rectified:,} rectified, {rebounds:,} rebounds"
        )
        worst = 0.0
        for label, user, as_of in (
            ("district, today", None, None),
            ("district, as of 2026-09-25", None, datetime.date(2026, 9, 25)),
            ("one street, today", street, None),
        ):
            ms, result = timed(lambda u=user, d=as_of: report(u, campaign, d))
            total = result.total  # type: ignore[attr-defined]
            print(
                f"report {label}: {ms:.1f} ms (identified {total.identified:,}, "
                f"rectified {total.rectified:,}, rate {total.rate}%)"
            )
            worst = max(worst, ms)
        print(f"worst {worst:.1f} ms, target {TARGET_MS:.0f} ms")
        return 0 if worst < TARGET_MS else 1
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
