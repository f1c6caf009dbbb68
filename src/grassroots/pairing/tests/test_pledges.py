"""A pledge's life: progress from the unit, close-out confirmed by the community, reopening."""

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.pairing.models import PledgeChange, PledgeStatus
from grassroots.pairing.services import (
    EvidenceRefused,
    PairingError,
    StaleEdit,
    add_evidence,
    close_pledge,
    record_progress,
    reopen_pledge,
)
from grassroots.pairing.testing import photo

pytestmark = pytest.mark.django_db


def test_the_liaison_records_progress_and_the_pledge_shows_the_latest(pledge, personas):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    record_progress(pledge, percent=30, note="摸排完成", actor=liaison)
    record_progress(pledge, percent=60, note="整治一半", actor=liaison)
    pledge.refresh_from_db()
    assert pledge.progress == 60
    log = list(pledge.progress_log.values_list("percent", "note", "by"))
    assert log == [(30, "摸排完成", liaison.pk), (60, "整治一半", liaison.pk)]
    assert AuditEvent.objects.filter(action=Action.PLEDGE_PROGRESS).count() == 2


def test_progress_outside_0_to_100_is_refused(pledge, personas):
    with pytest.raises(PairingError, match="0到100"):
        record_progress(pledge, percent=101, actor=personas[Role.PAIRED_UNIT_LIAISON])


def test_the_liaison_cannot_close_its_own_pledge(pledge, personas):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    evidence = add_evidence(pledge, upload=photo(), actor=liaison)
    with pytest.raises(PairingError, match="结对单位不能为本单位销号"):
        close_pledge(pledge, version=pledge.version, evidence_ids=[evidence.pk], actor=liaison)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.OPEN


def test_an_office_holder_who_is_also_the_units_liaison_cannot_close_it(pledge, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    pledge.pairing.unit.liaisons.add(secretary)
    evidence = add_evidence(pledge, upload=photo())
    with pytest.raises(PairingError, match="结对单位不能为本单位销号"):
        close_pledge(pledge, version=1, evidence_ids=[evidence.pk], actor=secretary)


def test_closing_needs_evidence(pledge, personas):
    with pytest.raises(PairingError, match="至少一份佐证材料"):
        close_pledge(pledge, version=1, evidence_ids=[], actor=personas[Role.COMMUNITY_SECRETARY])


def test_evidence_of_another_pledge_does_not_count(pledge, housing, personas):
    from grassroots.pairing.testing import make_pledge

    other = make_pledge(housing, "开展三会一课指导")
    evidence = add_evidence(other, upload=photo())
    with pytest.raises(PairingError, match="不属于该承诺事项"):
        close_pledge(
            pledge,
            version=1,
            evidence_ids=[evidence.pk],
            actor=personas[Role.COMMUNITY_SECRETARY],
        )


def test_the_secretary_closes_with_evidence_and_the_change_is_recorded_and_audited(
    pledge, personas
):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    evidence = add_evidence(pledge, upload=photo(), actor=personas[Role.PAIRED_UNIT_LIAISON])
    closed = close_pledge(
        pledge, version=1, evidence_ids=[evidence.pk], actor=secretary, note="已核实"
    )
    assert closed.status == PledgeStatus.CLOSED and closed.closed_by == secretary
    assert closed.version == 2
    change = PledgeChange.objects.filter(pledge=pledge).last()
    assert (change.from_status, change.to_status, change.actor) == ("open", "closed", secretary)
    assert change.evidence_ids == [evidence.pk]
    audit = AuditEvent.objects.filter(action=Action.PLEDGE_CHANGED).order_by("pk").last()
    assert audit.detail["status"] == ["open", "closed"] and audit.actor == secretary


def test_a_closed_pledge_takes_no_more_progress(pledge, personas):
    evidence = add_evidence(pledge, upload=photo())
    close_pledge(
        pledge, version=1, evidence_ids=[evidence.pk], actor=personas[Role.COMMUNITY_SECRETARY]
    )
    with pytest.raises(PairingError, match="已销号"):
        record_progress(pledge, percent=100, actor=personas[Role.PAIRED_UNIT_LIAISON])


def test_reopening_needs_a_reason_and_is_recorded_and_audited(pledge, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    evidence = add_evidence(pledge, upload=photo())
    close_pledge(pledge, version=1, evidence_ids=[evidence.pk], actor=secretary)
    with pytest.raises(PairingError, match="原因"):
        reopen_pledge(pledge, version=2, reason=" ", actor=secretary)
    street = personas[Role.STREET_STAFF]
    reopened = reopen_pledge(pledge, version=2, reason="群租房反弹", actor=street)
    assert reopened.status == PledgeStatus.OPEN and reopened.closed_on is None
    change = PledgeChange.objects.filter(pledge=pledge).last()
    assert (change.from_status, change.to_status, change.note) == ("closed", "open", "群租房反弹")
    audit = AuditEvent.objects.filter(action=Action.PLEDGE_CHANGED).order_by("pk").last()
    assert audit.detail["status"] == ["closed", "open"] and audit.actor == street


def test_the_liaison_cannot_reopen(pledge, personas):
    evidence = add_evidence(pledge, upload=photo())
    close_pledge(
        pledge, version=1, evidence_ids=[evidence.pk], actor=personas[Role.COMMUNITY_SECRETARY]
    )
    with pytest.raises(PairingError):
        reopen_pledge(
            pledge, version=2, reason="还没做完", actor=personas[Role.PAIRED_UNIT_LIAISON]
        )


def test_two_people_moving_the_same_pledge_at_once_one_wins_the_other_is_told(pledge, personas):
    secretary, street = personas[Role.COMMUNITY_SECRETARY], personas[Role.STREET_STAFF]
    evidence = add_evidence(pledge, upload=photo())
    seen = pledge.version  # both opened the page at version 1
    close_pledge(pledge, version=seen, evidence_ids=[evidence.pk], actor=secretary)
    with pytest.raises(StaleEdit, match="已被他人修改"):
        close_pledge(pledge, version=seen, evidence_ids=[evidence.pk], actor=street)
    reopen_pledge(pledge, version=2, reason="复核未通过", actor=street)
    with pytest.raises(StaleEdit):
        reopen_pledge(pledge, version=2, reason="同时重开", actor=secretary)
    assert PledgeChange.objects.filter(pledge=pledge).count() == 3  # created, closed, reopened


def test_evidence_must_really_be_a_photo_or_a_document(pledge):
    from django.core.files.base import ContentFile

    with pytest.raises(EvidenceRefused, match="只能上传"):
        add_evidence(pledge, upload=ContentFile(b"MZ\x90\x00 not a photo", name="a.jpg"))
    pdf = add_evidence(pledge, upload=ContentFile(b"%PDF-1.7\n...", name="验收单.pdf"))
    assert pdf.content_type == "application/pdf" and pdf.name == "验收单.pdf"
    assert pdf.file.name.startswith("pairing/evidence/")
