"""A campaign the district runs is each street's work too: a street reads its header and its own
street's coverage, never another street's figures, and never starts or ends it. Ending a
campaign its own unit runs asks once more, from the last button.

The district campaign covers: street A 3 rooms (grid A1-1 two, one visited; grid A2-1 one),
street B 2 rooms (grid B1-1, both visited).
"""

import datetime
import re

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.choices import CampaignStatus
from grassroots.sweeps.models import Campaign
from grassroots.sweeps.selectors import coverage
from grassroots.sweeps.services import create_campaign
from grassroots.sweeps.tests.conftest import record
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_campaign(tree, worker):
    today = timezone.localdate()
    campaign = create_campaign(
        node=tree.district,
        name="全区第四季度扫楼",
        start=True,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=30),
    )

    def room(grid, number, use=RoomUse.OWNER_OCCUPIED):
        return ensure_room(
            grid=grid, estate="清河小区", building="3栋", unit="", number=number, use=use
        )

    rooms = {
        "a1": room(tree.grid_a1_1, "101"),
        "a2": room(tree.grid_a1_1, "102"),
        "a3": room(tree.grid_a2_1, "201"),
        "b1": room(tree.grid_b1_1, "301"),
        "b2": room(tree.grid_b1_1, "302", use=RoomUse.VACANT),
    }
    record(campaign, rooms["a1"], worker)
    b_worker = make_account(tree.grid_b1_1, Role.GRID_WORKER, username="b_worker")
    record(campaign, rooms["b1"], b_worker)
    record(campaign, rooms["b2"], b_worker)
    # A vacant room with someone registered in it: a data-quality flag in street B only.
    register_resident(
        room=rooms["b2"],
        data=ResidentData(name="王寨住户", gender="M", id_number="420606199001011239"),
        on=timezone.localdate() - datetime.timedelta(days=100),
    )
    return campaign, rooms


def _codes(page: str) -> set[str]:
    return set(re.findall(r'data-node="(\d+)"', page))


def test_a_street_reads_its_districts_campaign_with_its_own_streets_coverage_only(
    as_role, district_campaign, tree
):
    campaign, _ = district_campaign
    client = as_role(Role.STREET_STAFF)
    listing = client.get("/sweeps/campaigns/").content.decode()
    assert campaign.name in listing and "上级部署" in listing
    page = client.get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    assert "本任务由樊城区部署" in page
    assert _codes(page) == {
        tree.street_a.code,
        tree.community_a1.code,
        tree.community_a2.code,
        tree.grid_a1_1.code,
        tree.grid_a1_2.code,
        tree.grid_a2_1.code,
    }
    # The street's own figure, not the district's 3 of 5.
    assert "已走访 1 / 3 户（33.3%）" in page
    assert "王寨" not in page and "春园" not in page and "3 / 5" not in page


def test_the_other_street_sees_the_same_campaign_with_its_own_figures(
    as_role, district_campaign, tree
):
    campaign, _ = district_campaign
    client = as_role(Role.STREET_STAFF)
    client.force_login(make_account(tree.street_b, Role.STREET_STAFF, username="b_staff"))
    page = client.get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    assert "已走访 2 / 2 户（100.0%）" in page
    assert tree.street_a.code not in page and "清河口" not in page


def test_the_district_sees_every_street_and_the_total(as_role, district_campaign, tree):
    campaign, _ = district_campaign
    page = as_role(Role.DISTRICT_ADMIN).get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    assert {tree.district.code, tree.street_a.code, tree.street_b.code} <= _codes(page)
    assert "已走访 3 / 5 户（60.0%）" in page
    assert "本任务由" not in page


def test_a_grid_worker_reads_the_campaign_for_its_own_grid(as_role, district_campaign, tree):
    campaign, _ = district_campaign
    page = as_role(Role.GRID_WORKER).get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    assert _codes(page) == {tree.grid_a1_1.code}
    assert "已走访 1 / 2 户（50.0%）" in page


