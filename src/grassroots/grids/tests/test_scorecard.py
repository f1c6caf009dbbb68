"""The grid worker's scorecard (网格员考核): the worker's visits, rooms entered and demands
handled in a period, and their grid's data-quality flags; their own for a worker, every one in
the unit for the community, a 404 beyond; the list exported as a workbook."""

import datetime
import io
import uuid
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from grassroots.demands.models import Demand
from grassroots.demands.testing import make_demand
from grassroots.kernel.permissions import Role
from grassroots.registry.models import RegistryChange
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.choices import VisitOutcome
from grassroots.sweeps.models import Campaign, Visit
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(text: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time(hour), TZ)


@pytest.fixture
def work(tree, personas):
    """For the grid worker of A1-1 in November 2026: three visits (two entering room 101, one
    finding nobody at 102), two demands resolved (one on time), one resolved in October; a
    visit and a demand of another worker; two residents, 李四 without ID number, birth date
    or phone."""
    worker = personas[Role.GRID_WORKER]
    other = make_account(tree.grid_a1_1, Role.GRID_WORKER, username="other_worker")
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="1栋", unit="1单元", number=n)
        for n in ("101", "102")
    ]
    register_resident(
        room=rooms[0],
        data=ResidentData(
            name="王小明",
            gender="M",
            id_number="420606199001011239",
            birth_date=datetime.date(1990, 1, 1),
            phone="13800001234",
        ),
        on=datetime.date(2025, 1, 1),
    )
    register_resident(
        room=rooms[1], data=ResidentData(name="李四", gender="M"), on=datetime.date(2025, 1, 1)
    )
    RegistryChange.objects.update(at=at("2025-01-01"))  # confirmed long ago
    campaign = Campaign.objects.create(
        node=tree.community_a1,
        name="扫楼",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    for who, room, day, outcome in (
        (worker, rooms[0], "2026-11-03", VisitOutcome.MET),
        (worker, rooms[0], "2026-11-20", VisitOutcome.MET),
        (worker, rooms[1], "2026-11-21", VisitOutcome.NO_ANSWER),
        (worker, rooms[1], "2026-10-30", VisitOutcome.MET),
        (other, rooms[1], "2026-11-22", VisitOutcome.MET),
    ):
        Visit.objects.create(
            key=uuid.uuid4(),
            campaign=campaign,
            grid_id=room.grid_id,
            room=room,
            worker=who,
            visited_at=at(day),
            visited_on=datetime.date.fromisoformat(day),
            visited_hour=10,
            outcome=outcome,
            room_use=room.use,
        )
    for who, received, due, resolved in (
        (worker, "2026-11-02", "2026-11-09", "2026-11-03"),
        (worker, "2026-11-02", "2026-11-09", "2026-11-29"),  # late
        (worker, "2026-10-02", "2026-10-09", "2026-10-03"),
        (other, "2026-11-02", "2026-11-09", "2026-11-03"),
    ):
        demand = make_demand(tree.grid_a1_1, when=at(received))
        Demand.objects.filter(pk=demand.pk).update(
            owner=who, resolve_due=at(due), resolved_at=at(resolved)
        )
    return worker


def _figure(html: str, key: str) -> int:
    start = html.index(f'data-testid="figure-{key}"')
    number = html.index('class="n">', start) + len('class="n">')
    return int(html[number : html.index("<", number)])


def _card(client, account, period="2026-11"):
    url = reverse("grids:worker", kwargs={"account_id": account.pk})
    return client.get(url, {"period": period})


def test_a_worker_sees_their_visits_rooms_demands_and_flags_for_a_month(work, as_role):
    response = _card(as_role(Role.GRID_WORKER), work)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026-11 统计" in html
    assert _figure(html, "visits") == 3
    assert _figure(html, "rooms_entered") == 1  # 101 twice; nobody at 102
    assert _figure(html, "demands_handled") == 2
    assert _figure(html, "demands_on_time") == 1
    assert _figure(html, "residents_no_id") == 1
    assert _figure(html, "residents_no_birth") == 1
    assert _figure(html, "residents_no_phone") == 1
    assert _figure(html, "demands_overdue") == 0
    # Both households were found at home within twelve months (102 by October's visit).
    assert _figure(html, "households_unconfirmed") == 0


def test_a_quarter_adds_up_its_months(work, as_role):
    html = _card(as_role(Role.GRID_WORKER), work, "2026-Q4").content.decode()
    assert "2026-Q4 统计" in html
    assert _figure(html, "visits") == 4
    assert _figure(html, "rooms_entered") == 2
    assert _figure(html, "demands_handled") == 3


def test_a_household_nobody_confirmed_in_twelve_months_is_a_flag(work, as_role):
    Visit.objects.exclude(worker=work).delete()
    Visit.objects.filter(visited_on__month=10).delete()
    html = _card(as_role(Role.GRID_WORKER), work).content.decode()
    assert _figure(html, "households_unconfirmed") == 1  # 102: nobody at home in November


def test_a_demand_of_the_worker_open_past_its_deadline_is_flagged_now(work, as_role, tree):
    late = make_demand(tree.grid_a1_1, when=at("2026-11-01"))
    Demand.objects.filter(pk=late.pk).update(owner=work, resolve_due=at("2026-11-05"))
    html = _card(as_role(Role.GRID_WORKER), work).content.decode()
    assert _figure(html, "demands_overdue") == 1
    assert _figure(html, "demands_handled") == 2


def test_a_period_in_no_known_form_says_so_and_shows_this_month(work, as_role):
    html = _card(as_role(Role.GRID_WORKER), work, "十一月").content.decode()
    assert "应为月份（如2026-11）" in html


def test_a_worker_sees_no_other_workers_card(work, as_role, tree):
    other = make_account(tree.grid_a1_1, Role.GRID_WORKER, username="next_door")
    assert _card(as_role(Role.GRID_WORKER), other).status_code == 404


def test_the_community_sees_its_workers_and_a_sibling_communitys_worker_is_404(work, as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert _card(client, work).status_code == 200
    sibling = make_account(tree.grid_a2_1, Role.GRID_WORKER, username="sibling_worker")
    assert _card(client, sibling).status_code == 404
    assert _card(as_role(Role.STREET_STAFF), sibling).status_code == 200


def test_a_party_member_has_no_scorecard(work, as_role):
    assert _card(as_role(Role.PARTY_MEMBER), work).status_code == 404


def test_the_community_lists_its_workers_with_their_figures(work, as_role, tree):
    make_account(tree.grid_a2_1, Role.GRID_WORKER, username="sibling_worker")
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(reverse("grids:workers"), {"period": "2026-11"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-account="{work.pk}"' in html
    assert "other_worker" in html
    assert "sibling_worker" not in html
    assert as_role(Role.GRID_WORKER).get(reverse("grids:workers")).status_code == 404


def test_the_list_exports_a_row_per_worker_and_a_column_per_figure(work, as_role):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(reverse("grids:workers_xlsx"), {"period": "2026-11"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    headers = list(rows[0])
    assert headers[:2] == ["网格", "网格员"]
    mine = next(row for row in rows[1:] if row[1] == str(work))
    assert mine[0] == "清河口第一网格"
    assert mine[headers.index("走访户次（次）")] == 3
    assert mine[headers.index("办结诉求（件）")] == 2
    assert len(rows) == 3  # the header, this worker and the other one in A1-1


def test_a_worker_finds_their_own_card_under_my_menu(work, as_role):
    client = as_role(Role.GRID_WORKER)
    html = client.get(reverse("site:home")).content.decode()
    assert reverse("grids:my_scorecard") in html
    assert f'href="{reverse("grids:workers")}"' not in html
    card = client.get(reverse("grids:my_scorecard"), {"period": "2026-11"}).content.decode()
    assert _figure(card, "visits") == 3


def test_the_office_is_led_to_the_list_not_to_a_card_of_its_own(work, as_role):
    html = as_role(Role.COMMUNITY_SECRETARY).get(reverse("site:home")).content.decode()
    assert f'href="{reverse("grids:workers")}"' in html
    assert reverse("grids:my_scorecard") not in html


def test_the_list_puts_the_work_done_first_and_counts_the_flags(work, as_role):
    client = as_role(Role.COMMUNITY_SECRETARY)
    html = client.get(reverse("grids:workers"), {"period": "2026-11"}).content.decode()
    row = html[html.index(f'data-account="{work.pk}"') :]
    row = row[: row.index("</li>")]
    assert 'data-key="visits"' in row and "<b>3</b>" in row
    # 李四 has no ID number, no birth date and no phone: three flags.
    assert "数据问题 3" in row
