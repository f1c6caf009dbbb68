"""A grid with two buildings, residents in them, a member linked to one household (with a
private phone of their own), a chief, a worker and a volunteer; other grids left bare."""

import datetime

import pytest

from grassroots.grids.models import PostRole
from grassroots.grids.services import appoint_post
from grassroots.members.models import HouseholdLink
from grassroots.members.testing import make_member
from grassroots.people.models import Person
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

SINCE = datetime.date(2026, 1, 5)
RESIDENT_PHONE = "13911112222"
MEMBER_PRIVATE_PHONE = "13544445555"
CHIEF_PHONE = "13812345678"
WORKER_PHONE = "13698765432"


@pytest.fixture
def buildings(tree):
    """Two buildings of 清河小区 in grid A1-1, each with a resident household; one in A2-1."""
    rooms = {
        "b1": ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building="1栋", unit="1单元", number="101"
        ),
        "b2": ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building="2栋", unit="1单元", number="201"
        ),
        "other": ensure_room(
            grid=tree.grid_a2_1, estate="前进小区", building="8栋", unit="1单元", number="801"
        ),
    }
    residents = {
        key: register_resident(
            room=room,
            data=ResidentData(name=f"居民{key}王小明", gender="M", phone=RESIDENT_PHONE),
            on=SINCE,
        )
        for key, room in rooms.items()
    }
    return {"rooms": rooms, "residents": residents}


@pytest.fixture
def member(tree, buildings):
    """赵红梅, a member living in A1-1, linked to the household of building 1 (their own phone
    is personal: it must never reach a notice)."""
    found = make_member(tree.grid_a1_1, "m1", name="赵红梅")
    person = Person.objects.get(pk=found.person_id)
    person.set_personal_data(phone=MEMBER_PRIVATE_PHONE)
    person.save()
    HouseholdLink.objects.create(
        member=found,
        household=buildings["residents"]["b1"].household,
        grid=tree.grid_a1_1,
        linked_on=SINCE,
    )
    return found


@pytest.fixture
def posts(tree):
    """A1-1: a chief, a worker and a volunteer. A1-2 and the rest: nothing."""
    return {
        "chief": appoint_post(
            grid=tree.grid_a1_1,
            role=PostRole.CHIEF,
            name="孙国强",
            work_phone=CHIEF_PHONE,
            since=SINCE,
        ),
        "worker": appoint_post(
            grid=tree.grid_a1_1,
            role=PostRole.WORKER,
            name="周丽",
            work_phone=WORKER_PHONE,
            since=SINCE,
        ),
        "volunteer": appoint_post(
            grid=tree.grid_a1_1, role=PostRole.VOLUNTEER, name="吴志愿", since=SINCE
        ),
    }
