"""The home page as a workbench (工作台): the sweeps, pairing and meetings panels each role
lands on, their counts checked against the database, and their cost in queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grassroots.branchlife.testing import branch_at, make_meeting
from grassroots.kernel.permissions import Role
from grassroots.pairing.testing import make_pledge, make_problem, make_task, pair
from grassroots.registry.models import Household, Room
from grassroots.registry.testing import make_resident
from grassroots.sweeps.choices import HazardStatus
from grassroots.sweeps.models import Hazard
from grassroots.sweeps.selectors.workbench import RECTIFY_DAYS
from grassroots.sweeps.testing import make_campaign, make_hazard, make_visit

pytestmark = pytest.mark.django_db


def _tile(html: str, key: str) -> int:
    start = html.index(f'data-testid="tile-{key}"')
    number = html.index('class="n">', start) + len('class="n">')
    return int(html[number : html.index("<", number)])


def _home(as_role, role) -> str:
    response = as_role(role).get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def sweep(tree):
    """A running campaign over street A; three households in grid A1-1 nobody has visited;
    two open hazards in A1-1, one found 40 days ago; one in street B."""
    for tag in ("301", "302", "303"):
        make_resident(tree.grid_a1_1, tag)
    campaign = make_campaign(tree.street_a, "街道扫楼")
    old = make_hazard(tree.grid_a1_1, "旧")
    Hazard.objects.filter(pk=old.pk).update(found_at=timezone.now() - datetime.timedelta(days=40))
    make_hazard(tree.grid_a1_1, "新")
    make_hazard(tree.grid_b1_1, "别处")
    return campaign


def test_a_grid_worker_sees_rooms_left_hazards_and_households_not_visited(sweep, as_role, tree):
    html = _home(as_role, Role.GRID_WORKER)
    rooms = Room.objects.filter(grid=tree.grid_a1_1).count()
    assert _tile(html, "rooms-left") == rooms  # nothing visited in the street's campaign
    assert sweep.name in html
    hazards = Hazard.objects.filter(grid=tree.grid_a1_1, status=HazardStatus.OPEN)
    assert _tile(html, "hazards-open") == hazards.count() == 2
    late = timezone.now() - datetime.timedelta(days=RECTIFY_DAYS)
    assert _tile(html, "hazards-overdue") == hazards.filter(found_at__lt=late).count() == 1
    households = Household.objects.filter(grid=tree.grid_a1_1, ended_on=None)
    assert _tile(html, "unvisited") == households.count() == 3
    make_visit(tree.grid_a1_1, "301")  # someone met the household of 301 at the door
    assert _tile(_home(as_role, Role.GRID_WORKER), "unvisited") == 2


def test_a_street_sees_the_running_sweep_as_bars_per_community(sweep, as_role, tree):
    html = _home(as_role, Role.STREET_STAFF)
    bars = html[html.index('data-testid="sweep-coverage"') :]
    assert 'data-node="420606001001"' in bars and 'data-node="420606002001"' not in html
    assert _tile(html, "hazards-open") == 2  # street B's hazard is not theirs
    assert 'data-testid="tile-rooms-left"' not in html


def test_pledges_and_tasks_falling_due_reach_the_community_and_the_liaison(tree, as_role, personas):
    today = timezone.localdate()
    pairing = pair("91420600MA0000001X", "市税务局", tree.community_a1)
    pairing.unit.liaisons.add(personas[Role.PAIRED_UNIT_LIAISON])
    make_pledge(pairing, "捐建社区图书角", deadline=today - datetime.timedelta(days=3))
    make_pledge(pairing, "资助困难党员", deadline=today + datetime.timedelta(days=5))
    make_pledge(pairing, "明年的承诺", deadline=today + datetime.timedelta(days=60))
    make_task(make_problem(pairing), "修缮活动室", deadline=today + datetime.timedelta(days=1))
    for role in (Role.COMMUNITY_SECRETARY, Role.PAIRED_UNIT_LIAISON):
        html = _home(as_role, role)
        assert _tile(html, "pairing-overdue") == 1, role
        assert _tile(html, "pairing-soon") == 2, role
        due = html[html.index('data-testid="pairing-due"') :]
        assert due.index("捐建社区图书角") < due.index("修缮活动室") < due.index("资助困难党员")
        assert "超期3天" in due and "明年的承诺" not in due


def test_the_community_sees_this_weeks_meetings_and_a_member_does_not(tree, as_role):
    branch = branch_at(tree.grid_a1_1)
    today = timezone.localdate()
    make_meeting(branch, held_on=today, topic="今天的支委会")
    make_meeting(branch, held_on=today + datetime.timedelta(days=3), topic="周五党课")
    make_meeting(branch, held_on=today + datetime.timedelta(days=9), topic="下周以后")
    html = _home(as_role, Role.COMMUNITY_SECRETARY)
    week = html[html.index('data-testid="meetings-week"') :]
    assert "今天的支委会" in week and "周五党课" in week and "下周以后" not in week
    assert "今天 1 场" in week
    assert 'data-testid="meetings-week"' not in _home(as_role, Role.PARTY_MEMBER)


def test_every_role_lands_on_its_workbench_in_a_bounded_number_of_queries(sweep, tree, as_role):
    """More hazards, rooms and meetings: no more queries (each count is grouped)."""
    roles = (Role.GRID_WORKER, Role.COMMUNITY_SECRETARY, Role.STREET_STAFF, Role.DISTRICT_ADMIN)
    before = {}
    for role in roles:
        client = as_role(role)
        client.get(reverse("site:home"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("site:home"))
        before[role] = len(queries)
        assert len(queries) <= 45, (role, len(queries))
    for tag in ("a", "b", "c", "d"):
        make_hazard(tree.grid_a1_1, f"多{tag}")
        make_resident(tree.grid_a1_2, f"多{tag}")
    make_campaign(tree.community_b1, "另一场")
    for role in roles:
        client = as_role(role)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("site:home"))
        assert len(queries) == before[role], role
