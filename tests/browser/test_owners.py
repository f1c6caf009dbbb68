"""Owners' votes in a real browser on a 375 px phone: staff enter a paper ballot and the tally
page shows area and heads against their thresholds; an owner opens their one-time link, votes,
and cannot vote again."""

from __future__ import annotations

import datetime

import pytest

from grassroots.kernel.permissions import Role
from grassroots.owners.models import Ballot

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
DESKTOP = {"width": 1366, "height": 900}
HEADERS = (
    "网格编码",
    "小区",
    "楼栋",
    "单元",
    "房号",
    "专有部分面积",
    "业主姓名",
    "证件号码",
    "业主类型",
)


def _vote(tree):
    """An estate of grid A1-1: 4 owners (a buyer of two rooms, the developer's two unsold
    rooms), and an ordinary vote on it."""
    from stdnum.cn import ric

    from grassroots.kernel.tabular import Table
    from grassroots.owners.services import open_vote
    from grassroots.owners.services.importing import import_owners
    from grassroots.registry.models import Estate

    def citizen(n):
        body = f"42060619800101{n:03d}"
        return body + ric.calc_check_digit(body + "0")

    code = tree.grid_a1_1.code
    rows = [
        (code, "翠湖小区", "1号楼", "1单元", "101", "89.25", "张伟", citizen(11), "个人"),
        (code, "翠湖小区", "1号楼", "1单元", "102", "100.00", "王芳", citizen(22), "个人"),
        (code, "翠湖小区", "1号楼", "1单元", "103", "120.50", "王芳", citizen(22), "个人"),
        (code, "翠湖小区", "1号楼", "1单元", "104", "75.00", "李明", citizen(33), "个人"),
        (code, "翠湖小区", "2号楼", "1单元", "201", "130.00", "汉江置业有限公司", "", "建设单位"),
        (code, "翠湖小区", "2号楼", "1单元", "202", "130.00", "汉江置业有限公司", "", "建设单位"),
    ]
    import_owners(Table.from_records([HEADERS, *rows]), create_rooms=True)
    estate = Estate.objects.get(name="翠湖小区")
    now = datetime.datetime.now(datetime.UTC)
    return open_vote(
        estate=estate,
        title="更换物业服务企业",
        kind="ordinary",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=20),
    )


def test_staff_enter_a_paper_ballot_and_the_tally_moves_on_a_phone(
    new_page, personas, tree, screens
):
    vote = _vote(tree)
    page = new_page(personas[Role.GRID_WORKER])
    page.goto(f"/owners/votes/{vote.pk}/")
    area, heads = page.get_by_test_id("tally-area"), page.get_by_test_id("tally-owners")
    assert "0.00 / 644.75 平方米" in area.inner_text()
    assert "0 / 4 人" in heads.inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    form = page.get_by_test_id("paper-ballot")
    form.get_by_label("楼栋").fill("1号楼")
    form.get_by_label("单元").fill("1单元")
    form.get_by_label("房号").fill("103")
    form.get_by_label("同意").check()
    form.get_by_role("button", name="录入").click()
    page.wait_for_url(f"**/owners/votes/{vote.pk}/")
    # The buyer's two rooms count together: 220.50 m², one owner.
    assert "220.50 / 644.75 平方米" in page.get_by_test_id("tally-area").inner_text()
    assert "1 / 4 人" in page.get_by_test_id("tally-owners").inner_text()
    assert "三分之二以上" in page.get_by_test_id("tally-area").inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=str(screens / "owners-tally-375.png"), full_page=True)
    wide = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=DESKTOP)
    wide.goto(f"/owners/votes/{vote.pk}/")
    # Area and heads side by side on a wide screen.
    left = wide.get_by_test_id("tally-area").bounding_box()
    right = wide.get_by_test_id("tally-owners").bounding_box()
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] - 1
    wide.screenshot(path=str(screens / "owners-tally-1366.png"), full_page=True)


def test_an_owner_votes_once_by_their_link_on_a_phone(new_page, tree, screens):
    from grassroots.owners.selectors import heads_of
    from grassroots.owners.services import links_for

    vote = _vote(tree)
    developer = next(h for h in heads_of(vote) if "汉江置业有限公司" in h.names)
    token = links_for(vote, [developer.room_id])[developer.room_id]
    page = new_page()
    page.goto(f"/owners/v/?t={token}")
    rooms = page.get_by_test_id("own-rooms").inner_text()
    assert "2号楼1单元201" in rooms and "2号楼1单元202" in rooms and "101" not in rooms
    assert "260.00" in rooms
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    choice = page.get_by_label("反对")
    # The whole label is the tap target, a finger high.
    assert page.locator("label.choice").first.bounding_box()["height"] >= 44
    page.screenshot(path=str(screens / "owners-online-375.png"), full_page=True)
    choice.check()
    page.get_by_role("button", name="提交表决").click()
    assert "您已表决：反对" in page.get_by_test_id("online-done").inner_text()
    assert page.get_by_test_id("online-form").count() == 0
    page.screenshot(path=str(screens / "owners-online-done-375.png"), full_page=True)
    page.goto(f"/owners/v/?t={token}")
    assert "您已表决：反对" in page.get_by_test_id("online-done").inner_text()
    assert Ballot.objects.filter(vote=vote).count() == 1
