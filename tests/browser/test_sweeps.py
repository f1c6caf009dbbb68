"""The sweep pages on a phone (375 px): a visit online, two offline that wait in the queue and
go out when the signal is back (the rooms then show as visited), a replayed entry that still
makes one visit, a new resident checked before anything is queued, a visit the server refuses
corrected and sent again, and the offline page for the rest of the site."""

import datetime

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.models import Resident
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.sweeps.entries import EntryProblem, parse_new_resident
from grassroots.sweeps.models import Visit
from grassroots.sweeps.services import create_campaign
from tests.browser.conftest import add_axe
from tests.browser.test_accessibility import AUDIT

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def sweep(tree):
    today = timezone.localdate()
    create_campaign(
        node=tree.community_a1,
        name="2026年第四季度扫楼",
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=30),
        start=True,
    )
    rooms = [
        ensure_room(grid=tree.grid_a1_1, estate="清河小区", building="3栋", unit="1单元", number=n)
        for n in ("101", "102", "103")
    ]
    register_resident(
        room=rooms[0],
        data=ResidentData(name="王小明", gender="M", id_number="420606199001011239"),
        on=today - datetime.timedelta(days=100),
    )
    return rooms


def _open_building(page, screens, name):
    page.goto("/sweeps/")
    page.get_by_role("link", name="清河口第一网格").click()
    page.get_by_role("link", name="清河小区 3栋").click()
    page.wait_for_selector("[data-testid=rooms]")
    page.wait_for_selector("#sweep-bar[data-offline-ready]", state="attached")
    page.screenshot(path=screens / name, full_page=True)


def _record(page, number, *, note=""):
    page.get_by_role("link", name=f"1单元 {number}").click()
    page.wait_for_selector("#visit-form")
    if note:
        page.fill("#visit-note", note)
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_selector("[data-testid=rooms]")


def _queue_count(page):
    return page.get_by_test_id("queue-count").inner_text()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visit_recorded_online_is_sent_at_once(new_page, personas, sweep, screens):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-building.png")
    page.get_by_role("link", name="1单元 101").click()
    page.get_by_label("已迁出").check()
    page.get_by_label("电动车入户充电").check()
    page.fill("[name=hazard-note-ebike_charging]", "楼道内充电")
    page.screenshot(path=screens / "sweeps-room.png", full_page=True)
    _no_sideways_scroll(page)
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '0'")
    visit = Visit.objects.get()
    assert visit.room == sweep[0] and visit.residents["moved_out"]
    assert visit.hazards.get().note == "楼道内充电"


