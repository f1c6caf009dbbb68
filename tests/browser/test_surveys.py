"""Satisfaction surveys in a real browser: a grid worker records calls on the call sheet of a
375 px phone (htmx, the row answered in place), the secretary reads the survey page and prints
the QR sheet at 1366 px, and a resident answers once through a QR link on a phone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from grassroots.kernel.permissions import Role
from grassroots.surveys.models import Outcome

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def running(tree):
    """清河口社区's survey at ±20 points, drawn from 12 households in two grids, running."""
    from grassroots.registry.services import ensure_room, register_resident
    from grassroots.registry.validation import ResidentData
    from grassroots.surveys.services import draw_sample, start_survey
    from grassroots.surveys.testing import make_survey

    for grid, estate, n in ((tree.grid_a1_1, "清河小区", 8), (tree.grid_a1_2, "樊西小区", 4)):
        for number in range(1, n + 1):
            room = ensure_room(
                grid=grid, estate=estate, building="2栋", unit="1单元", number=f"{number}02"
            )
            data = ResidentData(name=f"住户{number}", gender="F", phone="13907105566")
            register_resident(room=room, data=data, on=datetime.date(2020, 1, 1))
    survey = make_survey(tree.community_a1, "2026年第四季度群众满意度测评", margin=Decimal(20))
    draw_sample(survey)
    return start_survey(survey)


def test_a_grid_worker_records_calls_on_a_phone_and_the_secretary_reads_the_rates(
    new_page, personas, running, screens, tree
):
    page = new_page(personas[Role.GRID_WORKER])
    page.goto("/")
    panel = page.locator("[data-testid=surveys-panel]")
    panel.wait_for()
    in_grid = running.sample.filter(grid=tree.grid_a1_1).count()
    assert f"已回答 0 / 样本 {in_grid} 户" in panel.inner_text()  # the worker's grid only
    page.screenshot(path=screens / "surveys-home-375.png", full_page=True)
    panel.get_by_text(running.name).click()
    page.wait_for_selector("[data-testid=rates]")
    page.click("text=回访表")
    page.wait_for_selector("[data-testid=calls]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "surveys-calls-375.png", full_page=True)
    first = page.locator("[data-testid=call]").nth(0)
    first.get_by_text("非常满意").click()
    first.get_by_text("比较安全").click()
    first.get_by_role("button", name="记录回答").click()
    page.wait_for_selector("[data-testid=call][data-outcome=answered]")
    second = page.locator("[data-testid=call][data-outcome=pending]").nth(0)
    second.get_by_role("button", name="拒访").click()
    page.wait_for_selector("[data-testid=call][data-outcome=refused]")
    assert "已回答" in page.locator("[data-testid=call]").nth(0).inner_text()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "surveys-calls-recorded-375.png", full_page=True)
    outcomes = sorted(running.sample.values_list("outcome", flat=True))
    assert outcomes.count(Outcome.ANSWERED) == 1 and outcomes.count(Outcome.REFUSED) == 1

    desk = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=DESKTOP)
    desk.goto(f"/surveys/{running.pk}/")
    rates = desk.inner_text("[data-testid=rates]")
    assert "100.0%（n=1，95%置信区间" in rates
    assert desk.inner_text("[data-testid=sample-size]") == str(running.sample.count())
    desk.screenshot(path=screens / "surveys-detail-1366.png", full_page=True)
    phone = new_page(personas[Role.COMMUNITY_SECRETARY])
    phone.goto(f"/surveys/{running.pk}/")
    phone.wait_for_selector("[data-testid=computation]")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=screens / "surveys-detail-375.png", full_page=True)
    phone.goto(f"/surveys/{running.pk}/calls/")
    phone.locator("[data-testid=reveal-phone]").first.click()
    phone.wait_for_selector("[data-testid=phone-revealed]")
    assert "13907105566" in phone.inner_text("[data-testid=phone-revealed]")


def test_a_household_answers_once_through_its_qr_link_on_a_phone(
    new_page, personas, running, screens, tree
):
    desk = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=DESKTOP)
    desk.goto(f"/surveys/{running.pk}/links/?grid={tree.grid_a1_1.pk}")
    desk.wait_for_selector("[data-testid=links] svg")
    codes = desk.locator("[data-testid=links] svg").count()
    assert codes == running.sample.filter(grid=tree.grid_a1_1).count()
    desk.screenshot(path=screens / "surveys-links-1366.png", full_page=True)

    sampled = running.sample.order_by("pk").first()
    page = new_page()
    page.goto(f"/surveys/answer/?t={sampled.token}")
    page.wait_for_selector("[data-testid=answer-form]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "surveys-public-375.png", full_page=True)
    page.get_by_text("基本满意").click()
    page.get_by_text("安全", exact=True).click()
    page.click("[data-testid=answer-form] button")
    page.wait_for_selector("[data-testid=link-message]")
    assert "提交成功" in page.inner_text("[data-testid=link-message]")
    page.goto(f"/surveys/answer/?t={sampled.token}")
    page.wait_for_selector("[data-testid=link-message]")
    assert "该链接已使用" in page.inner_text("[data-testid=link-message]")
    page.screenshot(path=screens / "surveys-public-used-375.png", full_page=True)
    sampled.refresh_from_db()
    assert (sampled.outcome, sampled.channel) == (Outcome.ANSWERED, "qr")
    assert list(sampled.answers.order_by("question__number").values_list("choice", flat=True)) == [
        "基本满意",
        "安全",
    ]
