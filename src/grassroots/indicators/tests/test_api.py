import datetime

import pytest

from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)


@pytest.fixture
def crime(tree):
    """Residents 3 in community A1, 1 in A2; 1 case in each in 2026-11, rolled up."""
    for grid, number in ((tree.grid_a1_1, "1"), (tree.grid_a1_2, "2"), (tree.grid_a1_2, "3")):
        live(grid, number)
    live(tree.grid_a2_1, "4")
    CriminalCaseCount.objects.create(community=tree.community_a1, month=NOV, cases=1)
    CriminalCaseCount.objects.create(community=tree.community_a2, month=NOV, cases=1)
    roll_up(parse_period("2026-11"))


def live(grid, number):
    room = ensure_room(grid=grid, estate="清河小区", building="1栋", unit="1单元", number=number)
    register_resident(
        room=room, data=ResidentData(name=f"居民{number}", gender="F"), on=datetime.date(2020, 1, 1)
    )


def get(client, path, **query):
    return client.get(path, query)


def test_a_street_reads_its_own_units_figures(as_role, crime):
    response = get(
        as_role(Role.STREET_STAFF), "/api/v1/indicators", unit="420606001000", period="2026-11"
    )
    assert response.status_code == 200
    crime_rate = next(i for i in response.json() if i["code"] == "criminal_cases_per_10k")
    # (1 + 1) / (3 + 1) residents, not the mean of 3333.33 and 10000.
    assert (crime_rate["numerator"], crime_rate["denominator"]) == (2, 4)
    assert crime_rate["value"] == 5000.0


def test_a_sibling_streets_unit_is_a_404(as_role, crime):
    client = as_role(Role.STREET_STAFF)
    for unit in ("420606002000", "420606002001", "420606000000"):
        response = get(client, "/api/v1/indicators", unit=unit, period="2026-11")
        assert response.status_code == 404
        assert "未找到该单位" in response.json()["detail"]
        opened = get(
            client, "/api/v1/indicators/criminal_cases_per_10k", unit=unit, period="2026-11"
        )
        assert opened.status_code == 404


def test_a_role_without_the_permission_is_refused(as_role, crime):
    response = get(
        as_role(Role.PARTY_MEMBER), "/api/v1/indicators", unit="420606001001001", period="2026-11"
    )
    assert response.status_code == 403


def test_a_grid_worker_reads_their_own_grid_and_not_the_street_above_it(as_role, crime):
    worker = as_role(Role.GRID_WORKER)
    assert (
        get(worker, "/api/v1/indicators", unit="420606001001001", period="2026-11").status_code
        == 200
    )
    assert (
        get(worker, "/api/v1/indicators", unit="420606001000", period="2026-11").status_code == 404
    )


def test_a_bad_period_is_a_422_naming_the_field(as_role, crime):
    response = get(
        as_role(Role.DISTRICT_ADMIN), "/api/v1/indicators", unit="420606000000", period="2026-13"
    )
    assert response.status_code == 422
    assert response.json()["fields"] == ["period"]
    assert "无法识别" in response.json()["detail"]


def test_a_period_not_rolled_up_is_a_404_saying_so(as_role, crime):
    response = get(
        as_role(Role.DISTRICT_ADMIN), "/api/v1/indicators", unit="420606000000", period="2026-10"
    )
    assert response.status_code == 404
    assert "尚未汇总" in response.json()["detail"]


def test_an_opened_figure_lists_the_children_that_add_up_to_it(as_role, crime):
    response = get(
        as_role(Role.STREET_STAFF),
        "/api/v1/indicators/criminal_cases_per_10k",
        unit="420606001000",
        period="2026-11",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["unit_code"], body["numerator"], body["denominator"]) == ("420606001000", 2, 4)
    children = {
        c["unit_code"]: (c["numerator"], c["denominator"], c["value"]) for c in body["children"]
    }
    assert children == {
        "420606001001": (1, 3, 3333.33),
        "420606001002": (1, 1, 10000.0),
    }


def test_an_unknown_indicator_code_is_a_404(as_role, crime):
    response = get(
        as_role(Role.DISTRICT_ADMIN),
        "/api/v1/indicators/no_such_rate",
        unit="420606000000",
        period="2026-11",
    )
    assert response.status_code == 404