def test_coverage_is_the_users_part_in_the_same_three_queries(
    district_campaign, personas, django_assert_num_queries
):
    campaign = Campaign.objects.select_related("node").get(pk=district_campaign[0].pk)
    street = personas[Role.STREET_STAFF]
    street.org_node  # noqa: B018 -- the account's unit, loaded once per request anyway
    with django_assert_num_queries(3):
        rows = coverage(campaign, street)
    assert (rows[0].share.visited, rows[0].share.rooms) == (1, 3)


def test_a_street_cannot_start_or_end_a_campaign_run_above_it(as_role, district_campaign):
    campaign, _ = district_campaign
    client = as_role(Role.STREET_STAFF)
    page = client.get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    assert "结束任务" not in page and 'name="status"' not in page
    assert client.get(f"/sweeps/campaigns/{campaign.pk}/finish/").status_code == 404
    answer = client.post(
        f"/sweeps/campaigns/{campaign.pk}/status/",
        {"status": "finished", "version": campaign.version, "confirmed": "yes"},
    )
    assert answer.status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING


def test_the_rooms_not_visited_and_the_quality_flags_are_the_streets_own(
    as_role, district_campaign, tree
):
    campaign, rooms = district_campaign
    client = as_role(Role.STREET_STAFF)
    unvisited = client.get(f"/sweeps/campaigns/{campaign.pk}/unvisited/").content.decode()
    assert rooms["a2"].address in unvisited and rooms["a3"].address in unvisited
    assert "共 2 户" in unvisited
    street_b = client.get(f"/sweeps/campaigns/{campaign.pk}/unvisited/?node={tree.street_b.pk}")
    assert street_b.status_code == 404
    quality = client.get(f"/sweeps/campaigns/{campaign.pk}/quality/").content.decode()
    assert rooms["b2"].address not in quality
    district = as_role(Role.DISTRICT_ADMIN)
    assert rooms["b2"].address in (
        district.get(f"/sweeps/campaigns/{campaign.pk}/quality/").content.decode()
    )


def test_ending_a_campaign_is_the_last_button_and_asks_first(as_role, campaign):
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = client.get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    actions = page[page.index('data-testid="campaign-actions"') :]
    actions = actions[: actions.index("</div>")]
    buttons = re.findall(r'class="btn[^"]*"', actions)
    assert buttons[-1] == 'class="btn danger"' and "btn danger" not in buttons[0]
    assert f"/sweeps/campaigns/{campaign.pk}/finish/" in actions
    # Posting the end without the confirmation leads to the question, and ends nothing.
    answer = client.post(
        f"/sweeps/campaigns/{campaign.pk}/status/",
        {"status": "finished", "version": campaign.version},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("/finish/")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING
    question = client.get(f"/sweeps/campaigns/{campaign.pk}/finish/").content.decode()
    assert "结束“2026年第四季度扫楼”？" in question and "确认结束" in question
    client.post(
        f"/sweeps/campaigns/{campaign.pk}/status/",
        {"status": "finished", "version": campaign.version, "confirmed": "yes"},
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FINISHED
    # Once ended, there is nothing to end: the page says so instead of asking.
    again = client.get(f"/sweeps/campaigns/{campaign.pk}/finish/")
    assert again.status_code == 302


def test_coverage_is_drawn_as_bars_with_the_figures_beside_them(as_role, district_campaign):
    campaign, _ = district_campaign
    page = as_role(Role.STREET_STAFF).get(f"/sweeps/campaigns/{campaign.pk}/").content.decode()
    bars = page[page.index('data-testid="coverage-bars"') :]
    bars = bars[: bars.index("</ul>")]
    assert 'class="hbar-fill pct-33"' in bars and "33.3%（1/3 户）" in bars
    assert bars.count('aria-hidden="true"') == bars.count("hbar-track")
    # The street and its two communities: the grids are in the table below.
    assert bars.count('<li class="hbar') == 3
    assert 'data-testid="coverage"' in page
