"""An imported resident's history says when, by whom and from which file they were registered."""

import pytest
from django.urls import reverse

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.importing import ImportFailed
from grassroots.kernel.permissions import Role
from grassroots.registry.importer import import_registry
from grassroots.registry.models import ChangeKind, RegistryChange, RegistryImport, Resident
from grassroots.registry.tests.test_import import LI, TODAY, WANG, _csv, _row

pytestmark = pytest.mark.django_db


def _history(client, resident):
    page = client.get(reverse("registry:resident", kwargs={"resident_id": resident.pk}))
    return page.content.decode()


def test_one_batch_records_an_import_instead_of_a_history_row_per_resident(
    tree, personas, tmp_path
):
    actor = personas[Role.GRID_WORKER]
    rows = [
        _row(姓名="王小明", 公民身份号码=WANG),
        _row(姓名="李红", 公民身份号码=LI),
        _row(房号="503", 房屋用途="空置"),
    ]
    import_registry(_csv(tmp_path, rows), today=TODAY, actor=actor, source_name="十一月.csv")
    batch = RegistryImport.objects.get()
    assert (batch.source, batch.actor, batch.effective_on) == ("十一月.csv", actor, TODAY)
    assert (batch.rows, batch.created, batch.rooms_created) == (3, 2, 2)
    assert not RegistryChange.objects.filter(kind=ChangeKind.RESIDENT_REGISTERED).exists()
    for resident in Resident.objects.all():
        assert resident.residences.get().batch == batch
    event = AuditEvent.objects.get(action=Action.REGISTRY_IMPORTED)
    assert event.detail["batch"] == batch.pk


def test_the_history_page_shows_the_import_that_registered_the_resident(
    as_role, personas, tree, tmp_path
):
    import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]),
        today=TODAY,
        actor=personas[Role.GRID_WORKER],
        source_name="十一月.csv",
    )
    page = _history(as_role(Role.GRID_WORKER), Resident.objects.get())
    registered = page.split('data-testid="registered-by-import"')[1].split("</li>")[0]
    assert "登记（批量导入，" in registered and "生效 2026-11-01" in registered
    assert str(personas[Role.GRID_WORKER]) in registered and "十一月.csv" in registered
    assert "没有变更记录" not in page


def test_a_later_move_by_import_keeps_the_registration_below_the_move(as_role, tree, tmp_path):
    import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]),
        today=TODAY,
        source_name="一月.csv",
    )
    import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG, 房号="601")], name="b.csv"),
        today=TODAY,
        source_name="二月.csv",
    )
    resident = Resident.objects.get()
    assert RegistryChange.objects.get(resident=resident).kind == ChangeKind.MOVED_IN
    assert resident.residences.get(room__number="601").batch is None
    page = _history(as_role(Role.GRID_WORKER), resident)
    changes = page.split('data-testid="changes"')[1]
    assert changes.index("迁入") < changes.index("registered-by-import")
    assert "一月.csv" in changes and "二月.csv" not in changes


def test_a_dry_run_or_failed_import_leaves_no_batch(tree, tmp_path):
    import_registry(
        _csv(tmp_path, [_row(姓名="王小明", 公民身份号码=WANG)]), today=TODAY, dry_run=True
    )
    with pytest.raises(ImportFailed):
        import_registry(
            _csv(tmp_path, [_row(姓名="错号", 公民身份号码=LI[:-1] + "0")], name="b.csv"),
            today=TODAY,
        )
    assert not RegistryImport.objects.exists()


def test_the_room_page_names_who_each_import_registered_there(as_role, personas, tree, tmp_path):
    rows = [_row(姓名="王小明", 公民身份号码=WANG), _row(姓名="李红", 公民身份号码=LI)]
    import_registry(
        _csv(tmp_path, rows),
        today=TODAY,
        actor=personas[Role.GRID_WORKER],
        source_name="十一月.csv",
    )
    room = Resident.objects.get(name="王小明").residences.get().room
    page = (
        as_role(Role.GRID_WORKER)
        .get(reverse("registry:room", kwargs={"room_id": room.pk}))
        .content.decode()
    )
    registered = page.split('data-testid="room-registered-by-import"')[1].split("</li>")[0]
    assert "王小明" in registered and "十一月.csv" in registered and "批量导入" in registered
    same_room = [r.name for r in Resident.objects.all() if r.residences.get().room == room]
    assert all(name in registered for name in same_room)
    assert "没有变更记录" not in page
