"""The workflow: a member reports and takes a post, the community confirms or returns it; each
service is logged, confirmed or returned, put right and sent again; every change is recorded."""

from decimal import Decimal

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.dualreport.models import (
    MemberReport,
    RecordStatus,
    ReportStatus,
    ServiceRecord,
    UnitReportStatus,
)
from grassroots.dualreport.services import (
    DualReportError,
    ServiceEntry,
    StaleRow,
    UnitEntry,
    confirm_unit_report,
    decide_record,
    decide_report,
    log_service,
    parse_hours,
    record_unit_report,
    report_to_community,
    resubmit_record,
)

from .conftest import days_ago, member_with_account

pytestmark = pytest.mark.django_db


def _confirmed(member, post, secretary):
    report = report_to_community(member, post, on=days_ago(30))
    return decide_report(report, confirm=True, actor=secretary)


def test_a_member_reports_to_the_community_they_live_in_and_it_waits_for_confirmation(zhang, posts):
    member, account = zhang
    report = report_to_community(member, posts["patrol"], note="退伍军人", actor=account)
    assert report.status == ReportStatus.SUBMITTED
    assert report.community.name == "清河口社区"
    assert report.grid_id == member.grid_id
    assert [(c.from_status, c.to_status) for c in report.changes.all()] == [("", "submitted")]


def test_a_member_cannot_take_a_post_of_another_community_a_closed_one_or_report_twice(
    zhang, posts
):
    member, _ = zhang
    with pytest.raises(DualReportError, match="所居住社区"):
        report_to_community(member, posts["a2"])
    with pytest.raises(DualReportError, match="停止认领"):
        report_to_community(member, posts["closed"])
    report_to_community(member, posts["legal"])
    with pytest.raises(DualReportError, match="不能重复报到"):
        report_to_community(member, posts["patrol"])
    assert MemberReport.objects.count() == 1


def test_a_full_post_takes_no_more_members(tree, posts):
    for tag in ("011", "012"):
        report_to_community(member_with_account(tree.grid_a1_1, tag)[0], posts["patrol"])
    third = member_with_account(tree.grid_a1_2, "013")[0]
    with pytest.raises(DualReportError, match="名额已满"):
        report_to_community(third, posts["patrol"])


def test_the_community_returns_a_report_with_a_reason_and_the_member_may_report_again(
    zhang, posts, secretary
):
    member, _ = zhang
    report = report_to_community(member, posts["patrol"])
    with pytest.raises(DualReportError, match="退回时请填写原因"):
        decide_report(report, confirm=False, reason=" ", actor=secretary)
    returned = decide_report(report, confirm=False, reason="请选择法律岗位", actor=secretary)
    assert returned.status == ReportStatus.RETURNED
    assert returned.decided_by == secretary
    history = [(c.from_status, c.to_status, c.note, c.actor) for c in returned.changes.all()]
    assert history[-1] == ("submitted", "returned", "请选择法律岗位", secretary)
    again = report_to_community(member, posts["legal"])
    assert decide_report(again, confirm=True, actor=secretary).status == ReportStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="dualreport_report_changed").count() == 4


def test_a_decision_on_a_changed_report_is_refused(zhang, posts, secretary):
    member, _ = zhang
    report = report_to_community(member, posts["patrol"])
    stale = report.version
    decide_report(report, confirm=True, actor=secretary, version=stale)
    with pytest.raises(DualReportError):
        decide_report(report, confirm=False, reason="x", actor=secretary, version=stale)
    with pytest.raises(StaleRow):
        report.refresh_from_db()
        decide_report(report, confirm=True, actor=secretary, version=stale)


def test_a_service_is_logged_confirmed_and_counted(zhang, posts, secretary):
    member, account = zhang
    _confirmed(member, posts["patrol"], secretary)
    row = log_service(member, ServiceEntry(days_ago(2), "2.5", "小区夜间治安巡逻"), actor=account)
    assert (row.status, row.hours) == (RecordStatus.PENDING, Decimal("2.5"))
    confirmed = decide_record(row, confirm=True, actor=secretary, version=row.version)
    assert confirmed.status == RecordStatus.CONFIRMED
    assert confirmed.decided_by == secretary and confirmed.decided_at is not None
    assert [(c.from_status, c.to_status) for c in confirmed.changes.all()] == [
        ("", "pending"),
        ("pending", "confirmed"),
    ]


