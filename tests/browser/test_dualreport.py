"""双报到 in the browser: a member reports to their community and logs a service on a phone
(375 px); the community secretary confirms both on a desktop (1366 px)."""

import pytest
from django.utils import timezone

from grassroots.dualreport.models import Category, MemberReport, ServiceRecord
from grassroots.dualreport.services import PostEntry, save_post
from grassroots.kernel.permissions import Role
from grassroots.members.models import MemberKind
from grassroots.members.testing import make_member
from grassroots.testing.personas import make_account

from .test_accessibility import _audit

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def member_account(tree):
    save_post(tree.community_a1, PostEntry(category=Category.SAFETY, title="治安巡逻队员"))
    save_post(tree.community_a1, PostEntry(category=Category.LEGAL, title="法律咨询志愿者"))
    member = make_member(
        tree.grid_a1_1, "001", kind=MemberKind.IN_SERVICE, work_unit="区税务局", name="张伟"
    )
    return make_account(member.grid, Role.PARTY_MEMBER, username="dy001", person=member.person)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_reports_and_logs_on_a_phone_and_the_secretary_confirms(
    new_page, personas, member_account, screens
):
    phone = new_page(member_account)
    phone.goto("/")
    phone.get_by_test_id("dualreport-panel").get_by_role("link", name="到社区报到").click()
    phone.wait_for_selector("[data-testid=open-posts]")
    phone.get_by_label("法律咨询志愿者").check()
    phone.fill("[name=note]", "律师，周末有空")
    phone.screenshot(path=screens / "dualreport-report-375.png", full_page=True)
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="提交报到").click()
    phone.wait_for_selector("[data-testid=my-report]")
    assert phone.get_by_test_id("report-status").inner_text() == "待确认"

    desk = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=DESKTOP)
    desk.goto("/dualreport/")
    desk.get_by_test_id("reports").get_by_role("link", name="张伟 · 法律咨询志愿者").click()
    desk.get_by_role("button", name="确认").click()
    desk.wait_for_selector("text=已处理党员报到")
    assert MemberReport.objects.get().status == "confirmed"

    phone.goto("/dualreport/my/")
    phone.get_by_role("link", name="登记服务").click()
    phone.fill("[name=served_on]", timezone.localdate().isoformat())
    phone.fill("[name=hours]", "abc")
    phone.fill("[name=work]", "党群服务中心法律咨询坐班")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_selector(".errorlist")
    assert "服务时长请填写数字" in phone.locator(".errorlist").inner_text()
    phone.fill("[name=hours]", "2.5")
    phone.screenshot(path=screens / "dualreport-log-375.png", full_page=True)
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_selector("[data-testid=my-records]")
    assert "2.5" in phone.get_by_test_id("my-records").inner_text()
    phone.screenshot(path=screens / "dualreport-my-375.png", full_page=True)
    _no_sideways_scroll(phone)

    desk.goto("/dualreport/records/")
    desk.get_by_test_id("records").get_by_role("link").first.click()
    desk.screenshot(path=screens / "dualreport-record-1366.png", full_page=True)
    desk.get_by_role("button", name="确认").click()
    desk.wait_for_selector("text=已处理服务登记")
    assert ServiceRecord.objects.get().status == "confirmed"

    phone.goto("/")
    panel = phone.get_by_test_id("dualreport-panel")
    assert panel.get_by_test_id("quarter-hours").inner_text() == "2.5"
    phone.screenshot(path=screens / "dualreport-home-375.png", full_page=True)
    _no_sideways_scroll(phone)
    desk.goto("/dualreport/feedback/?quarter=" + _this_quarter())
    desk.screenshot(path=screens / "dualreport-feedback-1366.png", full_page=True)
    assert "张伟" in desk.content()


def _this_quarter():
    today = timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def test_the_pages_fit_a_phone_and_pass_the_accessibility_audit(
    new_page, personas, member_account, screens
):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    problems = []
    for path, name in (
        ("/dualreport/", "index"),
        ("/dualreport/posts/", "posts"),
        ("/dualreport/units/", "units"),
        ("/dualreport/reports/", "reports"),
        ("/dualreport/records/", "records"),
        ("/dualreport/feedback/", "feedback"),
    ):
        problems += _audit(page, path)
        page.screenshot(path=screens / f"dualreport-{name}-375.png", full_page=True)
        _no_sideways_scroll(page)
    phone = new_page(member_account)
    for path in ("/", "/dualreport/my/", "/dualreport/my/report/"):
        problems += _audit(phone, path)
        _no_sideways_scroll(phone)
    assert not problems, "\n".join(problems)
