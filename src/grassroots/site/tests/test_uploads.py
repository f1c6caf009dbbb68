"""Import uploads are personal data: gone once used, a day at most; the data dir is private."""

import os
import stat
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.kernel.permissions import Role
from grassroots.kernel.uploads import sweep_transient_uploads
from grassroots.registry.importer import HEADERS
from grassroots.registry.models import ImportJob, JobStatus, Resident
from grassroots.testing.forms import once

WANG = "420606199001011239"
DAY = 24 * 3600


def _csv(id_number):
    columns = [*HEADERS, "证件类型"]
    row = {
        "网格编码": "420606001001001",
        "小区": "清河小区",
        "楼栋": "3栋",
        "单元": "2单元",
        "房号": "502",
        "姓名": "王小明",
        "公民身份号码": id_number,
    }
    lines = [",".join(columns), ",".join(row.get(c, "") for c in columns)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upload(client, content):
    client.post(
        reverse("registry:import"),
        once(file=SimpleUploadedFile("registry.csv", content, content_type="text/csv")),
    )
    return ImportJob.objects.latest("pk")


def _stored(job):
    return settings.MEDIA_ROOT / "registry-imports" / job.stored_as


@pytest.fixture
def client_(as_role, tree):
    return as_role(Role.COMMUNITY_SECRETARY)


def test_a_refused_upload_is_deleted_at_once(client_):
    job = _upload(client_, _csv("420606199001011230"))  # wrong check digit
    assert job.status == JobStatus.FAILED
    assert not _stored(job).exists()


def test_a_checked_upload_waits_for_confirmation_owner_only_then_goes(client_):
    job = _upload(client_, _csv(WANG))
    assert job.status == JobStatus.VALIDATED
    assert stat.S_IMODE(_stored(job).stat().st_mode) == 0o600
    client_.post(reverse("registry:job_confirm", kwargs={"job_id": job.pk}))
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert not _stored(job).exists()
    assert Resident.objects.count() == 1


def test_an_unconfirmed_upload_is_swept_after_a_day_and_cannot_be_confirmed(client_):
    job = _upload(client_, _csv(WANG))
    fresh = settings.MEDIA_ROOT / "registry-imports" / "fresh.csv"
    fresh.write_text("x")
    old = time.time() - DAY - 60
    os.utime(_stored(job), (old, old))
    removed = sweep_transient_uploads()
    assert _stored(job) in removed and not _stored(job).exists() and fresh.exists()

    response = client_.post(reverse("registry:job_confirm", kwargs={"job_id": job.pk}))
    page = client_.get(response.url).content.decode()
    assert "超过24小时被删除" in page
    assert not Resident.objects.exists()


def test_photos_and_evidence_are_not_swept(db):
    photo = settings.MEDIA_ROOT / "sweeps" / "visits" / "old.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"jpg")
    old = time.time() - 10 * DAY
    os.utime(photo, (old, old))
    sweep_transient_uploads()
    assert photo.exists()


# --- on a real installation ---------------------------------------------------------------------


def test_the_sweep_command_removes_only_what_is_past_its_day(site):
    folder = site.data / "uploads" / "registry-imports"
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / "stale.xlsx", folder / "fresh.xlsx"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = time.time() - DAY - 60
    os.utime(stale, (old, old))
    done = site.grassroots("uploads", "sweep")
    assert done.returncode == 0, done.stderr
    assert "1" in done.stdout and not stale.exists() and fresh.exists()


def test_a_new_data_directory_and_its_database_are_the_owners_alone(make_site):
    new = make_site(migrated=False)
    new.data.rmdir()  # let the command create it
    done = new.grassroots("migrate")
    assert done.returncode == 0, done.stderr
    for folder in (new.data, new.data / "keys", new.data / "uploads"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for key in (new.data / "keys").iterdir():
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key
    if new.vendor == "sqlite":
        for path in new.data.glob("grassroots.sqlite3*"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_existing_data_directory_open_to_others_is_tightened(site):
    os.chmod(site.data / "uploads", 0o755)
    assert site.grassroots("uploads", "sweep").returncode == 0
    assert stat.S_IMODE((site.data / "uploads").stat().st_mode) == 0o700
