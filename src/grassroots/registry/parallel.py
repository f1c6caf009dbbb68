"""The import's per-row work in a worker process, while this process writes to the database.

Checking a row and computing its blind indexes and pinyin initials cost more than writing
it. ``planned_chunks`` therefore forks one worker that reads the file and plans it chunk by
chunk (``RowPlanner``), sending each chunk's planned rows and row errors back through a pipe;
the caller writes chunk N while the worker plans chunk N+1.
The planned rows, plain tuples of texts and numbers, travel as ``marshal`` bytes: half the
cost of pickling them, on both sides. The pipe is widened to hold a whole chunk, so that the
worker runs up to two chunks ahead and a slow chunk on either side does not stall the other.
The worker never touches the database: the transaction, and so all-or-nothing, stays here.

Without ``fork`` (or from a process running other threads, e.g. a web server, where forking
is unsafe) the same chunks are planned in this process, one after the other.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import multiprocessing
import threading
import traceback
from collections.abc import Iterator
from itertools import islice
from multiprocessing.connection import Connection

from grassroots.core.importing import ImportFailed, RowError
from grassroots.registry.rowplan import PlannedRow, RowPlanner

Records = Iterator[tuple[int, list[str]]]
Chunk = tuple[int, list[PlannedRow], list[RowError]]  # rows read, planned rows, row errors
PIPE_BYTES = 1 << 20  # Linux's default most for an unprivileged process


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def planned_chunks(records: Records, planner: RowPlanner, size: int, *,
                   worker: bool) -> Iterator[Chunk]:
    """Each chunk of ``size`` records, planned: in a forked worker if ``worker``."""
    if not worker:
        yield from _plan_chunks(records, planner, size)
        return
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    with contextlib.suppress(OSError, AttributeError):  # Linux only, and within its limit
        fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    process = multiprocessing.get_context("fork").Process(
        target=_work, args=(records, planner, size, send), daemon=True)
    process.start()
    send.close()
    try:
        while (message := _receive(receive))[0] == "chunk":
            _kind, rows, planned, errors = message
            yield rows, marshal.loads(planned), errors
        _raise_failure(message)
    finally:
        receive.close()
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join()


def _plan_chunks(records: Records, planner: RowPlanner, size: int) -> Iterator[Chunk]:
    plan = planner.plan
    while block := list(islice(records, size)):
        notes = planner.notes
        planned = [p for p in (plan(number, texts) for number, texts in block) if p is not None]
        yield len(block) - (planner.notes - notes), planned, planner.take_errors()


def _work(records: Records, planner: RowPlanner, size: int, send: Connection) -> None:
    try:
        for rows, planned, errors in _plan_chunks(records, planner, size):
            send.send(("chunk", rows, marshal.dumps(planned), errors))
        send.send(("end",))
    except ImportFailed as failed:  # the file itself is unreadable
        send.send(("failed", failed.errors, failed.message))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the importing process stopped listening
    except Exception:  # noqa: BLE001 - handed to the importing process to raise
        send.send(("crashed", traceback.format_exc()))
    finally:
        send.close()


def _receive(receive: Connection) -> tuple:
    try:
        return receive.recv()
    except EOFError:
        return ("crashed", "it ended without a word")


def _raise_failure(message: tuple) -> None:
    if message[0] == "failed":
        raise ImportFailed(message[1], message=message[2])
    if message[0] == "crashed":
        raise RuntimeError(f"the import's worker process failed:\n{message[1]}")


__all__ = ["can_fork", "planned_chunks"]
