"""The board's tasks (任务清单) beside the pledges, and each unit's visits and burden share.

As of 2026-06-01:

    区住建局 ZJJ ⇄ 清河口: tasks closed 05-20, overdue, due in 7 days, on track, and one
        closed only on 06-05 (open on the day, due 05-30: overdue) → 1 of 5 closed, 20.0%
        visits: 2 in May, 1 in January, 1 in December 2025 (outside the six months);
        answered 3 (one burden) → 33.3%
    区城管局 CGJ ⇄ 前进: one task closed → 100.0%; one visit in June, helpful → 0.0%
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Answer, ListTask, PledgeStatus, Visit
from grassroots.pairing.selectors import board_for
from grassroots.pairing.testing import make_pledge, make_problem, make_task, make_visit, pair

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 1)
QUERY = "?as_of=2026-06-01"


def _task(pairing, text, deadline, closed_on=None):
    task = make_task(make_problem(pairing, f"{text}的问题"), text, deadline=deadline)
    if closed_on is not None:
        ListTask.objects.filter(pk=task.pk).update(status=PledgeStatus.CLOSED, closed_on=closed_on)
    return task


def _visit(pairing, on, answer=""):
    visit = make_visit(pairing, f"走访{on}", on=on)
    if answer:
        Visit.objects.filter(pk=visit.pk).update(answer=answer)
    return visit


@pytest.fixture
def district(tree, housing):
    city = pair("CGJ", "区城管局", tree.community_a2)
    make_pledge(housing, "住建局推进中", deadline=datetime.date(2026, 6, 30))
    make_pledge(city, "城管局推进中", deadline=datetime.date(2026, 9, 30))
    day = datetime.date
    _task(housing, "住建局已销号", day(2026, 5, 10), closed_on=day(2026, 5, 20))
    _task(housing, "住建局超期", day(2026, 5, 31))
    _task(housing, "住建局将到期", day(2026, 6, 8))
    _task(housing, "住建局推进中", day(2026, 7, 31))
    _task(housing, "住建局后来销号", day(2026, 5, 30), closed_on=day(2026, 6, 5))
    _task(city, "城管局已销号", day(2026, 5, 1), closed_on=day(2026, 5, 2))
    _visit(housing, day(2026, 5, 3), Answer.BURDEN)
    _visit(housing, day(2026, 5, 20), Answer.HELPFUL)
    _visit(housing, day(2026, 1, 15))
    _visit(housing, day(2025, 12, 1), Answer.NEUTRAL)
    _visit(housing, day(2026, 6, 20), Answer.BURDEN)  # after the day: not counted
    _visit(city, day(2026, 6, 1), Answer.HELPFUL)
    return {"ZJJ": housing, "CGJ": city}


def _page(client, query=QUERY):
    response = client.get(f"/pairing/board/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _row(page, testid, key, value):
    table = page.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    return table.split(f'{key}="{value}"')[1].split("</tr>")[0]


def _unit_visits(page, code):
    """One unit's card of the visits: its months' bars and its burden share."""
    cards = page.split('data-testid="board-visits"')[1].split("</ul>")[0]
    return cards.split(f'data-unit="{code}"')[1].split("</p>")[0]


def test_the_board_counts_tasks_by_status_beside_the_pledges(district, personas):
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    housing = next(r for r in board.rows if r.unit_code == "ZJJ")
    assert (housing.tasks, housing.tasks_closed, housing.tasks_overdue) == (5, 1, 2)
    assert (housing.tasks_due_soon, housing.tasks_on_track, housing.tasks_rate) == (1, 1, 20.0)
    assert (housing.pledges, housing.closed, housing.rate) == (1, 0, 0.0)  # pledges unchanged
    totals = board.totals
    assert (totals.tasks, totals.tasks_closed, totals.tasks_overdue) == (6, 2, 2)
    assert totals.tasks_rate == 33.3
    city = next(u for u in board.units if u.code == "CGJ")
    assert (city.tasks, city.tasks_rate) == (1, 100.0)
    # A week later the late close-out counts as closed.
    later = board_for(personas[Role.DISTRICT_ADMIN], datetime.date(2026, 6, 8))
    assert later.totals.tasks_closed == 3


def test_the_board_page_shows_the_tasks_by_status_and_their_rate(district, as_role):
    page = _page(as_role(Role.DISTRICT_ADMIN))
    totals = page.split('data-testid="board-task-totals"')[1].split("</ul>")[0]
    assert "任务完成率" in totals and "33.3%" in totals
    housing = _row(page, "board-pairings", "data-pairing", district["ZJJ"].pk)
    assert 'class="tasks-rate">20.0%' in housing
    assert 'class="late tasks-overdue">2<' in housing


def test_the_xlsx_counts_tasks_by_status(district, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/pairing/board/export.xlsx" + QUERY)
    book = load_workbook(io.BytesIO(response.content))
    pairings = list(book["结对关系"].iter_rows(values_only=True))
    assert pairings[0][10:] == (
        "任务",
        "任务正常推进",
        "任务7天内到期",
        "任务已超期",
        "任务已销号",
        "任务完成率（%）",
    )
    housing = next(r for r in pairings if r[0] == "ZJJ")
    assert housing[4:10] == (1, 1, 0, 0, 0, 0.0)
    assert housing[10:] == (5, 1, 1, 2, 1, 20.0)
    # The overdue tasks are in red.
    sheet = book["结对关系"]
    late = next(row for row in sheet.iter_rows() if row[0].value == "ZJJ")
    assert late[13].font.color.rgb.endswith("C8102E")


def test_the_board_shows_each_units_visits_per_month_and_burden_share(district, personas):
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    assert [v.unit_code for v in board.visits] == [u.code for u in board.units]
    housing = next(v for v in board.visits if v.unit_code == "ZJJ")
    assert [m.strftime("%Y-%m") for m, _n in housing.months] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert [n for _m, n in housing.months] == [1, 0, 0, 0, 2, 0]
    assert (housing.answered, housing.burden, housing.burden_share) == (3, 1, 33.3)
    city = next(v for v in board.visits if v.unit_code == "CGJ")
    assert ([n for _m, n in city.months][-1], city.burden_share) == (1, 0.0)


def test_the_board_page_and_the_xlsx_show_visits_per_month_and_burden_share(district, as_role):
    client = as_role(Role.DISTRICT_ADMIN)
    page = _page(client)
    housing = _unit_visits(page, "ZJJ")
    may = housing.split('data-month="2026-05">')[1].split("</li>")[0]
    assert 'class="bar pct-100"' in may and '<span class="n">2</span>' in may
    assert 'class="burden-share burden">33.3%' in housing
    response = client.get("/pairing/board/export.xlsx" + QUERY)
    ranking = list(
        load_workbook(io.BytesIO(response.content))["单位排名"].iter_rows(values_only=True)
    )
    headers = ranking[0]
    assert headers[-9:] == (
        "2026-01走访",
        "2026-02走访",
        "2026-03走访",
        "2026-04走访",
        "2026-05走访",
        "2026-06走访",
        "已评价走访",
        "增加负担",
        "负担占比（%）",
    )
    row = next(r for r in ranking if r[1] == "ZJJ")
    assert row[-9:] == (1, 0, 0, 0, 2, 0, 3, 1, 33.3)


def test_a_unit_without_visits_shows_zero_and_no_share(district, as_role, tree):
    pair("JYJ", "区教育局", tree.community_b1)
    page = _page(as_role(Role.DISTRICT_ADMIN))
    schools = _unit_visits(page, "JYJ")
    assert 'class="burden-share">—' in schools
    assert '<span class="n">0</span>' in schools


def test_a_liaisons_board_shows_only_its_units_tasks_and_visits(district, as_role, personas):
    board = board_for(personas[Role.PAIRED_UNIT_LIAISON], AS_OF)
    assert [v.unit_code for v in board.visits] == ["ZJJ"]
    assert (board.totals.tasks, board.totals.tasks_closed) == (5, 1)
    page = _page(as_role(Role.PAIRED_UNIT_LIAISON))
    assert "区城管局" not in page
    assert 'data-unit="CGJ"' not in page
    visits = page.split('data-testid="board-visits"')[1].split("</ul>")[0]
    assert visits.count("data-unit=") == 1


def test_the_board_pages_queries_stay_flat_with_tasks_and_visits(district, as_role, tree):
    client = as_role(Role.DISTRICT_ADMIN)
    _page(client)  # warm up: the session, the permission table
    with CaptureQueriesContext(connection) as few:
        _page(client)
    for n in range(12):
        more = pair(f"U{n:02d}", f"单位{n:02d}", tree.community_a2 if n % 2 else tree.community_b1)
        make_pledge(more, f"事项{n}", deadline=datetime.date(2026, 5, 1))
        _task(more, f"任务{n}", datetime.date(2026, 5, 1))
        _visit(more, datetime.date(2026, 4, 1), Answer.BURDEN)
    with CaptureQueriesContext(connection) as many:
        page = _page(client)
    assert "单位11" in page
    assert len(many) == len(few)


def test_the_word_ranking_has_a_burden_share_column(district, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/pairing/board/export.docx" + QUERY)
    (table,) = Document(io.BytesIO(response.content)).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][-2:] == ["负担占比", "销号率"]
    assert {r[1]: r[-2] for r in rows[1:]} == {"区城管局": "0.0%", "区住建局": "33.3%"}
