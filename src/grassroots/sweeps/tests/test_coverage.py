"""Coverage (一户不漏) on a small hand-built street, the numbers worked out by hand:

grid A1-1: 4 rooms (3栋 101 102, 5栋 201 202); visited 101 (twice), 102, 201;
           202 called at with nobody home                           → 3/4 = 75.0%
grid A1-2: 2 rooms, 1 visited                                       → 1/2 = 50.0%
community A1                                                        → 4/6 = 66.7%
grid A2-1 and community A2: 1 room, none visited                    → 0/1 = 0.0%
street A                                                            → 4/7 = 57.1%
"""

import datetime

import pytest
from django.utils import timezone

from grassroots.registry.services import ensure_room
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.selectors import building_shares, coverage, unvisited_rooms
from grassroots.sweeps.services import create_campaign
from grassroots.sweeps.tests.conftest import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(tree, worker):
    today = timezone.localdate()
    campaign = create_campaign(
        node=tree.street_a,
        name="汉江街道扫楼",
        start=True,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today,
    )

    def room(grid, building, number):
        return ensure_room(grid=grid, estate="清河小区", building=building, unit="", number=number)

    r = {
        "101": room(tree.grid_a1_1, "3栋", "101"),
        "102": room(tree.grid_a1_1, "3栋", "102"),
        "201": room(tree.grid_a1_1, "5栋", "201"),
        "202": room(tree.grid_a1_1, "5栋", "202"),
        "x1": room(tree.grid_a1_2, "7栋", "1"),
        "x2": room(tree.grid_a1_2, "7栋", "2"),
        "y1": room(tree.grid_a2_1, "9栋", "1"),
    }
    for key in ("101", "101", "102", "201", "x1"):
        record(campaign, r[key], worker)
    record(campaign, r["202"], worker, outcome=VisitOutcome.NO_ANSWER)
    return campaign, r


def test_each_unit_shows_the_share_of_its_rooms_visited(street, tree):
    campaign, _ = street
    shares = {
        row.node["code"]: (row.share.visited, row.share.rooms, row.share.percent)
        for row in coverage(campaign, None)
    }
    assert shares == {
        tree.street_a.code: (4, 7, 57.1),
        tree.community_a1.code: (4, 6, 66.7),
        tree.grid_a1_1.code: (3, 4, 75.0),
        tree.grid_a1_2.code: (1, 2, 50.0),
        tree.community_a2.code: (0, 1, 0.0),
        tree.grid_a2_1.code: (0, 1, 0.0),
    }


def test_coverage_takes_three_queries_however_many_rooms(street, django_assert_num_queries):
    from grassroots.sweeps.models import Campaign

    campaign = Campaign.objects.select_related("node").get(pk=street[0].pk)
    with django_assert_num_queries(3):  # the subtree, rooms per grid, rooms visited per grid
        coverage(campaign, None)


def test_each_building_of_a_grid_shows_its_share(street, tree):
    campaign, r = street
    shares = building_shares(campaign, tree.grid_a1_1.pk)
    assert (shares[r["101"].building_id].visited, shares[r["101"].building_id].rooms) == (2, 2)
    assert (shares[r["201"].building_id].visited, shares[r["201"].building_id].rooms) == (1, 2)


def test_the_rooms_not_yet_visited_are_listed_nobody_at_home_included(street, tree):
    campaign, r = street
    rooms = list(unvisited_rooms(campaign, tree.street_a, None))
    assert [room.pk for room in rooms] == [r["202"].pk, r["x2"].pk, r["y1"].pk]
    assert [room.tried for room in rooms] == [True, False, False]
    assert [room.pk for room in unvisited_rooms(campaign, tree.grid_a1_2, None)] == [r["x2"].pk]
