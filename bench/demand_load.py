"""Load test: demand creations through ``grassroots serve``, from another process, on loopback.

    .venv/bin/python bench/demand_load.py                        # SQLite, fresh data dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gr_demands_bench \\
        .venv/bin/python bench/demand_load.py                    # PostgreSQL (database wiped)

Prepares a fresh data directory (and, on PostgreSQL, an emptied database): migrations, a
small tree, a grid worker and an API token. Then starts the server the production way
(``grassroots serve``: gunicorn workers) on 127.0.0.1 and, from this process, drives it with
``--clients`` concurrent keep-alive HTTP clients: first a trivial JSON endpoint (``GET
/api/v1/``), then ``POST /api/v1/demands``, each for at most ``--seconds`` and ``--requests``.
Reports throughput, p50/p99 latency and failures for both and their ratio, and checks that
the demands in the database are exactly the 201 answers. Exit status 1 when the target
(300 creations/s with p99 under 250 ms) is missed or a request failed or was lost.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TARGET_RATE = 300.0
TARGET_P99_MS = 250.0
GRID = "420699001001001"


def prepare(data: str) -> str:
    """Migrate, make a tree, a grid worker and a token; return the raw token."""
    os.environ["GRASSROOTS_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", interactive=False, verbosity=0)
    from grassroots.accounts.services.tokens import create_token
    from grassroots.kernel.permissions import Role
    from grassroots.org.models import Level, OrgNode
    from grassroots.testing.personas import make_account

    node = OrgNode.objects.add_root(
        {"code": "420699000000", "name": "压测区", "level": Level.DISTRICT}
    )
    for code, name, level in (
        ("420699001000", "压测街道", Level.STREET),
        ("420699001001", "压测社区", Level.COMMUNITY),
        (GRID, "压测网格", Level.GRID),
    ):
        node = OrgNode.objects.add_child(
            OrgNode.objects.get(pk=node.pk), {"code": code, "name": name, "level": level}
        )
    account = make_account(node, Role.GRID_WORKER, username="bench_grid_worker")
    raw = create_token(account, name="load benchmark")[1]
    connections.close_all()
    return raw


def demand_count() -> int:
    from django.db import connections

    from grassroots.demands.models import Demand

    count = Demand.objects.count()
    connections.close_all()
    return count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    data: str, port: int, workers: int | None, threads: int | None = None
) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("grassroots")
    command = [str(exe), "--data", data, "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    log = open(Path(data) / "serve.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("the server did not start: see " + str(Path(data) / "serve.log"))


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def server_cpu(group: int) -> float:
    """CPU seconds used so far by the server's processes (its process group): the cost per
    request the machine's other load does not change, unlike wall-clock rates."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; then utime, stime at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else 0.0

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


Body = Callable[[], bytes | None]


def _client(
    port: int,
    method: str,
    path: str,
    body: Body,
    headers: dict[str, str],
    stop: float,
    budget: list[int],
    lock: threading.Lock,
    out: Outcome,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < stop:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        payload = body()
        started = time.perf_counter()
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        elapsed = time.perf_counter() - started
        with lock:
            out.latencies.append(elapsed)
            out.statuses[status] = out.statuses.get(status, 0) + 1
    conn.close()


def drive(
    port: int,
    method: str,
    path: str,
    body: Body,
    headers: dict[str, str],
    *,
    clients: int,
    seconds: float,
    requests: int,
    server: int = 0,
) -> Outcome:
    out = Outcome()
    cpu_before = server_cpu(server) if server else 0.0
    lock = threading.Lock()
    budget = [requests]
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client, args=(port, method, path, body, headers, stop, budget, lock, out)
        )
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.seconds = time.perf_counter() - started
    out.server_cpu = server_cpu(server) - cpu_before if server else 0.0
    return out


def report(label: str, out: Outcome, ok: int) -> None:
    failures = out.count - out.statuses.get(ok, 0)
    print(
        f"  {label:<30} {out.count:6d} requests in {out.seconds:5.1f} s = {out.rate:6.0f}/s  "
        f"p50 {out.percentile(0.50):6.1f} ms  p99 {out.percentile(0.99):6.1f} ms  "
        f"failures {failures}  statuses {dict(sorted(out.statuses.items()))}"
    )
    if out.count:
        print(f"  {'':<30} server CPU {out.server_cpu / out.count * 1000:.2f} ms a request")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="per phase, at most")
    parser.add_argument("--requests", type=int, default=8000, help="per phase, at most")
    parser.add_argument("--workers", type=int, default=None, help="default: as serve does")
    parser.add_argument("--threads", type=int, default=None, help="default: as serve does")
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="grassroots-demands-load-")
    try:
        return run(args, data)
    finally:
        if not args.keep:
            shutil.rmtree(data, ignore_errors=True)


def run(args: argparse.Namespace, data: str) -> int:
    token = prepare(data)
    port = free_port()
    server = start_server(data, port, args.workers, args.threads)
    counter = iter(range(10**9))

    def demand() -> bytes:
        n = next(counter)
        return json.dumps(
            {
                "title": f"压测诉求{n}",
                "description": "楼道堆放杂物，影响通行",
                "category": "env-clutter",
                "channel": "grid_report",
                "grid_code": GRID,
                "address": f"压测小区{n % 50}栋",
                "reporter_phone": f"138{n % 10**8:08d}",
            }
        ).encode()

    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        drive(port, "GET", "/api/v1/", lambda: None, {}, clients=4, seconds=3, requests=200)
        before = demand_count()
        load = os.getloadavg()
        trivial = drive(
            port,
            "GET",
            "/api/v1/",
            lambda: None,
            {},
            clients=args.clients,
            seconds=args.seconds,
            requests=args.requests,
            server=server.pid,
        )
        creates = drive(
            port,
            "POST",
            "/api/v1/demands",
            demand,
            auth,
            clients=args.clients,
            seconds=args.seconds,
            requests=args.requests,
            server=server.pid,
        )
        after_load = os.getloadavg()
    finally:
        stop_server(server)
    stored = demand_count() - before
    created = creates.statuses.get(201, 0)
    from django.db import connection

    print(
        f"{connection.vendor}, {args.clients} clients, load average before "
        f"{load[0]:.2f} / after {after_load[0]:.2f} ({os.cpu_count()} cores)"
    )
    report("GET /api/v1/ (trivial JSON)", trivial, 200)
    report("POST /api/v1/demands", creates, 201)
    ratio = creates.rate / trivial.rate if trivial.rate else 0.0
    print(f"  creations / trivial throughput: {ratio:.2f}")
    print(
        f"  demands stored {stored}, 201 answers {created}: "
        f"{'equal' if stored == created else 'NOT EQUAL'}"
    )
    met = (
        creates.rate >= TARGET_RATE
        and creates.percentile(0.99) < TARGET_P99_MS
        and created == creates.count
        and stored == created
    )
    print(
        f"  target {TARGET_RATE:.0f}/s with p99 < {TARGET_P99_MS:.0f} ms, no failure, none "
        f"lost: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
