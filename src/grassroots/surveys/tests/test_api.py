"""The surveys' API: scoped lists and details with rates, n and the interval; a call recorded
by staff, once per Idempotency-Key."""

import json

import pytest

from grassroots.kernel.permissions import Role
from grassroots.surveys.models import Answer, Outcome
from grassroots.surveys.testing import answer_all, make_survey

pytestmark = pytest.mark.django_db


def test_the_list_and_the_detail_carry_the_rates_with_n_and_interval(api_as, running, tree):
    make_survey(tree.community_b1, "春园社区测评")
    for sampled in running.sample.order_by("pk")[:4]:
        answer_all(sampled, "满意", "不安全")
    client = api_as(Role.COMMUNITY_SECRETARY)
    listed = client.get("/api/v1/surveys").json()
    assert [s["name"] for s in listed["items"]] == ["清河口社区满意度测评"]
    detail = client.get(f"/api/v1/surveys/{running.pk}").json()
    rates = {r["indicator"]: r for r in detail["rates"]}
    assert (rates["satisfaction_rate"]["value"], rates["satisfaction_rate"]["sample_size"]) == (
        100.0,
        4,
    )
    assert rates["safety_rate"]["value"] == 0.0 and rates["safety_rate"]["interval_high"] > 0
    assert detail["progress"]["answered"] == 4
    assert [q["choices"][0] for q in detail["questions"]] == ["非常满意", "安全"]


def test_a_survey_outside_the_scope_is_a_404(api_as, tree, registry):
    other = make_survey(tree.community_b1, "春园社区测评")
    assert api_as(Role.COMMUNITY_SECRETARY).get(f"/api/v1/surveys/{other.pk}").status_code == 404


def test_staff_record_a_call_once_per_idempotency_key(api_as, running, tree):
    sampled = running.sample.filter(grid=tree.grid_a1_1).first()
    first, second = running.questions.order_by("number")
    client = api_as(Role.GRID_WORKER)
    body = json.dumps({"outcome": "answered", "answers": {first.pk: "满意", second.pk: "安全"}})
    url = f"/api/v1/surveys/sampled/{sampled.pk}/contact"
    headers = {"Idempotency-Key": "call-1"}
    response = client.post(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 201 and response.json()["outcome"] == Outcome.ANSWERED
    replay = client.post(url, body, content_type="application/json", headers=headers)
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert Answer.objects.filter(sampled=sampled).count() == 2
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409


def test_an_answer_off_the_scale_is_a_422_and_another_grid_a_404(api_as, running, tree):
    client = api_as(Role.GRID_WORKER)
    mine = running.sample.filter(grid=tree.grid_a1_1).first()
    first, second = running.questions.order_by("number")
    body = json.dumps({"outcome": "answered", "answers": {first.pk: "还行", second.pk: "安全"}})
    url = f"/api/v1/surveys/sampled/{mine.pk}/contact"
    assert client.post(url, body, content_type="application/json").status_code == 422
    elsewhere = running.sample.filter(grid=tree.grid_a1_2).first()
    url = f"/api/v1/surveys/sampled/{elsewhere.pk}/contact"
    refused = json.dumps({"outcome": "refused"})
    assert client.post(url, refused, content_type="application/json").status_code == 404
