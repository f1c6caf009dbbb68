"""The board page (挂图作战), its xlsx and its one-page Word document for the monthly meeting.

As of 2026-06-01, across the fixture district:

    区住建局 ZJJ ⇄ 清河口 (street A): closed, overdue, due in 7 days, on track → 25.0%
    区城管局 CGJ ⇄ 前进 (street A):   closed, on track                        → 50.0%, none late
    区教育局 JYJ ⇄ 春园 (street B):   closed, overdue                         → 50.0%, 1 late
    区卫健局 WJW ⇄ 春园 (street B):   closed, overdue                         → 50.0%, 1 late
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Pledge, PledgeStatus
from grassroots.pairing.selectors import board_for
from grassroots.pairing.testing import make_pledge, pair

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 1)
QUERY = "?as_of=2026-06-01"


def _closed(pairing, text, closed_on=datetime.date(2026, 5, 20)):
    pledge = make_pledge(pairing, text, deadline=datetime.date(2026, 5, 25))
    Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.CLOSED, closed_on=closed_on)
    return pledge


@pytest.fixture
def district(tree, housing):
    city = pair("CGJ", "区城管局", tree.community_a2)
    schools = pair("JYJ", "区教育局", tree.community_b1)
    health = pair("WJW", "区卫健局", tree.community_b1)
    _closed(housing, "住建局已销号")
    make_pledge(housing, "住建局超期", deadline=datetime.date(2026, 5, 31))
    make_pledge(housing, "住建局将到期", deadline=datetime.date(2026, 6, 8))
    make_pledge(housing, "住建局推进中", deadline=datetime.date(2026, 6, 30))
    _closed(city, "城管局已销号")
    make_pledge(city, "城管局推进中", deadline=datetime.date(2026, 9, 30))
    for unit, name in ((schools, "教育局"), (health, "卫健局")):
        _closed(unit, f"{name}已销号")
        make_pledge(unit, f"{name}超期", deadline=datetime.date(2026, 4, 30))
    return {"ZJJ": housing, "CGJ": city, "JYJ": schools, "WJW": health}


def _page(client, query=QUERY):
    response = client.get(f"/pairing/board/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_counts_pledges_by_status_as_of_a_date(district, personas):
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    totals = board.totals
    assert (totals.pairings, totals.pledges) == (4, 10)
    assert (totals.on_track, totals.due_soon, totals.overdue, totals.closed) == (2, 1, 3, 4)
    assert totals.rate == 40.0
    housing = next(r for r in board.rows if r.unit_code == "ZJJ")
    assert (housing.on_track, housing.due_soon, housing.overdue, housing.closed) == (1, 1, 1, 1)
    # On 05-10 nothing was closed yet, and the pledge due 05-31 was still on track.
    earlier = board_for(personas[Role.DISTRICT_ADMIN], datetime.date(2026, 5, 10))
    assert (earlier.totals.closed, earlier.totals.overdue) == (0, 2)
    assert [(c.code, c.rate) for c in board.communities] == [
        ("420606001001", 25.0),
        ("420606001002", 50.0),
        ("420606002001", 50.0),
    ]


def test_the_board_page_shows_the_totals_and_the_rate(district, as_role):
    page = _page(as_role(Role.DISTRICT_ADMIN))
    assert 'data-testid="board-totals"' in page
    assert "40.0%" in page
    assert "承诺事项10项，已销号4项，销号率40.0%" in page  # the lead, from the figures
    assert "vendor/chartjs/chart.umd.min.js" in page and 'id="board-charts"' in page


def test_an_overdue_pairing_row_is_marked_and_an_on_track_one_is_not(district, as_role):
    page = _page(as_role(Role.DISTRICT_ADMIN))
    assert f'<tr data-pairing="{district["ZJJ"].pk}" class="overdue">' in page
    assert f'<tr data-pairing="{district["CGJ"].pk}">' in page


def test_units_rank_by_rate_then_fewer_overdue_then_code(district, personas, as_role):
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    assert [(u.code, u.rate, u.overdue) for u in board.units] == [
        ("CGJ", 50.0, 0),
        ("JYJ", 50.0, 1),
        ("WJW", 50.0, 1),
        ("ZJJ", 25.0, 1),
    ]
    page = _page(as_role(Role.DISTRICT_ADMIN))
    ranking = page.split('data-testid="board-ranking"')[1].split("</table>")[0]
    order = [ranking.index(f'data-unit="{code}"') for code in ("CGJ", "JYJ", "WJW", "ZJJ")]
    assert order == sorted(order)


def test_a_unit_without_pledges_ranks_last(district, personas, tree):
    pair("AAA", "区档案馆", tree.community_a2)
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    assert board.units[-1].code == "AAA" and board.units[-1].rate is None


def test_a_liaison_sees_only_its_own_units_row(district, as_role):
    client = as_role(Role.PAIRED_UNIT_LIAISON)
    page = _page(client)
    assert "区住建局" in page
    for other in ("区城管局", "区教育局", "区卫健局", "春园社区"):
        assert other not in page
    # Asking for another unit by its code shows nothing of it.
    page = _page(client, QUERY + "&unit=CGJ")
    assert "没有这个结对单位" in page and "区城管局" not in page


def test_a_street_sees_only_its_communities(district, as_role):
    page = _page(as_role(Role.STREET_STAFF))
    assert "清河口社区" in page and "前进社区" in page
    assert "春园社区" not in page and "区卫健局" not in page
    assert 'name="street"' not in page  # one street: nothing to choose
    refused = _page(as_role(Role.STREET_STAFF), QUERY + "&street=420606002000")
    assert "没有这个街道（镇）" in refused and "春园社区" not in refused


def test_the_department_filters_by_street_and_by_unit(district, as_role):
    client = as_role(Role.DISTRICT_ADMIN)
    page = _page(client, QUERY + "&street=420606002000")
    assert "春园社区" in page and "清河口社区" not in page
    page = _page(client, QUERY + "&unit=WJW")
    board = page.split('data-testid="board-pairings"')[1].split("</table>")[0]
    assert "区卫健局" in board and "区教育局" not in board


def test_the_xlsx_holds_the_pairings_and_the_ranking(district, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/pairing/board/export.xlsx" + QUERY)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["结对关系", "单位排名"]
    pairings = list(book["结对关系"].iter_rows(values_only=True))
    assert pairings[0][:4] == ("结对单位编码", "结对单位", "社区（村）编码", "社区（村）")
    housing = next(r for r in pairings if r[0] == "ZJJ")
    assert housing[2] == "420606001001"  # a code stays text
    assert housing[4:10] == (4, 1, 1, 1, 1, 25.0)
    assert len(pairings) == 5
    ranking = list(book["单位排名"].iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in ranking[1:]] == [(1, "CGJ"), (2, "JYJ"), (3, "WJW"), (4, "ZJJ")]


def test_the_docx_opens_and_holds_the_ranking(district, as_role):
    response = as_role(Role.DISTRICT_ADMIN).get("/pairing/board/export.docx" + QUERY)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "结对共建工作推进情况" in text
    assert "2026年6月1日" in text
    assert "销号率40.0%" in text
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:2] == ["排名", "结对单位"]
    assert [r[1] for r in rows[1:]] == ["区城管局", "区教育局", "区卫健局", "区住建局"]
    assert rows[-1][-1] == "25.0%"


def test_the_board_pages_queries_do_not_grow_with_the_pairings(district, as_role, tree):
    client = as_role(Role.DISTRICT_ADMIN)
    _page(client)  # warm up: the session, the permission table
    with CaptureQueriesContext(connection) as few:
        _page(client)
    for n in range(12):
        more = pair(f"U{n:02d}", f"单位{n:02d}", tree.community_a2 if n % 2 else tree.community_b1)
        make_pledge(more, f"事项{n}", deadline=datetime.date(2026, 5, 1))
    with CaptureQueriesContext(connection) as many:
        page = _page(client)
    assert "单位11" in page
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "query",
    [
        "?as_of=2026-13-45",
        "?as_of=yesterday",
        "?as_of=9999-12-31",
        "?as_of=0001-01-01",
        "?street=nowhere&unit=%3Cscript%3E",
        "?street=&unit=&as_of=",
        "?as_of=2026-06-01&as_of=bad",
    ],
)
def test_bad_filter_input_is_a_message_never_a_failure(district, as_role, query):
    client = as_role(Role.DISTRICT_ADMIN)
    page = _page(client, query)
    assert "<script>" not in page.split('data-testid="board-filters"')[1]
    for export in ("export.xlsx", "export.docx"):
        response = client.get(f"/pairing/board/{export}{query}")
        assert response.status_code in (200, 400)


def test_a_bad_date_is_told_in_chinese_and_the_board_counts_to_today(district, as_role):
    client = as_role(Role.DISTRICT_ADMIN)
    page = _page(client, "?as_of=2026-13-45")
    assert "日期应为YYYY-MM-DD，如2026-06-30" in page
    assert "区住建局" in page
    page = _page(client, "?as_of=9999-12-31")
    assert "统计日期应在2000年至2099年之间" in page
    refused = client.get("/pairing/board/export.docx?as_of=2026-13-45")
    assert refused.status_code == 400
    assert "日期应为YYYY-MM-DD" in refused.content.decode()


def test_the_pairing_list_links_to_the_board(district, as_role):
    page = as_role(Role.COMMUNITY_SECRETARY).get("/pairing/").content.decode()
    assert 'href="/pairing/board/"' in page


def test_people_without_the_pairing_permission_get_a_404(district, as_role):
    client = as_role(Role.RESIDENT)
    for url in ("/pairing/board/", "/pairing/board/export.xlsx", "/pairing/board/export.docx"):
        assert client.get(url).status_code == 404


def test_the_lead_names_the_best_unit_and_the_late_ones(district, personas):
    from grassroots.pairing.reports import lead

    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    text = lead(board, "樊城区")
    assert text.startswith("截至2026年6月1日，樊城区4个结对单位与3个社区（村）结对4对")
    assert "销号率最高的是区城管局（50.0%）" in text
    assert "超期事项较多的是区教育局（1项）、区卫健局（1项）、区住建局（1项）" in text
    own = lead(board_for(personas[Role.PAIRED_UNIT_LIAISON], AS_OF), "")
    assert "最高" not in own and own.endswith("请抓紧推进超期事项。")


def test_a_long_ranking_is_set_two_to_a_row_to_keep_to_one_page(district, personas, tree):
    from grassroots.pairing.reports import write_docx

    for n in range(20):
        more = pair(f"U{n:02d}", f"单位{n:02d}", tree.community_a2)
        make_pledge(more, f"事项{n}", deadline=datetime.date(2026, 5, 1))
    board = board_for(personas[Role.DISTRICT_ADMIN], AS_OF)
    buffer = io.BytesIO()
    write_docx(board, "樊城区", buffer)
    (table,) = Document(io.BytesIO(buffer.getvalue())).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["排名", "结对单位", "已超期", "销号率"] * 2
    assert len(rows) == 1 + 12  # 24 units, 12 a side
    assert rows[1][:2] == ["1", "区城管局"] and rows[1][4] == "13"
    assert rows[-1][4:6] == ["24", board.units[-1].name]
