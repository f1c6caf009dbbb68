"""Time the owners' vote tally (业主表决计票) of a 5,000-room estate, and drive 200 online
ballots through the server concurrently, counting the rows.

    .venv/bin/python bench/owners_tally.py                  # 5,000 rooms, 200 online ballots
    .venv/bin/python bench/owners_tally.py --rooms 10000 --online 400 --clients 16

In a fresh temporary SQLite data dir (migrations not counted): one grid with an estate of
``--rooms`` rooms in 20 buildings, each with its exclusive area; one owner per room except the
developer's 200 unsold rooms (one owner), a buyer of five rooms, and a co-owner on every tenth
room; an ordinary-matter vote with paper ballots for about 60% of the owners, written in bulk.
Times ``selectors.tally`` (median of 5). Target: under 200 ms.

Then starts the server the production way (``grassroots serve``) on 127.0.0.1 and sends
``--online`` online ballots (``POST /api/v1/public/owners/online?t=...``, each owner's own one-time
link) from ``--clients`` concurrent clients, then the same links again. Target: the ballots in
under a minute (200 a minute) with none lost: the rows written are exactly the 201 answers, and
every second use of a link is a 409 that writes nothing. The data dir is removed afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TALLY_TARGET_MS = 200.0
ONLINE_TARGET_S = 60.0
BUILDINGS = 20


def seed(rooms: int):  # noqa: ANN201
    from grassroots.org.models import Level, OrgNode
    from grassroots.owners.models import Ballot, Owner, Ownership, RoomArea
    from grassroots.owners.services import open_vote
    from grassroots.owners.services.importing import owner_key
    from grassroots.registry.models import Building, Estate, Room

    district = OrgNode.objects.add_root(
        {"code": "420606000000", "name": "基准区", "level": Level.DISTRICT}
    )
    street = OrgNode.objects.add_child(
        district, {"code": "420606001000", "name": "街道", "level": Level.STREET}
    )
    community = OrgNode.objects.add_child(
        OrgNode.objects.get(pk=street.pk),
        {"code": "420606001001", "name": "社区", "level": Level.COMMUNITY},
    )
    grid = OrgNode.objects.add_child(
        OrgNode.objects.get(pk=community.pk),
        {"code": "420606001001001", "name": "网格", "level": Level.GRID},
    )
    estate = Estate.objects.create(grid=grid, name="基准小区")
    buildings = [
        Building.objects.create(estate=estate, grid=grid, name=f"{b}号楼")
        for b in range(1, BUILDINGS + 1)
    ]
    per = -(-rooms // BUILDINGS)
    Room.objects.bulk_create(
        [
            Room(
                grid=grid,
                building=buildings[n // per],
                unit="1单元",
                number=str(n % per + 1),
                address=f"基准小区{n // per + 1}号楼1单元{n % per + 1}",
            )
            for n in range(rooms)
        ],
        batch_size=2000,
    )
    room_ids = list(Room.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(2026)
    RoomArea.objects.bulk_create(
        [
            RoomArea(room_id=pk, grid=grid, estate=estate, area_hundredths=rng.randint(5000, 15000))
            for pk in room_ids
        ],
        batch_size=2000,
    )
    developer = Owner.objects.create(
        grid=grid,
        estate=estate,
        kind="developer",
        name="开发商",
        key=owner_key("developer", "", "开发商"),
    )
    owners = Owner.objects.bulk_create(
        [
            Owner(
                grid=grid,
                estate=estate,
                kind="person",
                name=f"业主{n}",
                key=owner_key("person", "", f"业主{n}"),
            )
            for n in range(rooms + rooms // 10)
        ],
        batch_size=2000,
    )
    links, extra = [], iter(owners[rooms:])
    for n, pk in enumerate(room_ids):
        if n < 200:
            holder = developer.pk
        elif n < 205:
            holder = owners[200].pk  # a buyer of five rooms
        else:
            holder = owners[n].pk
        links.append(Ownership(room_id=pk, owner_id=holder, grid=grid, estate=estate))
        if n % 10 == 5:
            links.append(Ownership(room_id=pk, owner_id=next(extra).pk, grid=grid, estate=estate))
    Ownership.objects.bulk_create(links, batch_size=2000)
    vote = open_vote(estate=estate, title="基准表决", kind="ordinary")
    Ballot.objects.bulk_create(
        [
            Ballot(
                vote=vote,
                grid=grid,
                room_id=pk,
                opinion=rng.choice(["agree", "agree", "against", "abstain"]),
                channel="paper",
            )
            for pk in room_ids
            if rng.random() < 0.6
        ],
        batch_size=2000,
    )
    return vote


def timed(func, runs: int = 5) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: str, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("grassroots")
    command = [str(exe), "--data", data, "serve", "--host", "127.0.0.1", "--port", str(port)]
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
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not start: see " + str(Path(data) / "serve.log"))


def send_all(port: int, tokens: list[str], clients: int) -> tuple[dict[int, int], list[float]]:
    """POST one ballot per token from ``clients`` threads; the answers by status, latencies."""
    work: queue.Queue[str] = queue.Queue()
    for token in tokens:
        work.put(token)
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    body = json.dumps({"opinion": "agree"})

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            try:
                token = work.get_nowait()
            except queue.Empty:
                break
            start = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    f"/api/v1/public/owners/online?t={token}",
                    body=body,
                    headers={"Content-Type": "application/json"},
                )
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=5000)
    parser.add_argument("--online", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from grassroots.owners import selectors, services
    from grassroots.owners.models import Ballot

    server = None
    try:
        call_command("migrate", interactive=False, verbosity=0)
        vote = seed(args.rooms)
        ms, result = timed(lambda: selectors.tally(vote))
        print(
            f"tally of {result.rooms:,} rooms, {result.owners:,} owners, "  # type: ignore[attr-defined]
            f"{result.voted_owners:,} voted: {ms:.1f} ms (target {TALLY_TARGET_MS:.0f} ms)"  # type: ignore[attr-defined]
        )
        heads = [h.room_id for h in selectors.heads_of(vote)]
        voted = set(result.opinions)  # type: ignore[attr-defined]
        fresh = [pk for pk in heads if pk not in voted][: args.online]
        tokens = list(services.links_for(vote, fresh).values())
        before = Ballot.objects.filter(vote=vote).count()
        connections.close_all()
        port = free_port()
        server = start_server(data, port)
        start = time.perf_counter()
        statuses, latencies = send_all(port, tokens, args.clients)
        took = time.perf_counter() - start
        written = Ballot.objects.filter(vote=vote).count() - before
        again, _ = send_all(port, tokens, args.clients)
        after_again = Ballot.objects.filter(vote=vote).count() - before
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
        print(
            f"online: {len(tokens)} ballots from {args.clients} clients in {took:.2f} s "
            f"({len(tokens) / took * 60:,.0f} a minute), "
            f"p50 {statistics.median(latencies):.0f} ms, "
            f"p99 {p99:.0f} ms; answers {statuses}; rows written {written}"
        )
        print(f"the same links again: answers {again}; rows written {after_again - written}")
        ok_tally = ms < TALLY_TARGET_MS
        ok_online = (
            took < ONLINE_TARGET_S
            and statuses == {201: len(tokens)}
            and written == len(tokens)
            and again == {409: len(tokens)}
            and after_again == written
        )
        print(f"tally {'met' if ok_tally else 'MISSED'}; online {'met' if ok_online else 'MISSED'}")
        return 0 if ok_tally and ok_online else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
