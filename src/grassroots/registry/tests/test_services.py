"""Writing the registry keeps history: moves and changes are dated rows, never overwrites."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import ChangeKind, Household, RegistryChange, Resident
from grassroots.registry.services import (
    DuplicateDocument,
    RegistryError,
    StaleEdit,
    change_room_use,
    ensure_room,
    register_resident,
    update_resident,
)
from grassroots.registry.services.moves import move_in, move_out
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def _room(tree, number="101", grid=None):
    return ensure_room(
        grid=grid or tree.grid_a1_1, estate="清河小区", building="3栋", unit="2单元", number=number
    )


def _data(**fields):
    base = {"name": "王小明", "gender": "M", "id_number": "420606199001011234"}
    base.update(fields)
    return ResidentData(**base)


def test_the_same_address_is_the_same_room(tree):
    first, again = _room(tree), _room(tree)
    assert first.pk == again.pk
    assert first.address == "清河小区3栋2单元101"


def test_a_room_outside_a_grid_is_refused(tree):
    with pytest.raises(RegistryError):
        ensure_room(grid=tree.community_a1, estate="清河小区", building="3栋", unit="", number="1")


def test_registering_makes_a_household_a_stay_a_history_row_and_an_audit_record(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    assert resident.household.room.number == "101"
    stay = resident.residences.get()
    assert stay.moved_in_on == DAY and stay.moved_out_on is None
    change = RegistryChange.objects.get(resident=resident)
    assert change.kind == ChangeKind.RESIDENT_REGISTERED
    assert change.changes["id_number"][1] == "420***********1234"
    assert AuditEvent.objects.filter(action=Action.RESIDENT_CREATED).count() == 1


def test_personal_data_is_encrypted_at_rest_and_found_by_its_blind_index(tree):
    from django.db import connection

    resident = register_resident(room=_room(tree), data=_data(phone="13800001234"), on=DAY)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM registry_resident WHERE id = %s", [resident.pk]
        )
        stored_id, stored_phone = cursor.fetchone()
    assert "1234" not in stored_id and "13800001234" not in stored_phone
    assert Resident.objects.get(pk=resident.pk).id_number == "420606199001011234"


def test_one_id_number_never_makes_a_second_resident(tree):
    register_resident(room=_room(tree), data=_data(), on=DAY)
    with pytest.raises(DuplicateDocument):
        register_resident(room=_room(tree, "102"), data=_data(name="王晓明"), on=DAY)
    assert Resident.objects.count() == 1


def test_an_edit_from_a_stale_page_is_refused_not_applied(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    update_resident(resident, data=_data(notes="第一次修改"), version=resident.version)
    with pytest.raises(StaleEdit):
        update_resident(resident, data=_data(notes="第二人的修改"), version=resident.version)
    assert Resident.objects.get(pk=resident.pk).notes == "第一次修改"


def test_an_edit_records_old_and_new_values(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    update_resident(resident, data=_data(notes="独居"), version=resident.version)
    change = RegistryChange.objects.get(kind=ChangeKind.RESIDENT_CHANGED)
    assert change.changes == {"notes": ["", "独居"]}


def test_moving_keeps_the_past_address_and_closes_the_empty_household(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    old_household = resident.household
    new_room = _room(tree, "502", grid=tree.grid_a1_2)
    moved = move_in(resident, room=new_room, on=DAY + datetime.timedelta(days=30))
    stays = list(moved.residences.order_by("moved_in_on"))
    assert [s.room.number for s in stays] == ["101", "502"]
    assert stays[0].moved_out_on == DAY + datetime.timedelta(days=30)
    assert moved.grid_id == tree.grid_a1_2.pk
    assert Household.objects.get(pk=old_household.pk).ended_on == stays[0].moved_out_on


def test_moving_out_leaves_the_resident_without_an_address_but_with_history(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    gone = move_out(resident, on=DAY + datetime.timedelta(days=1))
    assert gone.household is None
    assert gone.residences.get().moved_out_on == DAY + datetime.timedelta(days=1)
    with pytest.raises(RegistryError):
        move_out(gone, on=DAY + datetime.timedelta(days=2))


def test_moving_out_before_moving_in_is_refused(tree):
    resident = register_resident(room=_room(tree), data=_data(), on=DAY)
    with pytest.raises(RegistryError):
        move_out(resident, on=DAY - datetime.timedelta(days=1))


def test_a_change_of_room_use_is_dated_history(tree):
    room = _room(tree)
    changed = change_room_use(room, use=RoomUse.GROUP_RENTAL, on=DAY)
    assert changed.use == RoomUse.GROUP_RENTAL and changed.version == room.version + 1
    change = RegistryChange.objects.get(kind=ChangeKind.ROOM_USE)
    assert change.changes == {"use": ["owner", "group_rental"]} and change.effective_on == DAY
    with pytest.raises(StaleEdit):
        change_room_use(room, use=RoomUse.VACANT, on=DAY, version=room.version)
