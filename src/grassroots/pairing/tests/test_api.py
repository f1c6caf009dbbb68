"""The pairing API: the same scope and permissions as the pages."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.pairing.services import add_evidence
from grassroots.pairing.testing import make_pledge, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges(housing, other_unit):
    return {
        "own": make_pledge(housing, "住建局承诺"),
        "other": make_pledge(other_unit, "城管局承诺"),
    }


def test_a_liaison_lists_only_its_own_units_pairings(pledges, api_as):
    body = api_as(Role.PAIRED_UNIT_LIAISON).get("/api/v1/pairing/pairings").json()
    assert [p["unit_code"] for p in body["items"]] == ["ZJJ"]
    assert body["items"][0]["community_code"] == "420606001001" and body["count"] == 1
    secretary = api_as(Role.COMMUNITY_SECRETARY).get("/api/v1/pairing/pairings").json()
    assert sorted(p["unit_code"] for p in secretary["items"]) == ["CGJ", "ZJJ"]


def test_another_units_pledge_is_a_404_for_a_liaison(pledges, api_as):
    client = api_as(Role.PAIRED_UNIT_LIAISON)
    assert client.get(f"/api/v1/pairing/pledges/{pledges['own'].pk}").status_code == 200
    assert client.get(f"/api/v1/pairing/pledges/{pledges['other'].pk}").status_code == 404
    other_pairing = pledges["other"].pairing_id
    assert client.get(f"/api/v1/pairing/pairings/{other_pairing}/pledges").status_code == 404


def test_a_liaison_posts_progress_but_a_close_out_is_forbidden(pledges, api_as):
    client = api_as(Role.PAIRED_UNIT_LIAISON)
    pledge = pledges["own"]
    done = client.post(
        f"/api/v1/pairing/pledges/{pledge.pk}/progress",
        {"percent": 50, "note": "过半"},
        content_type="application/json",
    )
    assert done.status_code == 201 and done.json()["progress"] == 50
    evidence = add_evidence(pledge, upload=photo())
    refused = client.post(
        f"/api/v1/pairing/pledges/{pledge.pk}/close",
        {"version": 1, "evidence_ids": [evidence.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_secretary_closes_over_the_api_and_a_stale_version_is_409(pledges, api_as):
    client = api_as(Role.COMMUNITY_SECRETARY)
    pledge = pledges["own"]
    evidence = add_evidence(pledge, upload=photo())
    url = f"/api/v1/pairing/pledges/{pledge.pk}/close"
    body = {"version": 1, "evidence_ids": [evidence.pk]}
    closed = client.post(url, body, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409 and "已被他人修改" in again.json()["detail"]
    reopened = client.post(
        f"/api/v1/pairing/pledges/{pledge.pk}/reopen",
        {"version": 2, "reason": "复查"},
        content_type="application/json",
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"


def test_closing_without_evidence_is_409_with_the_reason(pledges, api_as):
    pledge = pledges["own"]
    response = api_as(Role.COMMUNITY_SECRETARY).post(
        f"/api/v1/pairing/pledges/{pledge.pk}/close",
        {"version": 1, "evidence_ids": []},
        content_type="application/json",
    )
    assert response.status_code == 409 and "佐证材料" in response.json()["detail"]


def test_progress_above_100_is_a_422(pledges, api_as):
    response = api_as(Role.PAIRED_UNIT_LIAISON).post(
        f"/api/v1/pairing/pledges/{pledges['own'].pk}/progress",
        {"percent": 120},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_a_liaison_uploads_evidence_over_the_api(pledges, api_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grassroots.pairing.testing import PNG

    pledge = pledges["own"]
    response = api_as(Role.PAIRED_UNIT_LIAISON).post(
        f"/api/v1/pairing/pledges/{pledge.pk}/evidence",
        {"file": SimpleUploadedFile("现场.png", PNG)},
    )
    assert response.status_code == 201 and response.json()["content_type"] == "image/png"
    assert pledge.evidence.count() == 1
