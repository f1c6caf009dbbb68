"""A live server for tests that send many requests at once.

Django's test server queues ten connections that wait to be accepted and resets the rest, so
fifty clients at once would mostly be turned away before the application saw them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, _StaticFilesHandler


class _RoomyServer(ThreadedWSGIServer):
    request_queue_size = 256


class _RoomyServerThread(LiveServerThread):
    server_class = _RoomyServer


@contextmanager
def roomy_live_server() -> Iterator[str]:
    """A threaded server on the test database for the ``with`` block; its base URL."""
    thread = _RoomyServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
