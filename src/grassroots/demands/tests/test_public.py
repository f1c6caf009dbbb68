"""A resident without an account: submit, get a code, follow it with code and phone only."""

import pytest

from grassroots.demands.models import Demand
from grassroots.demands.services import new_code

SUBMIT = "/api/v1/public/demands"
BODY = {
    "title": "楼下烧烤油烟太大",
    "description": "每天晚上十点后还在营业，油烟直冲楼上",
    "category": "env-vending",
    "grid_code": "420606001001001",
    "reporter_name": "刘女士",
    "reporter_phone": "13700001234",
}


def submit(client, body=BODY, address="203.0.113.7"):
    return client.post(SUBMIT, body, content_type="application/json", REMOTE_ADDR=address)


def look(client, code, phone, address="203.0.113.7"):
    return client.get(f"{SUBMIT}/{code}", {"phone": phone}, REMOTE_ADDR=address)


def test_a_resident_submits_without_signing_in_and_gets_a_tracking_code(tree, client):
    response = submit(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "status", "response_due", "resolve_due"}
    demand = Demand.objects.get(code=body["code"])
    assert demand.channel == "web" and demand.created_by is None
    assert demand.events.get().actor_name == "群众（网上提交）"


def test_the_phone_is_required_on_the_public_page(tree, client):
    body = {k: v for k, v in BODY.items() if k != "reporter_phone"}
    response = submit(client, body)
    assert response.status_code == 422 and response.json()["fields"] == ["reporter_phone"]


def test_code_and_phone_show_the_status_and_steps_and_nothing_personal(tree, client):
    code = submit(client).json()["code"]
    response = look(client, code, "13700001234")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received" and body["title"] == BODY["title"]
    assert [s["status"] for s in body["steps"]] == ["received"]
    text = response.content.decode()
    for secret in ("13700001234", "刘女士", "actor", "note"):
        assert secret not in text


def test_a_wrong_phone_and_a_wrong_code_get_the_same_404(tree, client):
    code = submit(client).json()["code"]
    wrong_phone = look(client, code, "13700009999")
    wrong_code = look(client, new_code(), "13700001234")
    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert wrong_phone.json() == wrong_code.json()


def test_a_resident_guessing_codes_sees_no_one_elses_demand(tree, client, settings):
    settings.DEMANDS_PUBLIC_LOOKUPS_PER_HOUR = 1000
    codes = {
        submit(
            client, {**BODY, "reporter_phone": f"1370000{i:04d}"}, address=f"198.51.100.{i}"
        ).json()["code"]
        for i in range(5)
    }
    mine = submit(client, address="198.51.100.99").json()["code"]
    for code in codes:  # real codes of other residents, tried with my phone
        assert look(client, code, "13700001234").status_code == 404
    for _ in range(50):
        assert look(client, new_code(), "13700001234").status_code == 404
    assert look(client, mine, "13700001234").status_code == 200


def test_tracking_codes_are_random_not_sequential(tree, client, settings):
    settings.DEMANDS_PUBLIC_SUBMITS_PER_HOUR = 1000
    codes = [submit(client).json()["code"] for _ in range(20)]
    assert len(set(codes)) == 20
    assert all(len(c) == 12 for c in codes)
    shared_prefix = sum(a[:4] == b[:4] for a, b in zip(codes, codes[1:], strict=False))
    assert shared_prefix <= 1


def test_submitting_is_limited_per_address(tree, client, settings):
    settings.DEMANDS_PUBLIC_SUBMITS_PER_HOUR = 3
    statuses = [submit(client).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    assert submit(client, address="203.0.113.8").status_code == 201  # another address
    assert Demand.objects.count() == 4


def test_looking_up_is_limited_per_address_so_codes_cannot_be_tried_in_bulk(tree, client, settings):
    settings.DEMANDS_PUBLIC_LOOKUPS_PER_HOUR = 5
    code = submit(client).json()["code"]
    statuses = [look(client, new_code(), "13700001234").status_code for _ in range(5)]
    assert statuses == [404] * 5
    assert look(client, code, "13700001234").status_code == 429


@pytest.mark.parametrize("code", ["a" * 40, "../../etc", "%00"])
def test_a_malformed_code_is_refused_without_a_crash(tree, client, code):
    assert look(client, code, "13700001234").status_code in (404, 422)
