"""The demo seeder: one campaign with cases, each method's rectifications and a rebound."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.rentals.demo_seeds import seed_rentals
from grassroots.rentals.models import RentalCampaign
from grassroots.rentals.selectors import report
from grassroots.testing.personas import make_account

from .conftest import room

pytestmark = pytest.mark.django_db


def _context(tree, seed=1):
    return DemoContext(
        seed=seed,
        residents=0,
        district_code=tree.district.code,
        district=tree.district,
        rng=random.Random(seed),
    )


def test_the_demo_campaign_has_rectifications_by_every_method_and_a_rebound(tree):
    grids = (tree.grid_a1_1, tree.grid_a1_2, tree.grid_a2_1, tree.grid_b1_1)
    for grid in grids:
        make_account(grid, Role.GRID_WORKER, username=f"wg{grid.code}")
    for n in range(40):
        room(grids[n % 4], f"{n:03d}", use=RoomUse.GROUP_RENTAL if n < 36 else RoomUse.RENTED)
    seed_rentals(_context(tree))
    campaign = RentalCampaign.objects.get()
    figures = report(None, campaign).total
    assert figures.identified == 38  # 36 found at the start, 2 let to many tenants since
    assert figures.rebounds == 2
    assert 0 < figures.rectified < figures.identified
    assert all(n > 0 for n in figures.by_method.values())


def test_a_district_without_group_rentals_gets_no_campaign(tree):
    seed_rentals(_context(tree))
    assert not RentalCampaign.objects.exists()
