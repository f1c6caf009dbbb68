"""A resident in a real browser, at phone size and on a desk: on the public page they find their
place by estate and building and attach a photo; signed in, they report for their own home and
follow their own demands."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grassroots.demands.models import Demand, DemandPhoto
from grassroots.demands.testing import PNG_BYTES, ensure_categories
from grassroots.kernel.permissions import Role
from grassroots.people.models import Gender, Person
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.testing.personas import make_account
from tests.browser.conftest import add_axe

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
DESK = {"width": 1366, "height": 900}


def _no_serious_violation(page) -> None:
    """axe-core on the page as it stands (tests/browser/test_accessibility.py audits the
    navigation's pages; these are reached further in)."""
    from tests.browser.test_accessibility import AUDIT

    add_axe(page)
    assert page.evaluate(AUDIT) == []


@pytest.fixture
def estate(tree):
    ensure_categories()
    for grid, building in ((tree.grid_a1_1, "2栋"), (tree.grid_a1_1, "1栋")):
        ensure_room(grid=grid, estate="清河小区", building=building, unit="", number="101")
    return ensure_room(
        grid=tree.grid_a1_2, estate="清河小区", building="10栋", unit="2单元", number="301"
    )


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "路灯.png"
    path.write_bytes(PNG_BYTES)
    return path


@pytest.mark.parametrize("viewport", ["phone", "desk"])
def test_the_public_page_finds_the_place_by_estate_and_building_with_a_photo(
    new_page, estate, photo, screens, tree, viewport
):
    page = new_page(viewport=DESK) if viewport == "desk" else new_page()
    page.goto("/demands/public/")
    page.fill("input[name=title]", "路灯不亮")
    page.fill("textarea[name=description]", "10栋门口路灯坏了一周，晚上看不清台阶")
    page.select_option("select[name=category]", label="市政设施/路灯损坏")
    page.select_option("select[name=estate]", label="清河小区")
    # The estate's buildings arrive in natural order once it is chosen.
    page.wait_for_function(
        "() => document.querySelectorAll('select[name=building] option').length === 4"
    )
    labels = page.eval_on_selector_all("select[name=building] option", "os => os.map(o => o.text)")
    assert labels == ["整个小区或不确定", "1栋", "2栋", "10栋"]
    page.select_option("select[name=building]", label="10栋")
    page.fill("input[name=address]", "2单元301")
    page.set_input_files("input[name=photo]", str(photo))
    page.fill("[data-testid=public-form] input[name=reporter_phone]", "13788889999")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"public-demand-{viewport}.png", full_page=True)
    page.click("[data-testid=public-form] button[name=send]")
    code = page.inner_text("[data-testid=tracking-code]")
    demand = Demand.objects.get(code=code)
    assert demand.grid_id == tree.grid_a1_2.pk and demand.building_id == estate.building_id
    assert demand.address == "清河小区10栋2单元301"
    assert DemandPhoto.objects.filter(demand=demand).count() == 1


@pytest.fixture
def wang(tree, estate):
    register_resident(
        room=estate,
        data=ResidentData(name="王小明", gender="M", id_number="420606199001011239"),
        on=timezone.localdate() - datetime.timedelta(days=100),
    )
    person = Person(org_node=tree.grid_a1_2, name="王小明", gender=Gender.MALE)
    person.set_personal_data(id_number="420606199001011239", phone="13912345678")
    person.save()
    return make_account(tree.grid_a1_2, Role.RESIDENT, username="wang", person=person)


@pytest.mark.parametrize("viewport", ["phone", "desk"])
def test_a_signed_in_resident_reports_for_his_home_and_follows_it(
    new_page, wang, photo, screens, viewport
):
    page = new_page(wang, viewport=DESK) if viewport == "desk" else new_page(wang)
    page.goto("/")
    # The home page is the resident's own: their demands and the way to report one.
    page.click("[data-testid=own-panel] [data-testid=own-all]")
    page.wait_for_selector("[data-testid=own-demands]")
    page.screenshot(path=screens / f"own-empty-{viewport}.png", full_page=True)
    page.click("[data-testid=own-new]")
    assert "我家：清河小区10栋2单元301" in page.inner_text("[data-testid=own-form]")
    assert page.input_value("input[name=reporter_phone]") == "13912345678"
    page.fill("input[name=title]", "卫生间顶部渗水")
    page.fill("textarea[name=description]", "卫生间天花板渗水，怀疑楼上管道漏水")
    page.select_option("select[name=category]", label="物业服务/房屋漏水")
    page.set_input_files("input[name=photo]", str(photo))
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"own-form-{viewport}.png", full_page=True)
    page.click("[data-testid=own-submit]")
    page.wait_for_selector("[data-testid=own-demand]")
    demand = Demand.objects.get(created_by=wang)
    assert demand.room_id is not None and demand.channel == "web"
    assert page.inner_text("[data-testid=own-status]") == "已接收"
    assert "已接收" in page.inner_text("[data-testid=own-steps]")
    assert page.locator("[data-testid=own-photos] img").count() == 1
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    _no_serious_violation(page)
    page.screenshot(path=screens / f"own-detail-{viewport}.png", full_page=True)
    page.click(".crumbs a")
    assert "卫生间顶部渗水" in page.inner_text("[data-testid=own-demands]")
    page.screenshot(path=screens / f"own-list-{viewport}.png", full_page=True)
