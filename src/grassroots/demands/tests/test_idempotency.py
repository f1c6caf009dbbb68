"""Recording a demand through the API with an Idempotency-Key: sent again, it is recorded once."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from grassroots.demands.models import Demand
from grassroots.kernel.models import IdempotencyKey
from grassroots.kernel.permissions import Role

URL = "/api/v1/demands"
BODY = {
    "title": "楼道堆物",
    "description": "三楼楼道堆放杂物，影响通行",
    "category": "env-clutter",
    "channel": "door_visit",
    "grid_code": "420606001001001",
}


def _post(client, body=BODY, key="k-1", url=URL):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(url, body, content_type="application/json", headers=headers)


def test_the_same_key_and_body_again_gets_the_first_answer_and_records_once(api_as):
    worker = api_as(Role.GRID_WORKER)
    first = _post(worker)
    again = _post(worker)
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Demand.objects.count() == 1


def test_the_same_body_with_its_keys_in_another_order_is_the_same_request(api_as):
    worker = api_as(Role.GRID_WORKER)
    first = _post(worker)
    reordered = json.dumps(dict(reversed(list(BODY.items()))), indent=2)
    assert _post(worker, reordered).json() == first.json()
    assert Demand.objects.count() == 1


def test_the_same_key_with_another_body_or_path_is_refused_with_422(api_as, demand):
    worker = api_as(Role.GRID_WORKER)
    _post(worker)
    other = _post(worker, {**BODY, "title": "另一件事"})
    assert other.status_code == 422
    assert "幂等键已用于另一个请求" in other.json()["detail"]
    assert other.json()["fields"] == ["Idempotency-Key"]
    elsewhere = _post(worker, {"to": "accepted"}, url=f"{URL}/{demand.pk}/transitions")
    assert elsewhere.status_code == 422
    assert Demand.objects.count() == 2  # the fixture's and the first post's
    assert demand.events.count() == 1  # the transition was not made


@pytest.mark.parametrize("key", ["", "x" * 256, "键", "tab\there"])
def test_a_malformed_key_is_refused_with_422_and_nothing_is_recorded(api_as, key):
    response = _post(api_as(Role.GRID_WORKER), key=key)
    assert response.status_code == 422, response.content
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Demand.objects.exists()


def test_keys_are_per_account(api_as):
    first = _post(api_as(Role.GRID_WORKER))
    second = _post(api_as(Role.COMMUNITY_SECRETARY))
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert "Idempotent-Replayed" not in second
    assert Demand.objects.count() == 2


def test_without_a_key_every_post_records_a_demand(api_as):
    worker = api_as(Role.GRID_WORKER)
    assert _post(worker, key=None).status_code == _post(worker, key=None).status_code == 201
    assert Demand.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_refused_request_keeps_no_key_so_the_corrected_one_goes_through(api_as):
    worker = api_as(Role.GRID_WORKER)
    refused = _post(worker, {**BODY, "grid_code": "999999999999999"})
    assert refused.status_code == 422  # a 4xx answer the operation gave is kept ...
    assert _post(worker, {**BODY, "grid_code": "999999999999999"}).json() == refused.json()
    malformed = _post(worker, {**BODY, "title": ""}, key="k-2")  # ... one of malformed input is not
    assert malformed.status_code == 422
    assert _post(worker, key="k-2").status_code == 201
    assert Demand.objects.count() == 1


def test_a_key_older_than_a_day_is_forgotten(api_as):
    worker = api_as(Role.GRID_WORKER)
    _post(worker)
    IdempotencyKey.objects.update(created_at="2020-01-01T00:00Z")
    again = _post(worker)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Demand.objects.count() == 2


def test_the_schema_documents_the_header_on_posts_that_need_an_account(client):
    schema = client.get("/api/v1/openapi.json").json()
    create = schema["paths"]["/api/v1/demands"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    public = schema["paths"]["/api/v1/public/demands"]["post"]
    assert "Idempotency-Key" not in [p["name"] for p in public.get("parameters", [])]


def _send(url, token, key):
    request = urllib.request.Request(
        url,
        data=json.dumps(BODY).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.usefixtures("real_transactions")
def test_fifty_posts_at_once_with_one_key_record_one_demand():
    from grassroots.accounts.services.tokens import create_token
    from grassroots.demands.testing import ensure_categories
    from grassroots.testing.personas import build_tree, make_personas
    from grassroots.testing.servers import roomy_live_server

    ensure_categories()  # an earlier test's flush may have emptied them
    personas = make_personas(build_tree())
    _, token = create_token(personas[Role.GRID_WORKER], name="tests")
    with roomy_live_server() as base, ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda _: _send(f"{base}{URL}", token, "once"), range(50)))
    assert {status for status, _ in answers} == {201}, answers
    assert len({json.dumps(body, sort_keys=True) for _, body in answers}) == 1
    assert Demand.objects.count() == 1
