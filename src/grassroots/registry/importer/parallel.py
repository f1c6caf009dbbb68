"""The import's per-row work in a worker process, while this process writes to the database.

Checking a row and computing its blind indexes and pinyin initials cost more than writing
it. ``planned_chunks`` therefore forks one worker that reads the file and plans it chunk by
chunk (``RowPlanner``), sending each chunk's planned rows and row errors back through a pipe;
the caller writes chunk N while the worker plans chunk N+1. Which of the two is slower
depends on the machine (on one the database's inserts cost more, on another the checks), so
a worker that finds its previous chunk still unread also does the writer's per-row share of
the next one (``ahead``), and the two processes even out chunk by chunk.
The planned rows, plain tuples of texts and numbers, travel as ``marshal`` bytes: half the
cost of pickling them, on both sides. The pipe is widened to hold a whole chunk, so that the
worker runs up to two chunks ahead and a slow chunk on either side does not stall the other.
The worker never touches the database: the transaction, and so all-or-nothing, stays here.

Without ``fork`` (or from a process running other threads, e.g. a web server, where forking
is unsafe) the same chunks are planned in this process, one after the other.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import marshal
import multiprocessing
import termios
import threading
import traceback
from collections.abc import Callable, Iterator
from itertools import islice
from multiprocessing.connection import Connection

from grassroots.kernel.importing import ImportFailed, RowError
from grassroots.registry.importer.columns import PlannedRow
from grassroots.registry.importer.plan import RowPlanner

Records = Iterator[tuple[int, list[str]]]
Chunk = tuple[int, list[PlannedRow], list[RowError]]  # rows read, planned rows, row errors
Ahead = Callable[[list[PlannedRow]], list[PlannedRow]]
PIPE_BYTES = 1 << 20  # Linux's default most for an unprivileged process


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def planned_chunks(
    records: Records,
    planner: RowPlanner,
    size: int,
    *,
    worker: bool,
    ahead: Callable[[], Ahead] | None = None,
) -> Iterator[Chunk]:
    """Each chunk of ``size`` records, planned: in a forked worker if ``worker``. There, a
    chunk planned while the previous one still waits unread in the pipe (this process is
    behind) also goes through ``ahead()``, made once in the worker: the writer's own share,
    done ahead of it."""
    if not worker:
        yield from _plan_chunks(records, planner, size)
        return
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    with contextlib.suppress(OSError, AttributeError):  # Linux only, and within its limit
        fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    process = multiprocessing.get_context("fork").Process(
        target=_work, args=(records, planner, size, send, ahead), daemon=True
    )
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


def _work(
    records: Records,
    planner: RowPlanner,
    size: int,
    send: Connection,
    ahead: Callable[[], Ahead] | None,
) -> None:
    try:
        finish = ahead() if ahead is not None else None
        for rows, planned, errors in _plan_chunks(records, planner, size):
            if finish is not None and _unread(send):
                planned = finish(planned)
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


def _unread(pipe: Connection) -> int:
    """Bytes sent through ``pipe`` that the other end has not read yet (0 if unknown)."""
    waiting = array.array("i", [0])
    try:
        fcntl.ioctl(pipe.fileno(), termios.FIONREAD, waiting)
    except OSError:
        return 0
    return waiting[0]


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