def test_entries_made_offline_wait_in_the_queue_and_go_out_once_back_online(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-online.png")
    page.context.set_offline(True)
    page.reload()  # the building page now comes from the service worker's copy
    page.wait_for_selector("[data-testid=rooms]")
    _record(page, "102", note="离线一")
    _record(page, "103", note="离线二")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '2'")
    assert page.locator(".state.queued").count() == 2
    page.screenshot(path=screens / "sweeps-offline-queued.png", full_page=True)
    assert Visit.objects.count() == 0
    page.evaluate("window.notReloaded = true")
    page.context.set_offline(False)
    page.wait_for_function(
        "() => document.querySelector('[data-queue-count]').textContent === '0'", timeout=30_000
    )
    page.screenshot(path=screens / "sweeps-sent.png", full_page=True)
    assert sorted(Visit.objects.values_list("note", flat=True)) == ["离线一", "离线二"]
    # The page (a copy kept from before the visits) now shows the rooms as visited, unreloaded.
    assert page.evaluate("window.notReloaded") is True
    assert [page.locator(f'[data-state="{room.pk}"]').inner_text() for room in sweep] == [
        "未走访",
        "已走访",
        "已走访",
    ]
    assert page.get_by_test_id("visited-summary").inner_text() == "本轮已走访 2 / 3 户"
    # Opened again without signal, the kept copy says the same.
    page.context.set_offline(True)
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.state.done').length === 2")
    assert page.get_by_test_id("visited-summary").inner_text() == "本轮已走访 2 / 3 户"


def test_an_entry_sent_again_from_the_queue_still_makes_one_visit(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-replay.png")
    _record(page, "102", note="只记一次")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '0'")
    assert Visit.objects.count() == 1
    # Replay: put the entry that was sent back into the queue, as a lost answer would leave it.
    page.evaluate("""async () => {
        const sent = await window.sweepQueue.sent();
        await window.sweepQueue.add(sent[0].entry);
        await window.sweepQueue.add(sent[0].entry);
    }""")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '0'")
    assert Visit.objects.count() == 1
    assert page.locator("[data-queue-refused]").is_hidden()


def test_the_campaign_coverage_and_quality_pages_fit_a_phone(new_page, personas, sweep, screens):
    from grassroots.sweeps.models import Campaign

    campaign = Campaign.objects.get()
    page = new_page(personas[Role.COMMUNITY_SECRETARY])
    page.goto(f"/sweeps/campaigns/{campaign.pk}/")
    assert "已走访 0 / 3 户（0.0%）" in page.get_by_test_id("total-share").inner_text()
    page.screenshot(path=screens / "sweeps-campaign.png", full_page=True)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="数据质量").click()
    page.wait_for_selector("[data-flag=copied]")
    page.screenshot(path=screens / "sweeps-quality.png", full_page=True)
    _no_sideways_scroll(page)


def _new_resident(page, **fields):
    """Add a new resident on the open room page and fill in its fields by their labels."""
    page.get_by_role("button", name="新增居民").click()
    block = page.locator(".new-resident").last
    for label, value in fields.items():
        control = block.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    return block


def _message_under(block, label):
    """The message shown under one field of a new resident ("" when there is none)."""
    field = block.locator(".field").filter(has=block.page.get_by_label(label, exact=True))
    errors = field.locator(".errorlist")
    return errors.inner_text() if errors.count() else ""


def _accessibility_problems(page):
    """The serious or critical violations of the page as it is now (axe-core, WCAG 2.1 AA)."""
    add_axe(page)
    return page.evaluate(AUDIT)


def _queued(page):
    return page.evaluate("window.sweepQueue.all().then(items => items.length)")


def test_a_new_resident_is_checked_on_the_phone_before_anything_is_queued(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-check-building.png")
    page.get_by_role("link", name="1单元 102").click()
    block = _new_resident(page, 姓名="李四", 证件号码="123", 联系电话="abc")
    block.get_by_label("联系电话", exact=True).blur()
    # A message as soon as a field is left, before saving.
    assert _message_under(block, "证件号码") == "公民身份号码应为18位，当前为3位"
    assert _message_under(block, "联系电话") == "“abc”不是有效的手机号或固定电话"
    block.get_by_label("证件号码", exact=True).fill("420606198506121230")  # last character wrong
    block.get_by_label("出生日期", exact=True).fill("2099-01-01")
    page.get_by_test_id("save-visit").click()
    assert _message_under(block, "证件号码") == "公民身份号码校验位不正确，请逐位核对"
    assert _message_under(block, "出生日期") == "出生日期晚于今天"
    assert page.locator("[data-result]").inner_text() == "请先改正标出的内容，改正前不会保存"
    assert page.evaluate("document.activeElement.dataset.f") == "id_number"
    page.screenshot(path=screens / "sweeps-check-room.png", full_page=True)
    _no_sideways_scroll(page)
    assert _accessibility_problems(page) == []
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screens / "sweeps-check-room-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    # The number right now, but the birth date and gender typed do not match it.
    block.get_by_label("证件号码", exact=True).fill("420606198506121236")
    block.get_by_label("性别", exact=True).select_option("女")
    page.get_by_test_id("save-visit").click()
    assert _message_under(block, "性别") == "性别与证件号码不符：号码显示为男"
    assert _message_under(block, "出生日期") == (
        "出生日期与证件号码不符：号码显示为1985-06-12；出生日期晚于今天"
    )
    assert page.get_by_label("出生日期").get_attribute("aria-invalid") == "true"
    assert page.url.endswith(f"/sweeps/rooms/{sweep[1].pk}/")
    assert _queued(page) == 0 and Visit.objects.count() == 0
    # Corrected: the messages go, the visit is queued and sent.
    block.get_by_label("性别", exact=True).select_option("")
    block.get_by_label("出生日期", exact=True).fill("")
    block.get_by_label("联系电话", exact=True).fill("138 0000 1234")
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '0'")
    added = Resident.objects.get(name="李四")
    assert added.phone == "13800001234" and added.birth_date == datetime.date(1985, 6, 12)


# Each: what a new resident's fields hold (the API's names and the form's values).
CASES = [
    {"name": "", "gender": ""},
    {"name": "张三", "gender": "男"},
    {"name": "张三" * 26, "gender": "男"},
    {"name": "张三", "id_number": "123"},
    {"name": "张三", "id_number": "42060619850612123A"},
    {"name": "张三", "id_number": "420606198506121230"},
    {"name": "张三", "id_number": " 4206 0619 8506 1212 36 "},
    {"name": "张三", "id_number": "42060619900101101x"},
    {"name": "张三", "id_number": "420606199002301238"},
    {"name": "张三", "id_number": "420606209901011230"},
    {"name": "张三", "id_number": "420606198506121236", "gender": "女"},
    {"name": "张三", "id_number": "420606198506121236", "birth_date": "1985-06-13"},
    {"name": "张三", "id_number": "420606198506121236", "birth_date": "1985-06-12"},
    {"name": "张三", "gender": "女", "birth_date": "2099-01-01"},
    {"name": "张三", "gender": "男", "phone": "abc"},
    {"name": "张三", "gender": "男", "phone": "12345"},
    {"name": "张三", "gender": "男", "phone": "+86 138 0000 1234"},
    {"name": "张三", "gender": "男", "phone": "0710-3456789-12"},
    {"name": "张三", "gender": "男", "id_type": "护照", "id_number": "AB1"},
    {"name": "张三", "gender": "男", "id_type": "护照", "id_number": "e12345678"},
    {"name": "张三", "id_type": "港澳台居民居住证", "id_number": "810000199001011231"},
    {"name": "张三", "id_type": "港澳台居民居住证", "id_number": "810000199001011230"},
    {"name": "张三", "id_type": "港澳居民来往内地通行证", "id_number": "X1234567"},
]


def _server_problems(values):
    try:
        parse_new_resident(values, 0)
    except EntryProblem as problem:
        return [[field.rsplit(".", 1)[1], message] for field, message in problem.problems]
    return []


def test_the_phone_and_the_server_give_the_same_reasons(new_page, personas, sweep):
    page = new_page(personas[Role.GRID_WORKER])
    page.goto(f"/sweeps/rooms/{sweep[1].pk}/")
    on_phone = page.evaluate(
        """cases => {
            const rules = JSON.parse(document.getElementById("sweep-rules").textContent).resident;
            return cases.map(values => window.sweepChecks.resident(values, rules));
        }""",
        CASES,
    )
    assert on_phone == [_server_problems(values) for values in CASES]
    assert sum(1 for problems in on_phone if problems) == 15  # the cases do test something


def test_a_visit_the_server_refuses_is_explained_corrected_and_sent_again(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-refused-building.png")
    # 王小明's number, already registered in 101: only the server can know.
    page.get_by_role("link", name="1单元 102").click()
    _new_resident(page, 姓名="李四", 证件号码="420606199001011239", 联系电话="13800001234")
    page.get_by_label("电动车入户充电").check()
    page.fill("[name=hazard-note-ebike_charging]", "楼道内充电")
    page.fill("#visit-note", "第一次")
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    refused = page.get_by_test_id("refused")
    refused.wait_for()
    assert "清河小区3栋1单元102" in refused.inner_text()
    assert (
        "新增居民1 证件号码：该证件号码已登记在其他居民名下，同一号码不能登记两次"
        in refused.inner_text()
    )
    assert "new_residents" not in refused.inner_text() and "id_number" not in refused.inner_text()
    assert _queue_count(page) == "1" and Visit.objects.count() == 0
    page.screenshot(path=screens / "sweeps-refused.png", full_page=True)
    _no_sideways_scroll(page)
    assert _accessibility_problems(page) == []
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screens / "sweeps-refused-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})

    # 修改: the visit's form again, as it was queued, the reason under the field.
    refused.get_by_role("link", name="修改").click()
    page.get_by_test_id("editing").wait_for()
    block = page.locator(".new-resident")
    assert block.count() == 1
    assert block.get_by_label("姓名", exact=True).input_value() == "李四"
    assert block.get_by_label("证件号码", exact=True).input_value() == "420606199001011239"
    assert _message_under(block, "证件号码") == (
        "该证件号码已登记在其他居民名下，同一号码不能登记两次"
    )
    assert page.get_by_label("电动车入户充电").is_checked()
    assert page.input_value("[name=hazard-note-ebike_charging]") == "楼道内充电"
    assert page.input_value("#visit-note") == "第一次"
    page.screenshot(path=screens / "sweeps-refused-edit.png", full_page=True)
    _no_sideways_scroll(page)
    assert _accessibility_problems(page) == []
    block.get_by_label("证件号码", exact=True).fill("420606199203150026")
    assert _message_under(block, "证件号码") == ""
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    page.wait_for_function("() => document.querySelector('[data-queue-count]').textContent === '0'")
    assert page.get_by_test_id("refused").is_hidden()
    visit = Visit.objects.get()
    assert visit.note == "第一次" and visit.hazards.get().note == "楼道内充电"
    assert Resident.objects.get(name="李四").gender == "F"
    assert page.locator(f'[data-state="{sweep[1].pk}"]').inner_text() == "已走访"

    # A number whose region code does not exist, refused; this one is deleted instead.
    page.get_by_role("link", name="1单元 103").click()
    _new_resident(page, 姓名="赵五", 证件号码="990000198506121236")
    page.get_by_test_id("save-visit").click()
    page.wait_for_url("**/sweeps/buildings/*/")
    refused.wait_for()
    assert "新增居民1 证件号码：公民身份号码前6位990000不是有效的行政区划代码" in (
        refused.inner_text()
    )
    page.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("button", name="删除").click()
    refused.wait_for(state="hidden")
    assert _queue_count(page) == "0" and Visit.objects.count() == 1


def test_a_page_outside_the_sweep_opened_without_signal_shows_the_offline_page(
    new_page, personas, sweep, screens
):
    page = new_page(personas[Role.GRID_WORKER])
    _open_building(page, screens, "sweeps-before-offline.png")
    page.context.set_offline(True)
    page.goto("/registry/")
    offline = page.get_by_test_id("offline-page")
    assert "当前离线，无法打开此页面" in offline.inner_text()
    page.screenshot(path=screens / "sweeps-offline-page.png", full_page=True)
    _no_sideways_scroll(page)
    assert _accessibility_problems(page) == []
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screens / "sweeps-offline-page-desktop.png", full_page=True)
    page.get_by_role("link", name="返回扫楼").click()
    page.get_by_role("link", name="清河口第一网格").wait_for()  # the sweep's kept copy
