"""The home page leads with results (本月成效): the unit's indicators for the last month kept,
as a chart against targets and figures linking to each indicator's page."""

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grassroots.indicators import selectors
from grassroots.indicators.panels import results_panel
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.indicators.specs import declared_indicators
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import IndicatorSpec
from grassroots.registry.services import ensure_room
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.models import Campaign, Visit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def november(tree, personas):
    """Four rooms in grid A1-1, one entered in November 2026 (扫楼覆盖率 25 %), rolled up."""
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="1栋", unit="1单元", number=n)
        for n in ("101", "102", "103", "104")
    ]
    campaign = Campaign.objects.create(
        node=tree.community_a1,
        name="扫楼",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    Visit.objects.create(
        key=uuid.uuid4(),
        campaign=campaign,
        grid_id=tree.grid_a1_1.pk,
        room=rooms[0],
        worker=personas[Role.GRID_WORKER],
        visited_at=datetime.datetime(2026, 11, 5, 10, tzinfo=TZ),
        visited_on=datetime.date(2026, 11, 5),
        visited_hour=10,
        outcome=VisitOutcome.MET,
        room_use=rooms[0].use,
    )
    roll_up(parse_period("2026-11"))


def _home(as_role, role) -> str:
    response = as_role(role).get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


def _figure_line(html: str, code: str) -> str:
    start = html.rindex("<li", 0, html.index(f'data-code="{code}"'))
    return html[start : html.index("</li>", start)]


def test_the_community_home_page_opens_with_its_results_for_the_last_month_kept(november, as_role):
    html = _home(as_role, Role.COMMUNITY_SECRETARY)
    # First on the page, before what needs doing (the demands' panel) and the unit's counts.
    first_card = html.index('<section class="card')
    assert html.index('data-testid="results-panel"', first_card) < html.index(">", first_card)
    assert html.index('data-testid="results-panel"') < html.index('data-testid="demands-panel"')
    assert "清河口社区 · 2026-11 统计" in html
    line = _figure_line(html, "sweep_coverage_rate")
    assert "25.0%" in line
    assert 'href="/indicators/sweep_coverage_rate/?unit=420606001001&amp;period=2026-11"' in line
    chart = json.loads(html.split('id="glance-data" type="application/json">')[1].split("<")[0])
    bar = chart["labels"].index("扫楼覆盖率")
    assert chart["series"][0]["data"][bar] == 25.0
    assert chart["links"][bar].endswith("unit=420606001001&period=2026-11")


def test_the_district_sees_its_own_figures_not_a_communitys(november, as_role):
    html = _home(as_role, Role.DISTRICT_ADMIN)
    assert "樊城区 · 2026-11 统计" in html
    # The district has 4 rooms, all in A1-1: the same 1 of 4; a street B figure would be 0/0.
    assert "25.0%" in _figure_line(html, "sweep_coverage_rate")
    assert "unit=420606000000" in _figure_line(html, "sweep_coverage_rate")


def test_an_indicator_still_waiting_for_its_module_says_so_and_links_nowhere(
    november, as_role, monkeypatch
):
    waiting = IndicatorSpec(
        "noise_rate", "噪音投诉率", "percent", "lower", waiting_for="待噪声监测模块", order=99
    )
    specs = [*declared_indicators(), waiting]
    monkeypatch.setattr(selectors, "declared_indicators", lambda: specs)
    line = _figure_line(_home(as_role, Role.STREET_STAFF), "noise_rate")
    assert "待噪声监测模块" in line
    assert "href" not in line


def test_bars_are_coloured_by_their_target(november, as_role, monkeypatch):
    specs = declared_indicators()
    targeted = [
        type(spec)(**{**vars(spec), "targets": {"community": Decimal(30)}})
        if spec.code == "sweep_coverage_rate"
        else spec
        for spec in specs
    ]
    monkeypatch.setattr(selectors, "declared_indicators", lambda: targeted)
    html = _home(as_role, Role.COMMUNITY_SECRETARY)
    line = _figure_line(html, "sweep_coverage_rate")
    # 25.0 % against 30 %: short by 5 points, amber.
    assert 'class="rag amber"' in line
    assert "目标 30.0" in line
    chart = json.loads(html.split('id="glance-data" type="application/json">')[1].split("<")[0])
    bar = chart["labels"].index("扫楼覆盖率")
    assert chart["statuses"][bar] == "amber"
    assert chart["series"][1]["data"][bar] == 30.0


def test_before_any_rollup_the_panel_says_so_and_names_the_command(tree, as_role):
    html = _home(as_role, Role.COMMUNITY_SECRETARY)
    assert "考核指标尚未汇总" in html
    assert "grassroots indicators rollup --period " in html
    assert 'id="glance-chart"' not in html


def test_grid_workers_and_members_have_no_results_panel(november, as_role):
    assert 'data-testid="results-panel"' not in _home(as_role, Role.GRID_WORKER)
    assert 'data-testid="results-panel"' not in _home(as_role, Role.PARTY_MEMBER)


def test_the_panel_reads_three_queries_whatever_the_number_of_indicators(november, personas):
    with CaptureQueriesContext(connection) as queries:
        panel = results_panel(personas[Role.DISTRICT_ADMIN])
    assert panel is not None and panel.period == parse_period("2026-11")
    assert len(queries) == 3


def test_a_sampled_figure_shows_its_sample_size_and_interval(november, as_role, monkeypatch):
    sampled = [
        type(spec)(**{**vars(spec), "sampled": True})
        if spec.code == "sweep_coverage_rate"
        else spec
        for spec in declared_indicators()
    ]
    monkeypatch.setattr(selectors, "declared_indicators", lambda: sampled)
    line = _figure_line(_home(as_role, Role.COMMUNITY_SECRETARY), "sweep_coverage_rate")
    # 1 of 4: Wilson 95% interval 4.6 %–69.9 %.
    assert "n=4，95%置信区间 4.6%–69.9%" in line
