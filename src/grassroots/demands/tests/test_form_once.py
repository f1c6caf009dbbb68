"""The recording page's form carries a one-time token: sent twice, or twenty times at once, it
records one demand; sent without one, it records nothing and asks to fill the form in again."""

import secrets
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from grassroots.demands.models import Demand
from grassroots.kernel.models import FormSubmission
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once
from grassroots.web.once import FIELD


def _form(tree, **extra):
    from grassroots.demands.models import Category

    return {
        "title": "路灯不亮",
        "description": "小区东门路灯一周不亮",
        "category": Category.objects.get(code="env-clutter").pk,
        "channel": "grid_report",
        "priority": "normal",
        "grid": tree.grid_a1_1.pk,
        "confirmed": "True",
        **extra,
    }


def test_the_page_puts_a_new_token_in_its_form_each_time(as_role):
    client = as_role(Role.GRID_WORKER)
    first = client.get("/demands/new/").content.decode()
    second = client.get("/demands/new/").content.decode()
    assert f'name="{FIELD}"' in first
    token = first.split(f'name="{FIELD}" value="')[1].split('"')[0]
    assert token and token not in second


def test_the_same_form_sent_twice_records_once_and_leads_to_the_same_demand(as_role, tree):
    client = as_role(Role.GRID_WORKER)
    data = once(_form(tree))
    first = client.post("/demands/new/", data)
    again = client.post("/demands/new/", data, follow=True)
    demand = Demand.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/demands/{demand.pk}/"
    assert again.redirect_chain[-1][0] == f"/demands/{demand.pk}/"
    assert "该表单已提交，未重复保存。" in again.content.decode()


def test_a_form_sent_back_with_errors_keeps_its_token_unused(as_role, tree):
    client = as_role(Role.GRID_WORKER)
    data = once(_form(tree))
    refused = client.post("/demands/new/", {**data, "title": ""})
    assert refused.status_code == 200 and not Demand.objects.exists()
    assert client.post("/demands/new/", data).status_code == 302
    assert Demand.objects.count() == 1


def test_a_form_without_a_token_records_nothing_and_asks_to_fill_it_in_again(as_role, tree):
    client = as_role(Role.GRID_WORKER)
    for data in (_form(tree), {**_form(tree), FIELD: "short"}):
        response = client.post("/demands/new/", data, follow=True)
        assert response.redirect_chain[-1][0] == "/demands/new/"
        assert "表单已失效，请重新填写后提交" in response.content.decode()
    assert not Demand.objects.exists() and not FormSubmission.objects.exists()


def test_another_accounts_token_leads_nowhere(as_role, personas, tree, client):
    data = once(_form(tree))
    as_role(Role.GRID_WORKER).post("/demands/new/", data)
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    response = client.post("/demands/new/", data, follow=True)
    assert response.redirect_chain[-1][0] == "/demands/new/"
    assert Demand.objects.count() == 1


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _submit(url, session, data):
    csrf = secrets.token_hex(16)  # a 32-character secret: cookie and field alike
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode(),
        method="POST",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}"},
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


@pytest.mark.usefixtures("real_transactions")
def test_twenty_submits_of_one_form_at_once_record_one_demand(client):
    from grassroots.demands.testing import ensure_categories
    from grassroots.testing.personas import build_tree, make_personas
    from grassroots.testing.servers import roomy_live_server

    ensure_categories()  # an earlier test's flush may have emptied them
    tree = build_tree()
    client.force_login(make_personas(tree)[Role.GRID_WORKER])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    data = once(_form(tree))
    with roomy_live_server() as base, ThreadPoolExecutor(max_workers=20) as pool:
        url = f"{base}/demands/new/"
        answers = list(pool.map(lambda _: _submit(url, session, data), range(20)))
    demand = Demand.objects.get()
    assert answers == [(302, f"/demands/{demand.pk}/")] * 20
