"""Progress bars for the long commands (imports, exports), shown on the operator's terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

SHOWN_FROM = 200  # rows: a smaller job is over before a bar would help


def _bar(label: str, console: Console) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@contextmanager
def advancing_bar(label: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A bar advanced by each call's count, on a terminal; None when the output is piped."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with _bar(label, console) as bar:
        task = bar.add_task("", total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def counting_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` that shows a bar once a job has ``SHOWN_FROM`` rows."""
    bar = _bar(label, Console(stderr=True))
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < SHOWN_FROM:
            return
        if task is None:
            bar.start()
            task = bar.add_task("", total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()


__all__ = ["advancing_bar", "counting_bar"]
