"""The pages: the member's on a phone (report, log, my records and hours, the home panel) and
the community's (needs list, unit reports, confirming and returning)."""

import pytest
from django.urls import reverse

from grassroots.dualreport.models import MemberReport, RecordStatus, ServicePost, ServiceRecord
from grassroots.dualreport.services import (
    ServiceEntry,
    decide_report,
    log_service,
    report_to_community,
)
from grassroots.testing.forms import once

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _serving(member, post, secretary):
    report = report_to_community(member, post, on=days_ago(30))
    return decide_report(report, confirm=True, actor=secretary)


def test_a_member_without_a_report_is_asked_on_the_home_page_to_report(client, zhang, posts):
    client.force_login(zhang[1])
    page = client.get("/").content.decode()
    assert "我的社区服务" in page and reverse("dualreport:my_report") in page


def test_a_member_reports_by_picking_a_post_of_their_community(client, zhang, posts):
    member, account = zhang
    client.force_login(account)
    page = client.get(reverse("dualreport:my_report")).content.decode()
    assert "治安巡逻队员" in page and "法律咨询志愿者" in page
    assert "文体活动组织" not in page  # closed
    assert "健康义诊志愿者" not in page  # another community's
    response = client.post(
        reverse("dualreport:my_report"), once({"post": posts["legal"].pk, "note": "律师"})
    )
    assert response.status_code == 302
    report = MemberReport.objects.get(member=member)
    assert (report.post, report.note, report.status) == (posts["legal"], "律师", "submitted")
    page = client.get(reverse("dualreport:my")).content.decode()
    assert "法律咨询志愿者" in page and "待确认" in page


def test_picking_no_post_or_another_community_s_post_is_told_in_chinese(client, zhang, posts):
    client.force_login(zhang[1])
    response = client.post(reverse("dualreport:my_report"), once({"post": ""}))
    assert response.status_code == 400 and "请选择一个岗位" in response.content.decode()
    response = client.post(reverse("dualreport:my_report"), once({"post": posts["a2"].pk}))
    assert response.status_code == 400 and "请选择需求表中的岗位" in response.content.decode()
    assert not MemberReport.objects.exists()


def test_a_member_logs_a_service_and_sees_it_and_their_hours(client, zhang, posts, secretary):
    member, account = zhang
    _serving(member, posts["patrol"], secretary)
    client.force_login(account)
    data = {"served_on": days_ago(1).isoformat(), "hours": "2.5", "work": "夜间巡逻"}
    assert client.post(reverse("dualreport:my_log"), once(data)).status_code == 302
    row = ServiceRecord.objects.get()
    assert (row.hours, row.status) == (row.hours.__class__("2.5"), RecordStatus.PENDING)
    bad = client.post(reverse("dualreport:my_log"), once({**data, "hours": "30"}))
    assert bad.status_code == 400 and "不超过24小时" in bad.content.decode()
    assert ServiceRecord.objects.count() == 1
    home = client.get("/").content.decode()
    assert "治安巡逻队员" in home and reverse("dualreport:my_log") in home


def test_the_home_panel_shows_this_quarter_s_confirmed_hours_and_what_waits(
    client, zhang, posts, secretary
):
    from grassroots.dualreport.selectors import home_panel
    from grassroots.dualreport.services import decide_record

    member, account = zhang
    _serving(member, posts["patrol"], secretary)
    first = log_service(member, ServiceEntry(days_ago(0), "2.5", "巡逻"))
    log_service(member, ServiceEntry(days_ago(0), "1", "巡逻"))
    decide_record(first, confirm=True, actor=secretary)
    panel = home_panel(account)
    assert panel["report"].post.title == "治安巡逻队员"
    assert (str(panel["quarter_hours"]), panel["pending"]) == ("2.5", 1)


