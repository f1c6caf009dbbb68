"""Councils in a real browser at 375 px: the secretary opens the joint meeting, reads its
parties and decisions, uploads a photo to a decision and closes it out; a resident reads the
convention in force on a chosen day."""

from __future__ import annotations

import datetime

import pytest

from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_secretary_closes_out_a_decision_from_the_meeting_page_on_a_phone(
    new_page, personas, tree, screens, tmp_path
):
    from grassroots.councils.services import (
        adopt_by_show_of_hands,
        create_convention,
        propose_version,
    )
    from grassroots.councils.testing import make_decision, make_meeting
    from grassroots.pairing.demo_seeds import demo_photo

    secretary = personas[Role.COMMUNITY_SECRETARY]
    meeting = make_meeting(tree.community_a1, "第四季度三方联席会议")
    decision = make_decision(meeting, "建设集中充电棚，清理楼道电动车")
    phone = new_page(secretary)
    phone.goto(f"/councils/meetings/{meeting.pk}/")
    assert "社区党组织" in phone.inner_text("[data-testid=parties]")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=screens / "councils-meeting-375.png", full_page=True)
    phone.click("text=建设集中充电棚，清理楼道电动车")
    picture = tmp_path / "充电棚.png"
    picture.write_bytes(demo_photo())
    phone.set_input_files("[data-testid=evidence-form] input[type=file]", str(picture))
    phone.click("[data-testid=evidence-form] button")
    phone.wait_for_selector("[data-testid=evidence] a")
    phone.check("[data-testid=close-form] input[type=checkbox]")
    phone.click("[data-testid=close-form] button")
    phone.wait_for_selector("[data-testid=reopen-form]", state="attached")
    assert phone.inner_text("[data-testid=decision-status]") == "已销号"
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=screens / "councils-decision-375.png", full_page=True)
    decision.refresh_from_db()
    assert decision.is_closed

    convention = create_convention(
        tree.community_a1, code="QHK-GY", kind="residents", title="清河口居民公约"
    )
    version = propose_version(
        convention,
        text="一、邻里互助，文明礼让。",
        effective_from=datetime.date(2026, 1, 1),
        method="show_of_hands",
    )
    adopt_by_show_of_hands(
        version, meeting=meeting, votes_for=9, votes_against=1, votes_abstain=1, actor=secretary
    )
    resident = new_page(personas[Role.RESIDENT])
    resident.goto(f"/councils/conventions/{convention.pk}/")
    resident.fill("input[name=on]", "2025-06-01")
    resident.click("[data-testid=date-form] button")
    assert "尚无施行的条文" in resident.inner_text("[data-testid=in-force]")
    resident.fill("input[name=on]", "2026-06-01")
    resident.click("[data-testid=date-form] button")
    assert "邻里互助" in resident.inner_text("[data-testid=in-force]")
    assert resident.evaluate(NO_HORIZONTAL_SCROLL)
    resident.screenshot(path=screens / "councils-convention-375.png", full_page=True)
