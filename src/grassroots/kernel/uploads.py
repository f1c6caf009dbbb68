"""Uploaded files that hold personal data are not kept (上传文件及时删除, PIPL art. 19, 47).

An app names, in its plugin's ``transient_uploads``, the folders under the data directory's
``uploads/`` whose files are only working copies (an import file holds plaintext ID numbers):
the app deletes each file once its work has finished or failed, and ``sweep_transient_uploads``
deletes whatever is left after ``MAX_AGE`` at the latest. It runs when ``serve`` starts, when a
new file is uploaded, and from ``grassroots uploads sweep`` (for cron).
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from django.conf import settings

from grassroots.kernel.plugins import installed_plugins

MAX_AGE = datetime.timedelta(hours=24)


def transient_folders() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [root / name for p in installed_plugins() for name in p.transient_uploads]


def sweep_transient_uploads(*, now: float | None = None) -> list[Path]:
    """Delete the files of the transient folders older than ``MAX_AGE``; those deleted."""
    cutoff = (now if now is not None else time.time()) - MAX_AGE.total_seconds()
    removed = []
    for folder in transient_folders():
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except FileNotFoundError:  # removed meanwhile by the job that owned it
                continue
    return removed
