"""The report over the JSON API: the CLI's keys, the caller's scope, 404 outside it."""

import pytest

from grassroots.accounts.services.tokens import create_token
from grassroots.cadres.tests.rosters import EXPECTED_2021, EXPECTED_CHANGE, import_both
from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client, personas, tree, tmp_path):
    import_both(tmp_path)

    def get(role, query):
        token = create_token(personas[role], name="test")[1]
        return client.get(f"/api/v1/cadres/report?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


def test_the_api_gives_the_report_of_the_command_line(call):
    response = call(Role.DISTRICT_ADMIN, "term=2021&compare=2016")
    assert response.status_code == 200
    data = response.json()
    assert data.pop("change") == EXPECTED_CHANGE
    assert data == EXPECTED_2021


def test_the_api_counts_only_the_callers_scope(call, tree):
    data = call(Role.COMMUNITY_SECRETARY, "term=2021").json()
    assert (data["units"], data["members"], data["change"]) == (1, 4, None)
    outside = call(Role.COMMUNITY_SECRETARY, f"term=2021&node={tree.community_b1.pk}")
    missing = call(Role.COMMUNITY_SECRETARY, "term=2021&node=999999")
    assert outside.status_code == missing.status_code == 404


def test_an_unknown_term_is_a_404_and_a_role_without_the_permission_a_403(call):
    assert call(Role.DISTRICT_ADMIN, "term=2011").status_code == 404
    assert call(Role.GRID_WORKER, "term=2021").status_code == 403
    bad = call(Role.DISTRICT_ADMIN, "term=abc")
    assert bad.status_code == 422 and bad.json()["fields"] == ["term"]
