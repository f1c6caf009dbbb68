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
    return create_campaign(
        node=tree.community_a1,
        name="2026年第四季度扫楼",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=30),
        start=True,
    )


@pytest.fixture
def rooms(tree):
    return [
        ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元", number=f"{n}"
        )
        for n in ("101", "102")
    ]


@pytest.fixture
def resident(rooms):
    data = ResidentData(name="王小明", gender="M", id_number="420606199001011239")
    return register_resident(room=rooms[0], data=data, on=TODAY() - datetime.timedelta(days=100))


@pytest.fixture
def worker(personas):
    from grassroots.kernel.permissions import Role

    return personas[Role.GRID_WORKER]


def new_key():
    return uuid.uuid4()


def record(campaign, room, worker, *, at=None, **fields):
    """Record a visit of ``room`` through the service, as the phone would."""
    from grassroots.sweeps.services.visits import VisitEntry, record_visit

    task = campaign.tasks.select_related("campaign").get(grid_id=room.grid_id)
    fields.setdefault("room_use", room.use)
    entry = VisitEntry(
        key=fields.pop("key", None) or uuid.uuid4(),
        room=room,
        visited_at=at or timezone.now(),
        **fields,
    )
    return record_visit(task=task, entry=entry, worker=worker).visit
