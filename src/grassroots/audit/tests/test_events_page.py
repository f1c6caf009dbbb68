"""The audit log page: district administrators read the events of their own subtree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.audit.models import Action, AuditEvent, Outcome
from grassroots.audit.services import record
from grassroots.audit.views import PAGE_SIZE
from grassroots.kernel.permissions import Role
from grassroots.testing.personas import make_account

URL = "/audit/"
EXPORT = "/audit/export.csv"


@pytest.fixture
def logged(tree, personas):
    """One sign-in in each street, plus an unknown-account failure (no unit)."""
    return {
        "a": record(Action.SIGN_IN, actor=personas[Role.STREET_STAFF]),
        "b": record(
            Action.SIGN_IN_FAILED,
            username="chun",
            node=tree.community_b1,
            outcome=Outcome.FAILURE,
            reason="wrong_password",
        ),
        "grid": record(Action.TOKEN_CREATED, actor=personas[Role.GRID_WORKER], prefix="gr_abc"),
        "none": record(Action.SIGN_IN_FAILED, username="ghost", outcome=Outcome.FAILURE),
    }


def _rows(response):
    return list(response.context["page"].object_list)


READERS = (Role.DISTRICT_ADMIN, Role.AUDIT_ADMIN)


@pytest.mark.parametrize("role", [r for r in Role if r not in READERS])
def test_the_audit_page_and_its_export_are_a_404_for_every_other_role(
    client, personas, logged, role
):
    client.force_login(personas[role])
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert not AuditEvent.objects.filter(action="audit_exported").exists()


def test_the_audit_administrator_exports_the_filtered_log_as_csv(client, personas, logged):
    auditor = personas[Role.AUDIT_ADMIN]
    client.force_login(auditor)
    response = client.get(EXPORT, {"action": Action.SIGN_IN_FAILED})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(",")[:5] == ["序号", "时间", "账号", "单位", "事件"]
    assert len(lines) == 3  # the two failures, the one of no unit too
    assert {line.split(",")[2] for line in lines[1:]} == {"chun", "ghost"}
    assert all("登录失败" in line for line in lines[1:])
    (exported,) = AuditEvent.objects.filter(action="audit_exported")
    assert exported.actor_id == auditor.pk and exported.detail["rows"] == 2


def test_the_audit_page_asks_a_visitor_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")


def test_the_audit_administrator_also_reads_sign_in_failures_of_no_unit(client, personas, logged):
    # A record of no unit that might name another unit's rows stays out of reach.
    record(Action.ORG_IMPORTED, username="cli", target="420607000000")
    client.force_login(personas[Role.AUDIT_ADMIN])
    rows = _rows(client.get(URL))
    assert rows == [logged["none"], logged["grid"], logged["b"], logged["a"]]


def test_a_district_admin_reads_the_district_newest_first(client, personas, logged):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    response = client.get(URL)
    assert response.status_code == 200
    assert _rows(response) == [logged["grid"], logged["b"], logged["a"]]
    html = response.content.decode()
    assert "登录失败" in html and "汉江街道" in html and "table-wrap" in html


def test_an_administrator_of_one_street_sees_only_that_street(client, tree, logged):
    street_admin = make_account(tree.street_a, Role.DISTRICT_ADMIN, username="street-admin")
    client.force_login(street_admin)
    rows = _rows(client.get(URL))
    assert logged["a"] in rows and logged["grid"] in rows
    assert logged["b"] not in rows and logged["none"] not in rows
    assert _rows(client.get(URL, {"username": "chun"})) == []


def test_an_operator_sees_every_event_including_those_without_a_unit(client, logged):
    operator = Account.objects.create_superuser(
        "op", password="Op-pass-2026", must_change_password=False
    )
    client.force_login(operator)
    assert set(logged.values()) <= set(_rows(client.get(URL)))


def test_events_filter_by_action_username_and_day(client, personas, logged):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    assert _rows(client.get(URL, {"action": Action.TOKEN_CREATED})) == [logged["grid"]]
    assert _rows(client.get(URL, {"username": "chun"})) == [logged["b"]]
    today = timezone.localdate()
    assert len(_rows(client.get(URL, {"day": today.isoformat()}))) == 3
    assert _rows(client.get(URL, {"day": (today - timedelta(days=1)).isoformat()})) == []


def test_a_malformed_filter_is_an_error_on_the_page_not_a_crash(client, personas, logged):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    response = client.get(URL, {"day": "2026-13-45", "action": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"day", "action"}
    assert len(_rows(response)) == 3


def test_the_log_is_paginated_fifty_to_a_page_keeping_the_filter(client, personas, tree):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=Action.SIGN_IN, outcome=Outcome.SUCCESS, username=f"u{i}", node=tree.grid_a1_1
        )
        for i in range(PAGE_SIZE + 5)
    )
    client.force_login(personas[Role.DISTRICT_ADMIN])
    first = client.get(URL, {"action": Action.SIGN_IN})
    assert PAGE_SIZE == 50 and len(_rows(first)) == 50
    assert "action=sign_in&amp;page=2" in first.content.decode()
    second = client.get(URL, {"action": Action.SIGN_IN, "page": 2})
    assert len(_rows(second)) == 5


def test_the_audit_page_costs_the_same_few_queries_however_long_the_log(
    client, personas, tree, django_assert_max_num_queries
):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=Action.SIGN_IN, outcome=Outcome.SUCCESS, username=f"u{i}", node=tree.grid_a1_1
        )
        for i in range(40)
    )
    client.force_login(personas[Role.DISTRICT_ADMIN])
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
