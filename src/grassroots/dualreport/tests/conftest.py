"""A needs list in community A1 (and one in A2), members living there with accounts, and the
community secretaries of A1 and A2."""

import datetime

import pytest
from django.utils import timezone

from grassroots.dualreport.models import Category
from grassroots.dualreport.quarters import Quarter
from grassroots.dualreport.services import (
    PostEntry,
    ServiceEntry,
    decide_record,
    decide_report,
    log_service,
    report_to_community,
    save_post,
)
from grassroots.kernel.permissions import Role
from grassroots.members.models import MemberKind
from grassroots.members.testing import make_member
from grassroots.testing.personas import make_account


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def member_with_account(node, tag, *, kind=MemberKind.IN_SERVICE, work_unit="区税务局", name=""):
    """A member living in a grid of ``node`` who can sign in (role 党员)."""
    member = make_member(node, tag, kind=kind, work_unit=work_unit, name=name)
    account = make_account(
        member.grid, Role.PARTY_MEMBER, username=f"dy{tag}", person=member.person
    )
    return member, account


@pytest.fixture
def posts(tree):
    """Community A1's needs list: a patrol post with two places, a legal one, one closed; A2's."""
    a1 = tree.community_a1
    return {
        "patrol": save_post(
            a1, PostEntry(category=Category.SAFETY, title="治安巡逻队员", places=2)
        ),
        "legal": save_post(a1, PostEntry(category=Category.LEGAL, title="法律咨询志愿者")),
        "closed": save_post(
            a1, PostEntry(category=Category.CULTURE, title="文体活动组织", active=False)
        ),
        "a2": save_post(
            tree.community_a2, PostEntry(category=Category.HEALTH, title="健康义诊志愿者")
        ),
    }


@pytest.fixture
def zhang(tree):
    """张伟, 在职党员 of 区税务局, living in grid A1-1."""
    return member_with_account(tree.grid_a1_1, "001", name="张伟")


@pytest.fixture
def li(tree):
    """李娜, 在职党员 of 区人民医院, living in grid A1-2."""
    return member_with_account(tree.grid_a1_2, "002", name="李娜", work_unit="区人民医院")


@pytest.fixture
def secretary(personas):
    return personas[Role.COMMUNITY_SECRETARY]  # community A1


@pytest.fixture
def other_secretary(tree):
    return make_account(tree.community_a2, Role.COMMUNITY_SECRETARY, username="sj_a2")


LAST = Quarter.containing(timezone.localdate()).previous()


def _day(n: int) -> datetime.date:
    return LAST.start + datetime.timedelta(days=n)


def _serve(member, secretary, day, hours, work, *, confirm=True):
    row = log_service(member, ServiceEntry(day, hours, work))
    if confirm is None:
        return row
    return decide_record(row, confirm=confirm, reason="" if confirm else "不符", actor=secretary)


@pytest.fixture
def quarter(tree, zhang, li, posts, secretary):
    """张伟 (区税务局): two confirmed services last quarter, one waiting, one returned, one the
    quarter before; 王芳 (区税务局): twelve; 李娜 (区人民医院): reported, served nothing."""
    wang = member_with_account(tree.grid_a1_2, "003", name="王芳")[0]
    reports = {}
    for key, member, post in (
        ("zhang", zhang[0], posts["patrol"]),
        ("wang", wang, posts["legal"]),
        ("li", li[0], posts["legal"]),
    ):
        report = report_to_community(member, post, on=LAST.start - datetime.timedelta(days=100))
        reports[key] = decide_report(report, confirm=True, actor=secretary)
    zhang_member = zhang[0]
    _serve(zhang_member, secretary, _day(3), "2.5", "小区夜间治安巡逻")
    _serve(zhang_member, secretary, _day(40), "3", "入户开展反诈宣传")
    _serve(zhang_member, secretary, _day(41), "2", "等待确认的巡逻", confirm=None)
    _serve(zhang_member, secretary, _day(42), "8", "被退回的巡逻", confirm=False)
    _serve(zhang_member, secretary, _day(-5), "4", "上一季度的巡逻")
    for n in range(12):
        _serve(
            wang,
            secretary,
            _day(n + 1),
            "1.5",
            f"为居民解答法律问题并协助起草调解协议书第{n + 1}次",
        )
    return LAST
