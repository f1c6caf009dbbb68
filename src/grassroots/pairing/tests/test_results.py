"""A pairing's results (结对共建成效): the community's indicators in the month before the pairing
began beside the latest month rolled up, improvements marked, and an honest word when either
month has no kept counts."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from grassroots.indicators.periods import parse_period
from grassroots.indicators.selectors import Figure
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import IndicatorSpec
from grassroots.pairing.selectors.scorecard import Compared
from grassroots.pairing.testing import pair
from grassroots.registry.services import ensure_room
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.models import Campaign, Visit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def pairing(tree, personas):
    """Paired from November 2026; of community A1's four rooms one was entered in October
    (25 %), two in November (50 %)."""
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="1栋", unit="1单元", number=n)
        for n in ("101", "102", "103", "104")
    ]
    campaign = Campaign.objects.create(
        node=tree.community_a1,
        name="扫楼",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    for room, day in ((rooms[0], "2026-10-10"), (rooms[0], "2026-11-10"), (rooms[1], "2026-11-11")):
        on = datetime.date.fromisoformat(day)
        Visit.objects.create(
            key=uuid.uuid4(),
            campaign=campaign,
            grid_id=room.grid_id,
            room=room,
            worker=personas[Role.GRID_WORKER],
            visited_at=datetime.datetime.combine(on, datetime.time(10), TZ),
            visited_on=on,
            visited_hour=10,
            outcome=VisitOutcome.MET,
            room_use=room.use,
        )
    return pair("91420600A", "市住建局", tree.community_a1, datetime.date(2026, 11, 1))


def _page(as_role, pairing, role=Role.COMMUNITY_SECRETARY) -> str:
    url = reverse("pairing:detail", kwargs={"pairing_id": pairing.pk})
    response = as_role(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, code: str) -> str:
    start = html.index(f'<tr data-code="{code}"')
    return html[start : html.index("</tr>", start)]


def test_the_pairing_page_compares_the_month_before_it_began_with_the_latest(pairing, as_role):
    roll_up(parse_period("2026-10"))
    roll_up(parse_period("2026-11"))
    html = _page(as_role, pairing)
    assert "结对前 2026-10" in html
    assert "最新 2026-11" in html
    row = _row(html, "sweep_coverage_rate")
    cells = row.split("<td")
    assert "▲ 改善" in cells[1] and "25.0" in cells[1]  # the change comes first
    assert "25.0" in cells[2] and "50.0" in cells[3]
    assert "改善 1 项，变差 0 项" in html
    # An indicator waiting for its module is not compared; one with no value in either month
    # is only counted.
    assert 'data-code="satisfaction_rate"' not in html
    assert 'data-code="demand_response_rate"' not in html
    assert "两期均无数值" in html


def test_a_pairing_that_began_before_any_rollup_says_there_is_no_before(pairing, as_role):
    roll_up(parse_period("2026-11"))
    html = _page(as_role, pairing)
    assert "结对前一个月（2026-10）的指标未汇总" in html
    assert 'data-testid="results-summary"' not in html
    cells = _row(html, "sweep_coverage_rate").split("<td")
    assert "▲" not in cells[1] and "—" in cells[2] and "50.0" in cells[3]


def test_with_only_months_before_the_pairing_rolled_up_it_says_there_is_no_since(pairing, as_role):
    roll_up(parse_period("2026-10"))
    html = _page(as_role, pairing)
    assert "结对开始以来尚无已汇总的月份" in html
    assert 'data-testid="results-summary"' not in html


def test_nothing_rolled_up_says_both_and_shows_no_table(pairing, as_role):
    html = _page(as_role, pairing)
    assert "的指标未汇总" in html
    assert "结对开始以来尚无已汇总的月份" in html
    assert 'data-testid="results-table"' not in html


def test_a_rate_that_fell_is_better_when_lower_is_better(tree):
    spec = IndicatorSpec(
        code="crimes", name="万人发案率", unit="per_10k", direction="lower", counter="x:y"
    )

    def figure(value):
        return Figure(spec, tree.community_a1, 1, 1, Decimal(value), None, "none")

    assert Compared(spec, figure("3.20"), figure("2.10")).trend == "better"
    assert Compared(spec, figure("2.10"), figure("3.20")).trend == "worse"
    assert Compared(spec, figure("2.10"), figure("2.10")).trend == "same"
    assert Compared(spec, None, figure("2.10")).trend == ""
