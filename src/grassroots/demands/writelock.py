"""One writer at a time on SQLite, queued by the kernel rather than by SQLite's busy timeout.

SQLite lets one transaction write at a time; the others wait in its busy handler, which sleeps
and retries in steps of up to 100 ms, so twenty gunicorn threads writing at once spend most of
their time asleep. Holding an exclusive ``flock`` on a file in the data directory (shared by
every worker process) plus a thread lock (``flock`` is per process) around each write
transaction makes writers wait in line and wake the moment the lock is free. PostgreSQL needs
none of this: its row locks already queue writers.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

_thread_lock = threading.Lock()
_fd: int | None = None
_fd_pid: int | None = None


def _lock_file() -> int:
    global _fd, _fd_pid
    if _fd is None or _fd_pid != os.getpid():  # a forked worker opens its own
        _fd = os.open(settings.DATA_DIR / "sqlite-write.lock", os.O_RDWR | os.O_CREAT, 0o600)
        _fd_pid = os.getpid()
    return _fd


@contextmanager
def serialised_writes() -> Iterator[None]:
    """Around a write transaction: queue behind other writers on SQLite, nothing otherwise."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _thread_lock:
        fd = _lock_file()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
