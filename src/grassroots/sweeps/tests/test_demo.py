"""The demo seeder: a finished and a running campaign, with something for each quality flag."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.kernel.permissions import Role
from grassroots.registry.testing import make_resident, make_room
from grassroots.sweeps.choices import CampaignStatus, HazardStatus
from grassroots.sweeps.demo_seeds import seed_sweeps
from grassroots.sweeps.models import Campaign, Hazard, Visit
from grassroots.sweeps.quality import quality_report
from grassroots.sweeps.selectors import coverage
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


def _context(tree, seed=1):
    return DemoContext(
        seed=seed,
        residents=0,
        district_code=tree.district.code,
        district=tree.district,
        rng=random.Random(seed),
    )


@pytest.fixture
def district(tree):
    for grid in (tree.grid_a1_1, tree.grid_a1_2, tree.grid_b1_1):
        make_account(grid, Role.GRID_WORKER, username=f"wg{grid.code}")
    for n in range(60):
        grid = (tree.grid_a1_1, tree.grid_a1_2, tree.grid_b1_1)[n % 3]
        make_resident(grid, f"{n:03d}", id_number=_id(n)) if n % 2 else make_room(grid, f"{n:03d}")
    return tree


def _id(n):
    from stdnum.cn import ric

    base = f"42060619800101{n:03d}0"
    return base[:17] + ric.calc_check_digit(base)


def test_a_district_without_rooms_gets_no_sweeps(tree):
    seed_sweeps(_context(tree))
    assert not Campaign.objects.exists()


def test_the_demo_has_a_finished_and_a_running_campaign_with_every_flag(district):
    seed_sweeps(_context(district))
    q3 = Campaign.objects.get(name="2026年第三季度扫楼")
    q4 = Campaign.objects.get(name="2026年第四季度扫楼")
    assert (q3.status, q4.status) == (CampaignStatus.FINISHED, CampaignStatus.RUNNING)
    assert coverage(q3, None)[0].share.percent >= 90
    assert 20 <= coverage(q4, None)[0].share.percent < 90
    report, mismatches = quality_report(q4, None)
    assert report.pace and report.off_hours and report.copied
    assert mismatches == 2 and len(report.vacant_occupied) == 2
    statuses = set(Hazard.objects.values_list("status", flat=True))
    assert statuses <= {HazardStatus.OPEN, HazardStatus.RECTIFIED}


def test_the_same_seed_gives_the_same_visits(district):
    seed_sweeps(_context(district, seed=5))
    first = list(Visit.objects.order_by("pk").values_list("key", "room_id", "visited_at"))
    assert len(first) > 60
    Hazard.objects.all().delete()
    Visit.objects.all().delete()
    Campaign.objects.all().delete()
    seed_sweeps(_context(district, seed=5))
    again = list(Visit.objects.order_by("pk").values_list("key", "room_id", "visited_at"))
    assert again == first
