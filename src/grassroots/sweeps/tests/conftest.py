"""A running campaign over community A1 with two rooms in grid A1-1, and a worker there."""

import datetime
import uuid

import pytest
from django.utils import timezone

from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.services import create_campaign

TODAY = timezone.localdate


@pytest.fixture
def campaign(tree):
    today = TODAY()
    return create_campaign(node=tree.community_a1, name="2026年第四季度扫楼",
                           starts_on=today - datetime.timedelta(days=10),
                           ends_on=today + datetime.timedelta(days=30), start=True)


@pytest.fixture
def rooms(tree):
    return [ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元",
                        number=f"{n}") for n in ("101", "102")]


@pytest.fixture
def resident(rooms):
    data = ResidentData(name="王小明", gender="M", id_number="420606199001011234")
    return register_resident(room=rooms[0], data=data,
                             on=TODAY() - datetime.timedelta(days=100))


@pytest.fixture
def worker(personas):
    from grassroots.accounts.roles import Role

    return personas[Role.GRID_WORKER]


def new_key():
    return uuid.uuid4()
