"""Rooms in three communities of two streets, some of them group rentals, and dates around now."""

import datetime

import pytest
from django.utils import timezone

from grassroots.registry.choices import RoomUse
from grassroots.registry.services import ensure_room


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def room(grid, number, use=RoomUse.GROUP_RENTAL, estate="清河小区", building="3栋"):
    return ensure_room(
        grid=grid, estate=estate, building=building, unit="1单元", number=number, use=use
    )


@pytest.fixture
def rooms(tree):
    """Group rentals: two in grid A1-1, one in A1-2, one in A2-1, one in B1-1; one owner-run."""
    return {
        "a1_101": room(tree.grid_a1_1, "101"),
        "a1_102": room(tree.grid_a1_1, "102"),
        "a1_103": room(tree.grid_a1_1, "103", use=RoomUse.OWNER_OCCUPIED),
        "a12_201": room(tree.grid_a1_2, "201", estate="樊西小区"),
        "a2_301": room(tree.grid_a2_1, "301", estate="前进小区"),
        "b1_401": room(tree.grid_b1_1, "401", estate="春园小区"),
    }


@pytest.fixture
def campaign(tree, rooms):
    """A campaign over street A, started 30 days ago, not ended."""
    from grassroots.rentals.services import open_campaign

    return open_campaign(area=tree.street_a, title="汉江街道群租房整治", starts_on=days_ago(30))
