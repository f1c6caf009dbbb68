"""The sweeps' indicators on hand-built visits and hazards: hazard rectification, sweep
coverage and registry freshness (动态化信息更新), for November 2026."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from grassroots.registry.models import Household, RegistryChange
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.choices import HazardKind, HazardStatus, VisitOutcome
from grassroots.sweeps.indicators import (
    hazard_rectification,
    registry_freshness,
    sweep_coverage,
    twelve_months_before,
)
from grassroots.sweeps.models import Campaign, Hazard, Visit
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
FIRST, LAST = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def grid(tree):
    return tree.grid_a1_1


@pytest.fixture
def campaign(grid):
    return Campaign.objects.create(
        node=grid, name="扫楼", starts_on=day("2025-01-01"), ends_on=day("2026-12-31")
    )


@pytest.fixture
def worker(grid):
    return make_account(grid, "grid_worker", username="worker")


def room(grid, number):
    return ensure_room(grid=grid, estate="清河小区", building="1栋", unit="1单元", number=number)


def visit(campaign, worker, a_room, on, outcome=VisitOutcome.MET):
    at = datetime.datetime.combine(day(on), datetime.time(10), tzinfo=TZ)
    return Visit.objects.create(
        key=uuid.uuid4(),
        campaign=campaign,
        grid_id=a_room.grid_id,
        room=a_room,
        worker=worker,
        visited_at=at,
        visited_on=day(on),
        visited_hour=10,
        outcome=outcome,
        room_use=a_room.use,
    )


def hazard(a_visit, found, rectified=None):
    return Hazard.objects.create(
        campaign=a_visit.campaign,
        visit=a_visit,
        grid_id=a_visit.grid_id,
        room=a_visit.room,
        kind=HazardKind.GAS,
        found_at=datetime.datetime.combine(day(found), datetime.time(10), tzinfo=TZ),
        status=HazardStatus.RECTIFIED if rectified else HazardStatus.OPEN,
        rectified_on=day(rectified) if rectified else None,
    )


def test_hazards_found_in_the_period_over_those_rectified_by_its_last_day(
    tree, grid, campaign, worker
):
    v = visit(campaign, worker, room(grid, "101"), "2026-11-01")
    hazard(v, "2026-11-05", rectified="2026-11-20")  # found and rectified in November
    hazard(v, "2026-11-10", rectified="2026-12-02")  # rectified only after the period
    hazard(v, "2026-11-15")  # still open
    hazard(v, "2026-10-31", rectified="2026-11-02")  # found in October: not November's
    other = visit(campaign, worker, room(tree.grid_a2_1, "201"), "2026-11-01")
    hazard(other, "2026-11-30", rectified="2026-11-30")
    assert hazard_rectification(FIRST, LAST) == {grid.pk: (1, 3), tree.grid_a2_1.pk: (1, 1)}


def test_coverage_counts_rooms_entered_in_the_period_once_each(tree, grid, campaign, worker):
    rooms = [room(grid, f"10{n}") for n in range(1, 6)]
    room(tree.grid_a2_1, "201")
    visit(campaign, worker, rooms[0], "2026-11-03")
    visit(campaign, worker, rooms[0], "2026-11-20")  # the same room again
    visit(campaign, worker, rooms[1], "2026-11-03", outcome=VisitOutcome.NO_ANSWER)
    visit(campaign, worker, rooms[2], "2026-10-31")  # before the period
    visit(campaign, worker, rooms[3], "2026-11-30")
    assert sweep_coverage(FIRST, LAST) == {grid.pk: (2, 5), tree.grid_a2_1.pk: (0, 1)}


def live(a_room, on="2020-01-01"):
    return register_resident(
        room=a_room, data=ResidentData(name=f"居民{a_room.number}", gender="M"), on=day(on)
    )


def test_freshness_counts_households_confirmed_by_a_visit_or_an_edit_in_twelve_months(
    tree, grid, campaign, worker
):
    rooms = {n: room(grid, n) for n in ("101", "102", "103", "104", "105", "106")}
    residents = {n: live(r) for n, r in rooms.items() if n != "105"}
    live(rooms["105"], on="2026-12-01")  # moved in after the period: not counted
    RegistryChange.objects.update(at=datetime.datetime(2020, 1, 1, tzinfo=TZ))
    visit(campaign, worker, rooms["101"], "2026-06-01")  # confirmed by a visit
    visit(campaign, worker, rooms["102"], "2026-06-01", outcome=VisitOutcome.NO_ANSWER)
    visit(campaign, worker, rooms["104"], "2025-11-30")  # a day too early
    edit = RegistryChange.objects.filter(resident=residents["103"]).get()
    edit.at = datetime.datetime(2025, 12, 1, 0, 0, tzinfo=TZ)  # first day of the window
    edit.save(update_fields=["at"])
    # A household that left before the period's end is not counted either.
    Household.objects.filter(room=rooms["106"]).update(ended_on=day("2026-11-30"))
    assert registry_freshness(FIRST, LAST) == {grid.pk: (2, 4)}


def test_the_twelve_months_end_on_the_periods_last_day():
    assert twelve_months_before(day("2026-11-30")) == day("2025-12-01")
    assert twelve_months_before(day("2028-02-29")) == day("2027-03-01")
