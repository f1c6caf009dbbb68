"""One writer at a time on SQLite, queued by the kernel rather than by SQLite's busy timeout.

SQLite lets one transaction write at a time; the others wait in its busy handler, which sleeps
and retries in steps of up to 100 ms, so twenty gunicorn threads writing at once spend most of
their time asleep. Holding an exclusive ``flock`` on a file in the data directory (shared by
every worker process) plus a thread lock (``flock`` is per process) around each write
transaction makes writers wait in line and wake the moment the lock is free. PostgreSQL needs
none of this: its row locks already queue writers.

SQLite also folds the write-ahead log back into the database (a checkpoint, with an fsync)
inside whichever commit crosses its threshold, every few hundred commits, and that writer
would hold the line meanwhile. The connections that write here therefore check point
themselves, outside the lock (a PASSIVE checkpoint lets other writers carry on), and give
the connection back with the automatic checkpoint on for whatever else it writes.

``write_in_batch`` goes one step further for the hottest write, the intake of a demand: the
threads of one server process that are waiting to write hand their work to one of them, which
writes it all in one transaction (each piece in a savepoint of its own) and one turn of the
line (group commit). Every caller still returns only after the commit of its own writes.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction

T = TypeVar("T")

_thread_lock = threading.Lock()
_fd: int | None = None
_fd_pid: int | None = None
CHECKPOINT_EVERY = 100  # commits of this process; SQLite's own default is every 1000 pages
SQLITE_AUTOCHECKPOINT = 1000  # SQLite's default, restored for the connection's other writes
_commits = 0


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
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # this connection's setting only
        try:
            due = yield from _in_line()
        finally:
            cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT}")
        if due:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _in_line() -> Generator[None, None, bool]:
    """Hold the thread lock and the file lock around one yield; True when a checkpoint is due."""
    global _commits
    with _thread_lock:
        fd = _lock_file()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            _commits += 1
            due = _commits % CHECKPOINT_EVERY == 0
    return due


@dataclass(eq=False)
class _Pending:
    work: Callable[[], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None


_queue: list[_Pending] = []
_queue_changed = threading.Condition()
_leading = False


def write_in_batch(work: Callable[[], T]) -> T:
    """Run ``work`` (the writes of one action) in a write transaction and return its result or
    raise its exception; on SQLite the transaction is shared with the work other threads of
    this process queued meanwhile, each in its own savepoint, so one failing rolls back alone."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with serialised_writes(), transaction.atomic():
            return work()
    global _leading
    item = _Pending(work)
    with _queue_changed:
        _queue.append(item)
        while _leading and not item.done:
            _queue_changed.wait()
        lead = not item.done
        if lead:
            _leading = True
    if lead:
        try:
            _write_queue()
        except BaseException:
            with _queue_changed:  # never taken: no later batch may write it after all
                if item in _queue:
                    _queue.remove(item)
            raise
        finally:
            with _queue_changed:
                _leading = False
                _queue_changed.notify_all()
    if item.error is not None:
        raise item.error
    return item.result


def _write_queue() -> None:
    """Take the line, then write everything queued by then (this thread's work included)."""
    batch: list[_Pending] = []
    try:
        with serialised_writes():
            with _queue_changed:
                batch, _queue[:] = list(_queue), []
            with transaction.atomic():
                for item in batch:
                    try:
                        with transaction.atomic():
                            item.result = item.work()
                    except Exception as exc:  # noqa: BLE001 - handed to its own caller
                        item.error = exc
    except Exception as exc:  # noqa: BLE001 - the commit failed: nothing was written
        for item in batch:
            item.result, item.error = None, item.error or exc
        if not batch:
            raise
    finally:
        with _queue_changed:
            for item in batch:
                item.done = True
