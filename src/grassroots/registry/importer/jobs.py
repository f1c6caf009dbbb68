"""Web imports in the background: an uploaded file is checked, shown, then imported.

``create_import_job`` stores the upload in the data directory and starts a check (a dry run);
the page shows every error before anything is written. ``confirm_import_job`` starts the real
import. Each run happens in a process of its own (``grassroots registry run-job ID``), so a
large file neither holds a web worker nor dies with it; progress goes to a small JSON file
beside the upload, which the page reads while the import's transaction is still open.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.kernel.importing import ImportFailed
from grassroots.kernel.uploads import sweep_transient_uploads
from grassroots.registry.importer.run import import_registry
from grassroots.registry.models import ImportJob, JobStatus

PREVIEW_ERRORS = 1000
PROGRESS_EVERY = 5000


def uploads_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "registry-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def progress_file(job: ImportJob) -> Path:
    return uploads_dir() / f"{job.pk}.progress.json"


def create_import_job(*, owner: Any, upload: Any) -> ImportJob:
    """Keep the uploaded file and start checking it (and let go of files past their day)."""
    sweep_transient_uploads()
    suffix = Path(upload.name).suffix.lower()
    target = uploads_dir() / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        owner=owner,
        node=owner.org_node,
        name=upload.name[:200],
        stored_as=target.name,
        dry_run=True,
    )
    start(job)
    return job


def confirm_import_job(job: ImportJob) -> ImportJob:
    """Import a checked file for real. Only a check that passed can be confirmed, once."""
    with transaction.atomic():
        updated = ImportJob.objects.filter(
            pk=job.pk, status=JobStatus.VALIDATED, dry_run=True
        ).update(dry_run=False, status=JobStatus.QUEUED, summary="", finished_at=None)
    if not updated:
        raise ValueError(_("只有校验通过的文件才能确认导入，且只能导入一次"))
    job.refresh_from_db()
    if not (uploads_dir() / job.stored_as).is_file():
        _finish(job, JobStatus.FAILED, message=_("上传的文件已超过24小时被删除，请重新上传"))
        raise ValueError(_("上传的文件已超过24小时被删除，请重新上传"))
    start(job)
    return job


def start(job: ImportJob) -> None:
    """Run the job in a process of its own, or here (tests) when settings say so."""
    if getattr(settings, "REGISTRY_IMPORT_RUNNER", "subprocess") == "inline":
        run_import_job(job.pk)
        return
    log = (uploads_dir() / f"{job.pk}.log").open("ab")
    subprocess.Popen(  # noqa: S603 - our own command line, no user input in it
        [
            sys.executable,
            "-m",
            "grassroots.cli",
            "--data",
            str(settings.DATA_DIR),
            "registry",
            "run-job",
            str(job.pk),
        ],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def run_import_job(job_id: int) -> ImportJob:
    """Check or import the job's file; record the outcome on the job."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, pid=os.getpid(), host=socket.gethostname()
    )
    tracker = _Progress(progress_file(job))
    try:
        result = import_registry(
            uploads_dir() / job.stored_as,
            actor=job.owner,
            scope_user=job.owner,
            dry_run=job.dry_run,
            progress=tracker.advance,
            source_name=job.name,
        )
    except ImportFailed as failure:
        _finish(job, JobStatus.FAILED, message=failure.message, errors=failure.errors)
    except Exception as error:  # noqa: BLE001 - whatever happened, the page must say so
        _finish(
            job,
            JobStatus.CRASHED,
            message=_("导入意外中止：%(error)s") % {"error": str(error)[:400]},
        )
        raise
    else:
        _finish(
            job, JobStatus.VALIDATED if job.dry_run else JobStatus.DONE, summary=result.summary()
        )
    finally:
        if _status_of(job) != JobStatus.VALIDATED:
            # Imported, refused or crashed: the file (plaintext ID numbers) is not kept. A
            # check that passed keeps it for the confirmation, a day at most (the sweep).
            (uploads_dir() / job.stored_as).unlink(missing_ok=True)
    tracker.done()
    job.refresh_from_db()
    return job


def _status_of(job: ImportJob) -> str:
    return ImportJob.objects.filter(pk=job.pk).values_list("status", flat=True).first() or ""


def _finish(
    job: ImportJob,
    status: str,
    *,
    summary: str = "",
    message: str = "",
    errors: list[Any] | None = None,
) -> None:
    errors = errors or []
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        summary=summary[:300],
        message=message[:500],
        errors=[[e.row, e.column, e.reason] for e in errors[:PREVIEW_ERRORS]],
        error_count=len(errors),
        finished_at=timezone.now(),
    )
    if status == JobStatus.FAILED and errors:
        _errors_file(job).write_text(
            json.dumps([[e.row, e.column, e.reason] for e in errors], ensure_ascii=False),
            encoding="utf-8",
        )


def _errors_file(job: ImportJob) -> Path:
    return uploads_dir() / f"{job.pk}.errors.json"


def all_errors(job: ImportJob) -> list[list[Any]]:
    path = _errors_file(job)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return job.errors


def job_progress(job: ImportJob) -> int:
    """Rows handled so far by a running job."""
    try:
        return int(json.loads(progress_file(job).read_text(encoding="utf-8"))["rows"])
    except (OSError, ValueError, KeyError):
        return 0


class _Progress:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.written = 0

    def advance(self, rows: int) -> None:
        self.rows += rows
        if self.rows - self.written >= PROGRESS_EVERY:
            self._write()

    def done(self) -> None:
        self._write()

    def _write(self) -> None:
        self.written = self.rows
        self.path.write_text(json.dumps({"rows": self.rows}), encoding="utf-8")


QUEUED_PATIENCE = timedelta(minutes=10)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # an exited child not yet reaped by its parent is a zombie: gone all the same
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _vanished(job: ImportJob) -> bool:
    if job.status == JobStatus.RUNNING and job.pid and job.host == socket.gethostname():
        return not _process_alive(job.pid)
    if job.status == JobStatus.QUEUED and not job.pid:
        return job.created_at < timezone.now() - QUEUED_PATIENCE
    return False


def settle_if_vanished(job: ImportJob) -> ImportJob:
    """A job left 进行中 by a process that died (the server killed or restarted mid-import) is
    marked 意外中止: its import ran in one transaction, so nothing of it was written."""
    if not _vanished(job):
        return job
    updated = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=JobStatus.CRASHED,
        message=_("导入进程意外终止（如服务器重启），未写入任何数据，请重新上传文件"),
        finished_at=timezone.now(),
    )
    if updated:
        (uploads_dir() / job.stored_as).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def is_running(job: ImportJob) -> bool:
    return job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
