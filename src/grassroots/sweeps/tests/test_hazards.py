"""Hazards stay open until someone who runs sweeps records their rectification (整改)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.sweeps.choices import HazardKind, HazardStatus
from grassroots.sweeps.models import Hazard
from grassroots.sweeps.services import StaleSweepEdit, SweepError, rectify_hazard
from grassroots.sweeps.services.visits import HazardEntry
from grassroots.sweeps.tests.conftest import record

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture
def hazard(campaign, rooms, worker):
    visit = record(
        campaign,
        rooms[0],
        worker,
        hazards=[HazardEntry(kind=HazardKind.BLOCKED_EXIT, note="楼梯间堆放杂物")],
    )
    return visit.hazards.get()


def test_a_hazard_found_in_a_visit_is_open_with_its_history(hazard):
    assert hazard.status == HazardStatus.OPEN
    assert [(c.from_status, c.to_status) for c in hazard.changes.all()] == [("", "open")]


def test_rectifying_records_date_evidence_history_and_audit(hazard, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    done = rectify_hazard(
        hazard, on=timezone.localdate(), note="杂物已清理", version=hazard.version, actor=secretary
    )
    assert done.status == HazardStatus.RECTIFIED and done.rectified_by == secretary
    assert [(c.from_status, c.to_status, c.note) for c in done.changes.all()] == [
        ("", "open", "楼梯间堆放杂物"),
        ("open", "rectified", "杂物已清理"),
    ]
    assert AuditEvent.objects.filter(action=Action.HAZARD_CHANGED).count() == 1


def test_rectification_needs_some_evidence_and_a_sensible_date(hazard):
    with pytest.raises(SweepError, match="整改情况"):
        rectify_hazard(hazard, on=timezone.localdate(), version=hazard.version)
    with pytest.raises(SweepError, match="晚于今天"):
        rectify_hazard(
            hazard,
            on=timezone.localdate() + datetime.timedelta(days=1),
            note="x",
            version=hazard.version,
        )


def test_two_people_rectifying_at_once_do_not_both_win(hazard):
    rectify_hazard(hazard, on=timezone.localdate(), note="清理", version=hazard.version)
    with pytest.raises(StaleSweepEdit):
        rectify_hazard(hazard, on=timezone.localdate(), note="又清理", version=hazard.version)


def test_the_rectify_page_takes_a_photo_as_evidence(as_role, hazard):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/sweeps/hazards/{hazard.pk}/rectify/",
        {
            "rectified_on": timezone.localdate().isoformat(),
            "version": hazard.version,
            "photo": SimpleUploadedFile("after.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED and hazard.rectification_photo
    photo = client.get(f"/sweeps/hazards/{hazard.pk}/photo/?rectified=1")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == JPEG


def test_a_grid_worker_cannot_mark_a_hazard_rectified(as_role, hazard):
    response = as_role(Role.GRID_WORKER).post(
        f"/sweeps/hazards/{hazard.pk}/rectify/",
        {"rectified_on": timezone.localdate().isoformat(), "note": "x", "version": hazard.version},
    )
    assert response.status_code == 404
    assert Hazard.objects.get().status == HazardStatus.OPEN


def test_open_hazards_are_listed_per_unit(as_role, hazard, tree):
    body = as_role(Role.STREET_STAFF).get("/sweeps/hazards/").content.decode()
    assert tree.grid_a1_1.name in body and "待整改 1 处" in body and "楼梯间堆放杂物" in body
    rectify_hazard(hazard, on=timezone.localdate(), note="清理", version=hazard.version)
    body = as_role(Role.STREET_STAFF).get("/sweeps/hazards/").content.decode()
    assert "楼梯间堆放杂物" not in body