def test_the_secretary_confirms_a_report_and_returns_a_record_with_a_reason(
    client, zhang, posts, secretary
):
    member, _ = zhang
    report = report_to_community(member, posts["patrol"], on=days_ago(10))
    client.force_login(secretary)
    index = client.get(reverse("dualreport:index")).content.decode()
    assert "张伟" in index
    url = reverse("dualreport:report", kwargs={"member_report_id": report.pk})
    assert client.post(url, {"decision": "confirm", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "confirmed"
    row = log_service(member, ServiceEntry(days_ago(1), "2", "巡逻"))
    url = reverse("dualreport:record", kwargs={"service_record_id": row.pk})
    missing = client.post(url, {"decision": "return", "reason": "", "version": row.version})
    assert missing.status_code == 400 and "退回时请填写原因" in missing.content.decode()
    done = client.post(url, {"decision": "return", "reason": "请补充内容", "version": row.version})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.return_reason) == ("returned", "请补充内容")
    page = client.get(url).content.decode()
    assert "请补充内容" in page and "已退回" in page


def test_a_stale_confirmation_tells_the_loser(client, zhang, posts, secretary):
    member, _ = zhang
    report = report_to_community(member, posts["patrol"])
    client.force_login(secretary)
    url = reverse("dualreport:report", kwargs={"member_report_id": report.pk})
    client.post(url, {"decision": "confirm", "version": report.version})
    late = client.post(url, {"decision": "return", "reason": "x", "version": report.version})
    assert late.status_code == 400 and "已被他人处理" in late.content.decode()


def test_the_member_puts_a_returned_record_right_on_their_phone(client, zhang, posts, secretary):
    from grassroots.dualreport.services import decide_record

    member, account = zhang
    _serving(member, posts["patrol"], secretary)
    row = decide_record(
        log_service(member, ServiceEntry(days_ago(1), "9", "巡逻")),
        confirm=False,
        reason="时长有误",
        actor=secretary,
    )
    client.force_login(account)
    url = reverse("dualreport:my_record", kwargs={"service_record_id": row.pk})
    assert "时长有误" in client.get(url).content.decode()
    data = {
        "served_on": days_ago(1).isoformat(),
        "hours": "2",
        "work": "巡逻",
        "version": row.version,
    }
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.status, str(row.hours)) == ("pending", "2.0")


def test_the_secretary_keeps_the_needs_list(client, tree, secretary):
    client.force_login(secretary)
    data = {
        "community": tree.community_a1.pk,
        "category": "legal",
        "title": "法律咨询志愿者",
        "description": "每月坐班半天",
        "places": "3",
        "active": "on",
    }
    assert client.post(reverse("dualreport:posts"), once(data)).status_code == 302
    post = ServicePost.objects.get()
    bad = client.post(reverse("dualreport:posts"), once({**data, "places": "0"}))
    assert bad.status_code == 400 and "需求人数应在1到999之间" in bad.content.decode()
    url = reverse("dualreport:post", kwargs={"service_post_id": post.pk})
    edit = {**data, "places": "4", "version": post.version}
    del edit["active"]
    assert client.post(url, edit).status_code == 302
    post.refresh_from_db()
    assert (post.places, post.active) == (4, False)
    again = client.post(url, edit)  # the old version
    assert again.status_code == 400 and "已被他人处理或修改" in again.content.decode()


def test_the_secretary_records_and_confirms_a_unit_report_with_the_phone_masked(
    client, tree, secretary
):
    client.force_login(secretary)
    data = {
        "community": tree.community_a1.pk,
        "unit_name": "区税务局",
        "party_org_name": "区税务局机关党委",
        "contact_name": "王强",
        "contact_phone": "13912345678",
        "reported_on": days_ago(2).isoformat(),
    }
    assert client.post(reverse("dualreport:units"), once(data)).status_code == 302
    page = client.get(reverse("dualreport:units")).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    from grassroots.dualreport.models import UnitReport

    report = UnitReport.objects.get()
    url = reverse("dualreport:unit_confirm", kwargs={"unit_report_id": report.pk})
    client.post(url, {"version": report.version})
    report.refresh_from_db()
    assert report.status == "confirmed"
    bad = client.post(reverse("dualreport:units"), once({**data, "reported_on": "2026-13-01"}))
    assert bad.status_code == 400 and "请填写正确的日期" in bad.content.decode()


def test_a_member_may_not_open_the_community_s_pages_nor_a_secretary_the_member_s(
    client, zhang, secretary
):
    client.force_login(zhang[1])
    assert client.get(reverse("dualreport:index")).status_code == 404
    client.force_login(secretary)
    assert client.get(reverse("dualreport:my_log")).status_code == 404