def test_a_returned_service_is_put_right_and_sent_again_with_its_history(zhang, posts, secretary):
    member, account = zhang
    _confirmed(member, posts["patrol"], secretary)
    row = log_service(member, ServiceEntry(days_ago(2), "8", "巡逻"), actor=account)
    returned = decide_record(row, confirm=False, reason="时长与签到不符", actor=secretary)
    assert (returned.status, returned.return_reason) == ("returned", "时长与签到不符")
    with pytest.raises(DualReportError, match="已处理"):
        decide_record(returned, confirm=True, actor=secretary)
    again = resubmit_record(returned, ServiceEntry(days_ago(2), "3", "小区夜间巡逻"), actor=account)
    assert (again.status, again.hours, again.return_reason) == ("pending", Decimal("3.0"), "")
    assert [(c.from_status, c.to_status, c.actor) for c in again.changes.all()] == [
        ("", "pending", account),
        ("pending", "returned", secretary),
        ("returned", "pending", account),
    ]


def test_a_service_needs_a_report_sensible_hours_a_past_date_and_what_was_done(
    zhang, posts, secretary
):
    member, _ = zhang
    with pytest.raises(DualReportError, match="请先向居住社区报到"):
        log_service(member, ServiceEntry(days_ago(1), "2", "巡逻"))
    _confirmed(member, posts["patrol"], secretary)
    cases = [
        (ServiceEntry(days_ago(1), "0", "巡逻"), "hours"),
        (ServiceEntry(days_ago(1), "25", "巡逻"), "hours"),
        (ServiceEntry(days_ago(1), "2.25", "巡逻"), "hours"),
        (ServiceEntry(days_ago(1), "两小时", "巡逻"), "hours"),
        (ServiceEntry(days_ago(-1), "2", "巡逻"), "served_on"),
        (ServiceEntry(days_ago(40), "2", "巡逻"), "served_on"),  # before reporting
        (ServiceEntry(days_ago(1), "2", "  "), "work"),
    ]
    for entry, field in cases:
        with pytest.raises(DualReportError) as raised:
            log_service(member, entry)
        assert raised.value.field == field, entry
    assert not ServiceRecord.objects.exists()


def test_hours_keep_one_decimal_place():
    assert parse_hours("2.5") == Decimal("2.5")
    assert parse_hours(" 3 ") == Decimal("3.0")
    with pytest.raises(DualReportError):
        parse_hours("NaN")


def test_a_unit_reports_to_a_community_and_the_community_confirms(tree, secretary):
    entry = UnitEntry("区税务局", "区税务局机关党委", "王强", "13912345678", days_ago(3))
    report = record_unit_report(tree.community_a1, entry, actor=secretary)
    assert report.masked_phone == "139****5678"
    confirmed = confirm_unit_report(report, version=report.version, actor=secretary)
    assert confirmed.status == UnitReportStatus.CONFIRMED
    assert confirmed.confirmed_by == secretary
    assert [c.to_status for c in confirmed.changes.all()] == ["submitted", "confirmed"]
    with pytest.raises(DualReportError):
        confirm_unit_report(confirmed, actor=secretary)


def test_a_unit_report_needs_its_names_and_a_real_phone_and_only_a_community_takes_it(tree):
    bad_phone = UnitEntry("区税务局", "机关党委", "王强", "12345", days_ago(3))
    with pytest.raises(DualReportError) as raised:
        record_unit_report(tree.community_a1, bad_phone)
    assert raised.value.field == "contact_phone"
    with pytest.raises(DualReportError) as raised:
        record_unit_report(tree.community_a1, UnitEntry("", "机关党委", "王强", "", days_ago(3)))
    assert raised.value.field == "unit_name"
    good = UnitEntry("区税务局", "机关党委", "王强", "", days_ago(3))
    with pytest.raises(DualReportError, match="社区"):
        record_unit_report(tree.street_a, good)
