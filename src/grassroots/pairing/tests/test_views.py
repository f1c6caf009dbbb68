"""The pairing pages: a liaison's own unit only, its progress form, the secretary's close-out."""

import datetime

import pytest

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Pledge, PledgeStatus
from grassroots.pairing.services import add_evidence, record_progress
from grassroots.pairing.testing import make_pledge, pair, photo
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(tree, housing, other_unit):
    elsewhere = pair("WJW", "区卫健局", tree.community_b1)
    pledges = {
        "own": make_pledge(housing, "住建局承诺"),
        "other unit": make_pledge(other_unit, "城管局承诺"),
        "street b": make_pledge(elsewhere, "卫健局承诺"),
    }
    for pledge in pledges.values():
        record_progress(pledge, percent=10)
        add_evidence(pledge, upload=photo())
    return pledges


def test_the_liaisons_page_of_another_units_pledge_is_a_404(spread, as_role):
    client = as_role(Role.PAIRED_UNIT_LIAISON)
    assert client.get(f"/pairing/pledges/{spread['own'].pk}/").status_code == 200
    assert client.get(f"/pairing/pledges/{spread['other unit'].pk}/").status_code == 404
    assert client.get(f"/pairing/pledges/{spread['street b'].pk}/").status_code == 404
    other = spread["other unit"].pairing_id
    assert client.get(f"/pairing/{other}/").status_code == 404
    evidence = spread["other unit"].evidence.first().pk
    assert client.get(f"/pairing/evidence/{evidence}/").status_code == 404


def test_the_pairings_list_of_a_liaison_names_only_its_unit(spread, as_role):
    page = as_role(Role.PAIRED_UNIT_LIAISON).get("/pairing/").content.decode()
    assert "区住建局" in page and "区城管局" not in page and "区卫健局" not in page


def test_the_liaison_records_progress_on_the_page_but_sees_no_close_out(spread, as_role):
    client = as_role(Role.PAIRED_UNIT_LIAISON)
    pledge = spread["own"]
    page = client.get(f"/pairing/pledges/{pledge.pk}/").content.decode()
    assert 'data-testid="progress-form"' in page and 'data-testid="close-form"' not in page
    response = client.post(
        f"/pairing/pledges/{pledge.pk}/progress/", once({"percent": "70", "note": "过半"})
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).progress == 70
    evidence = pledge.evidence.first().pk
    refused = client.post(
        f"/pairing/pledges/{pledge.pk}/close/", {"version": "1", "evidence": [evidence]}
    )
    assert refused.status_code == 404  # no permission: like an id out of scope
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN


def test_the_secretary_confirms_a_close_out_with_evidence_and_can_reopen(spread, as_role):
    client = as_role(Role.COMMUNITY_SECRETARY)
    pledge = spread["own"]
    page = client.get(f"/pairing/pledges/{pledge.pk}/").content.decode()
    assert 'data-testid="close-form"' in page
    evidence = pledge.evidence.first().pk
    client.post(f"/pairing/pledges/{pledge.pk}/close/", {"version": "1", "evidence": [evidence]})
    closed = Pledge.objects.get(pk=pledge.pk)
    assert closed.status == PledgeStatus.CLOSED
    stale = client.post(
        f"/pairing/pledges/{pledge.pk}/close/",
        {"version": "1", "evidence": [evidence]},
        follow=True,
    )
    assert "已被他人修改" in stale.content.decode()
    client.post(f"/pairing/pledges/{pledge.pk}/reopen/", {"version": "2", "reason": "复查未过"})
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN


def test_closing_without_choosing_evidence_says_why(spread, as_role):
    pledge = spread["own"]
    page = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/pairing/pledges/{pledge.pk}/close/", {"version": "1"}
    )
    assert page.status_code == 200 and "至少一份佐证材料" in page.content.decode()


def test_an_evidence_upload_that_is_no_photo_or_document_is_refused_on_the_page(spread, as_role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pledge = spread["own"]
    page = as_role(Role.PAIRED_UNIT_LIAISON).post(
        f"/pairing/pledges/{pledge.pk}/evidence/",
        once({"file": SimpleUploadedFile("x.jpg", b"not an image at all")}),
    )
    assert page.status_code == 200 and "只能上传" in page.content.decode()
    assert pledge.evidence.count() == 1


def test_the_pairing_page_marks_overdue_and_due_soon_pledges(housing, as_role):
    today = datetime.date.today()
    make_pledge(housing, "超期的事", deadline=today - datetime.timedelta(days=1))
    make_pledge(housing, "快到期的事", deadline=today + datetime.timedelta(days=3))
    page = as_role(Role.COMMUNITY_SECRETARY).get(f"/pairing/{housing.pk}/").content.decode()
    assert 'class="chip overdue"' in page and 'class="chip due_soon"' in page


def test_a_served_photo_is_the_uploaded_file(spread, as_role):
    evidence = spread["own"].evidence.first()
    response = as_role(Role.PAIRED_UNIT_LIAISON).get(f"/pairing/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_secretary_registers_a_signed_agreement_kept_under_the_data_directory(
    housing, as_role, settings
):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from grassroots.pairing.models import Agreement

    client = as_role(Role.COMMUNITY_SECRETARY)
    signed = SimpleUploadedFile("协议书.pdf", b"%PDF-1.7\nsigned")
    response = client.post(
        f"/pairing/{housing.pk}/agreements/",
        once({"signed_on": "2026-01-15", "period_end": "2027-12-31", "document": signed}),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(pairing=housing)
    assert Path(agreement.document.path).is_relative_to(Path(settings.MEDIA_ROOT))
    served = client.get(f"/pairing/agreements/{agreement.pk}/file/")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    again = client.post(f"/pairing/{housing.pk}/agreements/", once({"signed_on": "2026-01-15"}))
    assert "已签订过协议" in again.content.decode()


def test_the_secretary_adds_a_pledge_and_a_liaison_may_not(housing, as_role):
    data = {
        "text": "为社区配备应急照明",
        "task": "livelihood",
        "responsible": "孙主任",
        "deadline": "2026-12-31",
    }
    refused = as_role(Role.PAIRED_UNIT_LIAISON).post(f"/pairing/{housing.pk}/pledges/", once(data))
    assert refused.status_code == 404
    added = as_role(Role.COMMUNITY_SECRETARY).post(f"/pairing/{housing.pk}/pledges/", once(data))
    assert added.status_code == 302
    pledge = Pledge.objects.get(text="为社区配备应急照明")
    assert pledge.status == PledgeStatus.OPEN and pledge.changes.count() == 1
