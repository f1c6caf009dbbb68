"""The indicator pages and exports, read as each persona: scorecard, rankings, one figure
opened to the rows behind it; a unit outside the reader's scope is a 404 everywhere."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from grassroots.audit.models import AuditEvent
from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db

DISTRICT, STREET_A, STREET_B = "420606000000", "420606001000", "420606002000"
A1, A2, B1 = "420606001001", "420606001002", "420606002001"


def live(grid, number):
    room = ensure_room(grid=grid, estate="清河小区", building="1栋", unit="1单元", number=number)
    register_resident(
        room=room, data=ResidentData(name=f"居民{number}", gender="F"), on=datetime.date(2020, 1, 1)
    )


@pytest.fixture
def counted(tree):
    """Residents: 2 in A1, 1 in A2, 1 in B1. Cases in 2026-11: A1 1, A2 1, B1 2; in 2026-10:
    A1 2; in 2025-11: A1 1. Those months rolled up."""
    for grid, number in ((tree.grid_a1_1, "1"), (tree.grid_a1_2, "2")):
        live(grid, number)
    live(tree.grid_a2_1, "3")
    live(tree.grid_b1_1, "4")
    cases = [
        (tree.community_a1, datetime.date(2026, 11, 1), 1),
        (tree.community_a2, datetime.date(2026, 11, 1), 1),
        (tree.community_b1, datetime.date(2026, 11, 1), 2),
        (tree.community_a1, datetime.date(2026, 10, 1), 2),
        (tree.community_a1, datetime.date(2025, 11, 1), 1),
    ]
    for community, month, n in cases:
        CriminalCaseCount.objects.create(community=community, month=month, cases=n)
    for period in ("2026-11", "2026-10", "2025-11", "2026-Q4", "2026"):
        roll_up(parse_period(period))


def crime_card(response):
    html = response.content.decode()
    start = html.index('data-code="criminal_cases_per_10k"')
    return html[start : html.index("</li>", start)]


def test_the_scorecard_shows_value_previous_month_and_last_year(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get("/indicators/", {"unit": A1, "period": "2026-11"})
    assert response.status_code == 200
    card = crime_card(response)
    # 1 case / 2 residents this month, 2 / 2 the month before, 1 / 2 a year ago.
    assert "5000.00" in card and "10000.00" in card
    assert 'data-testid="last-year">5000.00' in card
    assert "arrow-down better" in card  # fewer cases is better


def test_a_districts_scorecard_lists_its_streets_then_its_communities(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get("/indicators/", {"period": "2026-11"})
    html = response.content.decode()
    streets, communities = (
        html.index('data-testid="units-street"'),
        html.index('data-testid="units-community"'),
    )
    assert streets < communities
    assert html.index("汉江街道", streets) < communities
    assert html.index("春园社区", communities)


def test_without_a_period_the_scorecard_shows_the_last_full_month_with_counts(as_role, counted):
    response = as_role(Role.STREET_STAFF).get("/indicators/")
    assert response.status_code == 200
    assert response.context["unit"].code == STREET_A
    assert response.context["period"].label == "2026-11"


def test_a_period_never_rolled_up_says_to_run_the_rollup(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get("/indicators/", {"period": "2024-03"})
    assert "grassroots indicators rollup --period 2024-03" in response.content.decode()


def test_a_bad_period_says_which_forms_there_are(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get("/indicators/", {"period": "2026-13"})
    assert response.status_code == 400
    assert "应为月份" in response.content.decode()


def test_the_ranking_puts_the_fewest_cases_first_with_numerator_and_denominator(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get(
        "/indicators/rankings/",
        {"indicator": "criminal_cases_per_10k", "period": "2026-11", "level": "community"},
    )
    ranked = [
        (r.rank, r.row.code, r.cell.numerator, r.cell.denominator)
        for r in response.context["ranked"]
    ]
    # A1 1/2 = 5000, A2 1/1 = 10000, B1 2/1 = 20000 per 10,000.
    assert ranked == [(1, A1, 1, 2), (2, A2, 1, 1), (3, B1, 2, 1)]


def test_the_opened_figure_adds_up_its_children_and_lists_the_rows_behind(as_role, counted):
    response = as_role(Role.STREET_STAFF).get(
        "/indicators/criminal_cases_per_10k/", {"unit": STREET_A, "period": "2026-11"}
    )
    opened = response.context["opened"]
    assert (opened.figure.numerator, opened.figure.denominator) == (2, 3)
    assert sum(c.numerator for c in opened.children) == 2
    rows = response.context["behind"].rows
    assert [cells for cells, _ in rows] == [
        ["清河口社区", "2026-11", 1],
        ["前进社区", "2026-11", 1],
    ]
    assert f"unit={A1}" in rows[0][1]
    html = response.content.decode()
    assert "不逐人列出" in html


def test_the_denominator_side_says_honestly_why_it_is_not_listed(as_role, counted):
    response = as_role(Role.STREET_STAFF).get(
        "/indicators/criminal_cases_per_10k/",
        {"unit": STREET_A, "period": "2026-11", "side": "denominator"},
    )
    behind = response.context["behind"]
    assert not behind.listed and "按居住登记统计" in behind.note


def test_the_rows_behind_a_district_figure_are_only_those_the_reader_sees(client, tree, counted):
    from grassroots.testing.personas import make_account

    # A community secretary cannot open the district, but the rows of its own community are
    # what it sees of any figure it can open.
    secretary = make_account(tree.community_a1, Role.COMMUNITY_SECRETARY, username="sec")
    client.force_login(secretary)
    response = client.get("/indicators/criminal_cases_per_10k/", {"unit": A1, "period": "2026-11"})
    assert [cells[0] for cells, _ in response.context["behind"].rows] == ["清河口社区"]
    assert (
        client.get(
            "/indicators/criminal_cases_per_10k/", {"unit": DISTRICT, "period": "2026-11"}
        ).status_code
        == 404
    )


PAGES = [
    "/indicators/",
    "/indicators/rankings/",
    "/indicators/criminal_cases_per_10k/",
    "/indicators/scorecard.xlsx",
    "/indicators/scorecard.docx",
    "/indicators/rankings.xlsx",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_sibling_streets_unit_is_a_404_on_every_page_and_export(as_role, counted, path):
    client = as_role(Role.STREET_STAFF)
    assert client.get(path, {"unit": STREET_B, "period": "2026-11"}).status_code == 404
    assert client.get(path, {"unit": B1, "period": "2026-11"}).status_code == 404
    assert client.get(path, {"unit": A1, "period": "2026-11"}).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_a_role_without_the_permission_gets_a_404(as_role, counted, path):
    assert as_role(Role.PARTY_MEMBER).get(path, {"period": "2026-11"}).status_code == 404


def test_a_grid_worker_sees_their_grid_but_not_the_street_above_it(as_role, counted):
    worker = as_role(Role.GRID_WORKER)
    assert worker.get("/indicators/", {"period": "2026-11"}).context["unit"].code == (
        "420606001001001"
    )
    assert (
        worker.get(
            "/indicators/criminal_cases_per_10k/", {"unit": STREET_A, "period": "2026-11"}
        ).status_code
        == 404
    )


def test_the_scorecard_workbook_holds_each_indicator_and_each_units_figures(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get(
        "/indicators/scorecard.xlsx", {"unit": DISTRICT, "period": "2026-11"}
    )
    assert response["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    headers = [c.value for c in first[1]]
    assert headers[:4] == ["指标", "分子", "分母", "数值"]
    crime = next(row for row in first.iter_rows(values_only=True) if row[0] == "万人刑事案件发案率")
    assert crime[1:4] == (4, 4, 10000)
    communities = book.worksheets[2]
    codes = [row[0] for row in communities.iter_rows(min_row=2, values_only=True)]
    assert codes == [A1, A2, B1]
    assert all(communities.cell(row=r, column=1).data_type == "s" for r in range(2, 5))
    assert AuditEvent.objects.filter(action="indicators_exported").count() == 1


def test_the_ranking_workbook_lists_rank_unit_and_value(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get(
        "/indicators/rankings.xlsx",
        {"indicator": "criminal_cases_per_10k", "period": "2026-11", "unit": DISTRICT},
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3]) for r in rows] == [(1, A1, 5000), (2, A2, 10000), (3, B1, 20000)]


def test_the_word_report_has_its_title_lead_and_missed_indicators(as_role, counted):
    response = as_role(Role.DISTRICT_ADMIN).get(
        "/indicators/scorecard.docx", {"unit": DISTRICT, "period": "2026-11"}
    )
    assert response["Cache-Control"] == "no-store"
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "樊城区2026-11考核指标情况"
    assert any(t.startswith("2026-11，樊城区共统计考核指标") for t in texts)
    assert "一、各项指标" in texts and "二、未达标指标" in texts
    assert texts[-2] == "樊城区"  # signed by the unit, dated below
    table = document.tables[0]
    names = [row.cells[0].text for row in table.rows[1:]]
    assert "万人刑事案件发案率" in names
    assert AuditEvent.objects.filter(action="indicators_exported").count() == 1


def test_the_districts_scorecard_reads_the_same_number_of_queries_however_many_units(
    as_role, tree, counted
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grassroots.org.models import Level, OrgNode

    client = as_role(Role.DISTRICT_ADMIN)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/indicators/", {"period": "2026-11"}).status_code == 200
        return len(captured)

    before = queries()
    street = OrgNode.objects.get(pk=tree.street_b.pk)
    for n in range(3):
        OrgNode.objects.add_child(
            OrgNode.objects.get(pk=street.pk),
            {"code": f"42060600200{n + 2}", "name": f"新社区{n}", "level": Level.COMMUNITY},
        )
    roll_up(parse_period("2026-11"))
    assert queries() == before
    assert before <= 20


def test_the_scorecard_offers_the_next_period_only_once_it_has_begun(as_role, counted, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 6))
    client = as_role(Role.DISTRICT_ADMIN)
    october = client.get("/indicators/", {"period": "2026-10"}).content.decode()
    november = client.get("/indicators/", {"period": "2026-11"}).content.decode()
    year = client.get("/indicators/", {"period": "2026"}).content.decode()
    assert 'data-testid="next-period">2026-11' in october
    assert 'data-testid="next-period">2026-12' in november  # December has begun
    assert 'data-testid="next-period"' not in year  # 2027 has not
