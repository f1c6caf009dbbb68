"""The three lists and visits over the API: the same scope and permissions as the pages."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.pairing.services.lists import add_task_evidence
from grassroots.pairing.testing import make_problem, make_task, make_visit, photo

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def tasks(housing, other_unit):
    return {
        "own": make_task(
            make_problem(housing, "住建局的问题"),
            "住建局的任务",
            is_practical=True,
            beneficiaries="3栋居民",
            beneficiary_count=96,
        ),
        "other": make_task(make_problem(other_unit, "城管局的问题"), "城管局的任务"),
    }


def test_a_liaison_reads_its_own_problems_and_tasks_and_another_units_are_404(tasks, api_as):
    client = api_as(Role.PAIRED_UNIT_LIAISON)
    own = tasks["own"]
    body = client.get(f"/api/v1/pairing/pairings/{own.problem.pairing_id}/problems").json()
    assert [p["text"] for p in body] == ["住建局的问题"]
    task = body[0]["tasks"][0]
    assert task["is_practical"] and task["beneficiary_count"] == 96 and body[0]["side"] == "unit"
    listed = client.get(f"/api/v1/pairing/pairings/{own.problem.pairing_id}/tasks").json()
    assert [t["text"] for t in listed] == ["住建局的任务"]
    assert client.get(f"/api/v1/pairing/tasks/{own.pk}").status_code == 200
    other = tasks["other"]
    assert client.get(f"/api/v1/pairing/tasks/{other.pk}").status_code == 404
    other_pairing = other.problem.pairing_id
    assert client.get(f"/api/v1/pairing/pairings/{other_pairing}/problems").status_code == 404


def test_a_liaison_posts_task_progress_but_may_not_close_it(tasks, api_as):
    client = api_as(Role.PAIRED_UNIT_LIAISON)
    task = tasks["own"]
    done = client.post(
        f"/api/v1/pairing/tasks/{task.pk}/progress", {"percent": 70}, content_type=JSON
    )
    assert done.status_code == 201 and done.json()["progress"] == 70
    evidence = add_task_evidence(task, upload=photo())
    refused = client.post(
        f"/api/v1/pairing/tasks/{task.pk}/close",
        {"version": 1, "evidence_ids": [evidence.pk]},
        content_type=JSON,
    )
    assert refused.status_code == 403


def test_the_secretary_closes_a_task_and_a_stale_version_is_409(tasks, api_as):
    client = api_as(Role.COMMUNITY_SECRETARY)
    task = tasks["own"]
    evidence = add_task_evidence(task, upload=photo())
    url = f"/api/v1/pairing/tasks/{task.pk}/close"
    body = {"version": 1, "evidence_ids": [evidence.pk]}
    closed = client.post(url, body, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(url, body, content_type=JSON)
    assert again.status_code == 409 and "已被他人修改" in again.json()["detail"]
    reopened = client.post(
        f"/api/v1/pairing/tasks/{task.pk}/reopen",
        {"version": 2, "reason": "复查"},
        content_type=JSON,
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert [c["to_status"] for c in reopened.json()["changes"]] == ["open", "closed", "open"]


def test_the_liaison_records_a_visit_and_only_the_secretary_answers(housing, api_as):
    liaison = api_as(Role.PAIRED_UNIT_LIAISON)
    made = liaison.post(
        f"/api/v1/pairing/pairings/{housing.pk}/visits",
        {"on": "2026-03-10", "kind": "study", "topic": "群租房成因", "findings": ["隔断出租"]},
        content_type=JSON,
    )
    assert made.status_code == 201 and [f["text"] for f in made.json()["findings"]] == ["隔断出租"]
    visit_id = made.json()["id"]
    url = f"/api/v1/pairing/visits/{visit_id}/answer"
    answer = {"version": 1, "answer": "burden", "note": "又要填表"}
    assert liaison.post(url, answer, content_type=JSON).status_code == 403
    secretary = api_as(Role.COMMUNITY_SECRETARY)
    answered = secretary.post(url, answer, content_type=JSON)
    assert answered.status_code == 200 and answered.json()["answer"] == "burden"
    assert secretary.post(url, answer, content_type=JSON).status_code == 409
    listed = secretary.get(f"/api/v1/pairing/pairings/{housing.pk}/visits").json()
    assert [(v["topic"], v["answer"]) for v in listed] == [("群租房成因", "burden")]


def test_another_units_visit_is_404_and_a_bad_answer_422(housing, other_unit, api_as):
    elsewhere = make_visit(other_unit)
    client = api_as(Role.PAIRED_UNIT_LIAISON)
    assert client.get(f"/api/v1/pairing/pairings/{other_unit.pk}/visits").status_code == 404
    own = make_visit(housing)
    bad = api_as(Role.COMMUNITY_SECRETARY).post(
        f"/api/v1/pairing/visits/{own.pk}/answer",
        {"version": 1, "answer": "angry"},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert (
        client.post(
            f"/api/v1/pairing/visits/{elsewhere.pk}/answer",
            {"version": 1, "answer": "helpful"},
            content_type=JSON,
        ).status_code
        == 404
    )
