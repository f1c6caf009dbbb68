"""Scope: another community's secretary gets a 404; a member sees only their own rows."""

import pytest
from django.urls import reverse

from grassroots.dualreport.models import MemberReport, ServiceRecord
from grassroots.dualreport.services import (
    ServiceEntry,
    decide_report,
    log_service,
    report_to_community,
)

from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(zhang, li, posts, secretary):
    rows = {}
    for key, (member, _account) in {"zhang": zhang, "li": li}.items():
        post = posts["patrol"] if key == "zhang" else posts["legal"]
        report = decide_report(
            report_to_community(member, post, on=days_ago(20)), confirm=True, actor=secretary
        )
        rows[key] = (report, log_service(member, ServiceEntry(days_ago(1), "2", f"{key}的服务")))
    return rows


def test_another_community_s_secretary_gets_a_404_for_every_row(
    client, serving, other_secretary, posts
):
    client.force_login(other_secretary)
    report, row = serving["zhang"]
    urls = [
        reverse("dualreport:report", kwargs={"member_report_id": report.pk}),
        reverse("dualreport:record", kwargs={"service_record_id": row.pk}),
        reverse("dualreport:post", kwargs={"service_post_id": posts["patrol"].pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    denied = client.post(urls[1], {"decision": "confirm", "version": row.version})
    assert denied.status_code == 404
    row.refresh_from_db()
    assert row.status == "pending"
    assert "张伟" not in client.get(reverse("dualreport:records")).content.decode()


def test_a_member_sees_only_their_own_reports_and_records(client, serving, zhang, li):
    _, account = zhang
    assert set(MemberReport.objects.visible_to(account).values_list("member", flat=True)) == {
        zhang[0].pk
    }
    assert list(ServiceRecord.objects.visible_to(account).values_list("work", flat=True)) == [
        "zhang的服务"
    ]
    client.force_login(account)
    page = client.get(reverse("dualreport:my")).content.decode()
    assert "zhang的服务" in page and "li的服务" not in page
    _, others = serving["li"]
    url = reverse("dualreport:my_record", kwargs={"service_record_id": others.pk})
    assert client.get(url).status_code == 404


def test_the_secretary_sees_every_member_of_the_community(serving, secretary):
    assert ServiceRecord.objects.visible_to(secretary).count() == 2
