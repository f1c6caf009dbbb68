"""Every form with a date, opened in a real browser and saved unchanged, keeps what it held.

A date the page writes in a way ``<input type="date">`` cannot read comes up blank: saving the
form unchanged then loses it, or is refused as missing. Each edit form here is opened, its
date inputs read as the browser reads them, saved without a change, and its row compared with
the database before; the forms that record a dated event (迁出, 房屋用途变更) start at today.
"""

from __future__ import annotations

import datetime

import pytest
from django.forms.models import model_to_dict

from grassroots.branchlife.models import Attendance, BranchMeeting
from grassroots.branchlife.testing import add_members, make_meeting
from grassroots.kernel.permissions import Role
from grassroots.people.models import Person
from grassroots.registry.models import Residence, Resident, Room
from grassroots.registry.testing import make_resident
from grassroots.training.models import TrainingClass

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
WANG = "420606199001011239"
# Bookkeeping a save may move on without changing what the form holds.
BOOKKEEPING = {"version", "updated_at", "updated_by", "changed_at", "modified_at"}


def _row(obj) -> dict:
    obj.refresh_from_db()
    return {k: v for k, v in model_to_dict(obj).items() if k not in BOOKKEEPING}


def _date_inputs(page) -> dict[str, str]:
    """Each date input of the page's main form by name, as the browser reads its value."""
    return page.eval_on_selector_all(
        "main form input[type=date]",
        "els => Object.fromEntries(els.map(e => [e.name, e.value]))",
    )


def _save_unchanged(page, url: str, button: str = "main form.form button.btn") -> dict:
    page.goto(url)
    dates = _date_inputs(page)
    page.locator(button).first.click()
    page.wait_for_load_state()
    assert not page.locator("main .errorlist").count(), page.inner_text("main")[:500]
    return dates


@pytest.fixture
def dated(tree):
    person = tree.people["grid_a1_1"]
    # As the ID number 11010519491231002X says: a woman born 1949-12-31.
    Person.objects.filter(pk=person.pk).update(
        gender="F",
        birth_date=datetime.date(1949, 12, 31),
        is_party_member=True,
        party_joined_on=datetime.date(1975, 7, 1),
    )
    resident = make_resident(
        tree.grid_a1_1, "901", id_number=WANG, birth_date=datetime.date(1990, 1, 1)
    )
    training_class = TrainingClass.objects.create(
        org_node=tree.district,
        title="全区党组织书记读书班",
        organizer="中共樊城区委组织部",
        start_date=datetime.date(2026, 3, 9),
        end_date=datetime.date(2026, 3, 13),
        required_hours=24,
    )
    branch = tree.party["grid_a1_1"]
    members = add_members(branch, "王红梅", "刘志强")
    present = [*members, person]  # every member of the branch: a general meeting needs all
    meeting = make_meeting(branch, held_on=datetime.date(2026, 2, 26), present=present)
    return {"person": person, "resident": resident, "class": training_class, "meeting": meeting}


def test_each_edit_form_saved_unchanged_keeps_every_date_and_field(new_page, personas, dated):
    secretary = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=LAPTOP)
    admin = new_page(personas[Role.DISTRICT_ADMIN], viewport=LAPTOP)
    edits = [
        (secretary, dated["person"], f"/people/{dated['person'].pk}/edit/", "main form.form .btn"),
        (
            secretary,
            dated["resident"],
            f"/registry/residents/{dated['resident'].pk}/edit/",
            "main form.form .btn",
        ),
        (admin, dated["class"], f"/training/{dated['class'].pk}/edit/", "main form.form .btn"),
        (
            secretary,
            dated["meeting"],
            f"/branchlife/meetings/{dated['meeting'].pk}/edit/",
            "[data-testid=save]",
        ),
    ]
    for page, obj, url, button in edits:
        before = _row(obj)
        dates = _save_unchanged(page, url, button)
        assert dates and all(dates.values()), f"{url}: a date came up blank: {dates}"
        for name, value in dates.items():
            if name in before and before[name] is not None:
                assert value == before[name].isoformat(), (url, name, value)
        assert _row(obj) == before, url
    attended = Attendance.objects.filter(meeting=dated["meeting"], present=True).count()
    assert attended == 3  # the meeting's attendance was kept too
    assert BranchMeeting.objects.count() == 1


def test_the_dated_registry_forms_start_at_today_and_record_it(new_page, personas, dated):
    today = datetime.date.today()
    page = new_page(personas[Role.COMMUNITY_SECRETARY], viewport=LAPTOP)
    resident = dated["resident"]
    page.goto(f"/registry/residents/{resident.pk}/move/")
    dates = _date_inputs(page)
    assert dates == {"moved_out_on": today.isoformat(), "moved_in_on": today.isoformat()}
    page.get_by_role("button", name="登记迁出").click()  # as it stands
    page.wait_for_load_state()
    assert not page.locator("main .errorlist").count(), page.inner_text("main")[:500]
    stay = Residence.objects.filter(resident=resident).latest("pk")
    assert stay.moved_out_on == today

    room = Room.objects.get(building__estate__name="巡检小区901")
    before = _row(room)
    dates = _save_unchanged(page, f"/registry/rooms/{room.pk}/")
    assert dates == {"effective_on": today.isoformat()}
    assert _row(room) == before  # the same use, saved: nothing changed, nothing lost
    assert Resident.objects.filter(pk=resident.pk).exists()
