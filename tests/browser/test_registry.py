"""The registry in a real browser at phone size: search, a resident, the audited reveal, and
an upload checked, previewed and confirmed."""

from __future__ import annotations

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.registry.importer import HEADERS
from grassroots.registry.models import Resident
from grassroots.registry.testing import make_resident

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
WANG = "420606199001011239"
COLUMNS = [*HEADERS, "证件类型"]


def _csv(tmp_path, rows):
    path = tmp_path / "registry.csv"
    lines = [",".join(COLUMNS)] + [",".join(r.get(c, "") for c in COLUMNS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    return path


def test_a_grid_worker_finds_a_resident_by_pinyin_on_a_phone(new_page, tree, personas, screens):
    make_resident(tree.grid_a1_1, "901", id_number=WANG, phone="13800001234")
    make_resident(tree.grid_a1_2, "902")
    page = new_page(personas[Role.GRID_WORKER])
    page.goto("/registry/")
    table = page.inner_text("[data-testid=residents-table]")
    assert "巡检居民901" in table and "巡检居民902" not in table
    assert "420***********1239" in table and WANG not in table
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "registry-list-375.png", full_page=True)
    page.fill("input[name=q]", "xjjm")
    page.press("input[name=q]", "Enter")
    page.click("text=巡检居民901")
    assert "巡检小区901" in page.inner_text("[data-testid=stays]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "registry-resident-375.png", full_page=True)


def test_a_secretary_reveals_the_number_in_place_and_it_is_audited(new_page, tree, personas):
    resident = make_resident(tree.grid_a1_1, "903", id_number=WANG)
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto(f"/registry/residents/{resident.pk}/")
    assert page.inner_text("[data-testid=id-number]") == "420***********1239"
    page.click("[data-testid=reveal]")
    page.wait_for_selector(f"[data-testid=id-number]:has-text('{WANG}')")
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_VIEWED).count() == 1


def test_an_upload_is_previewed_with_its_errors_then_fixed_and_confirmed(
    new_page, tree, personas, tmp_path, screens
):
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto("/registry/import/")
    place = {"网格编码": tree.grid_a1_1.code, "小区": "清河小区", "楼栋": "3栋", "房号": "502"}
    bad = _csv(tmp_path, [place | {"姓名": "王小明", "公民身份号码": WANG[:-1] + "0"}])
    page.set_input_files("input[name=file]", str(bad))
    page.click("[data-testid=upload]")
    errors = page.inner_text("[data-testid=job-errors]")
    assert "第2行 公民身份号码: 公民身份号码校验位不正确" in errors
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.screenshot(path=screens / "registry-import-errors-375.png", full_page=True)
    assert not Resident.objects.exists()
    page.goto("/registry/import/")
    page.set_input_files(
        "input[name=file]", str(_csv(tmp_path, [place | {"姓名": "王小明", "公民身份号码": WANG}]))
    )
    page.click("[data-testid=upload]")
    assert "居民新增1" in page.inner_text("[data-testid=job-summary]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=job-status][data-status=done]")
    page.screenshot(path=screens / "registry-import-done-375.png", full_page=True)
    assert Resident.objects.get().name == "王小明"
