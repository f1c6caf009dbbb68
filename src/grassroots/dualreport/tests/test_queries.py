"""The busiest pages read a fixed number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grassroots.dualreport.services import (
    ServiceEntry,
    decide_report,
    log_service,
    report_to_community,
)

from .conftest import days_ago, member_with_account

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _log(member, n):
    for i in range(n):
        log_service(member, ServiceEntry(days_ago(1), "1", f"服务{i}"))


def test_the_records_list_and_the_member_s_page_do_not_grow_with_the_rows(
    client, tree, zhang, posts, secretary
):
    member, account = zhang
    decide_report(
        report_to_community(member, posts["legal"], on=days_ago(20)), confirm=True, actor=secretary
    )
    _log(member, 2)
    client.force_login(secretary)
    few_records = _queries(client, reverse("dualreport:records"))
    few_index = _queries(client, reverse("dualreport:index"))
    client.force_login(account)
    few_mine = _queries(client, reverse("dualreport:my"))
    for tag in ("021", "022", "023"):
        other = member_with_account(tree.grid_a1_2, tag)[0]
        decide_report(report_to_community(other, posts["legal"], on=days_ago(20)), confirm=True)
        _log(other, 3)
    _log(member, 6)
    client.force_login(secretary)
    assert _queries(client, reverse("dualreport:records")) == few_records
    assert _queries(client, reverse("dualreport:index")) == few_index
    client.force_login(account)
    assert _queries(client, reverse("dualreport:my")) == few_mine
