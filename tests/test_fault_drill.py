"""Fault drill: the production server (``grassroots serve``, gunicorn) killed with SIGKILL in the
middle of a registry import and of a demand load, then started again.

What must hold after the crash: the import wrote all of its rows or none of them (its rows are
written in one transaction), every demand the server acknowledged with a 201 is in the
database, the audit log's hash chain still verifies, SQLite's file passes its integrity check,
and the restarted server serves. Each drill runs on a real installation of the pass's engine
(a copy of a migrated data dir; on PostgreSQL a scratch database created and dropped for it),
not on the test database.
"""

from __future__ import annotations

import csv
import http.client
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from grassroots.site.tests.conftest import RUNNER

DISTRICT = "420606000000"
PER_GRID = 600
IMPORT_ROWS = 12_000  # 20 grids: long enough to be caught writing, short enough for CI
PASSWORD = "Drill-pass-2026"
USERNAME = "drill"


# --- the installation and its server ------------------------------------------------------


def _grid_codes(grids: int) -> list[str]:
    # Ten grids a community, ten communities a street (as the import benchmark's district).
    return [f"420606{g // 100 + 1:03d}{g // 10 % 10 + 1:03d}{g % 10 + 1:03d}" for g in range(grids)]


def _write_org_tree(path: Path, grids: list[str]) -> None:
    rows = [(DISTRICT, "樊城区", "区县", "")]
    seen: set[str] = set()
    for code in grids:
        street, community = code[:9] + "000", code[:12]
        for node, name, level, parent in (
            (street, f"街道{street[6:9]}", "街道乡镇", DISTRICT),
            (community, f"社区{community[6:]}", "社区村", street),
            (code, f"网格{code}", "网格", community),
        ):
            if node not in seen:
                seen.add(node)
                rows.append((node, name, level, parent))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编码", "名称", "层级", "上级编码"])
        writer.writerows(rows)


def _write_registry(path: Path, grids: list[str]) -> int:
    from grassroots.registry.generator import RegistryRows
    from grassroots.registry.importer import HEADERS

    columns = [*HEADERS, "证件类型"]
    rows = RegistryRows(random.Random(2026), DISTRICT)
    people = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for code in grids:
            for row in rows.for_grid(code, PER_GRID):
                writer.writerow([row.get(c, "") for c in columns])
                people += bool(row.get("姓名"))
    return people


def _install(site, tmp_path, grids: list[str]) -> str:
    """An org tree, a district administrator who may sign in, and their API token."""
    tree = tmp_path / "org.csv"
    _write_org_tree(tree, grids)
    for args in (
        ("org", "import", str(tree)),
        ("createadmin", USERNAME, "--kind", "district", "--password", PASSWORD, "--node", DISTRICT),
    ):
        done = site.grassroots(*args)
        assert done.returncode == 0, done.stderr
    # The drill is about crashes, not sign-in: no new password asked at the first sign-in, and
    # no second factor (the flag the demo logins carry).
    site.execute(
        "UPDATE accounts_account SET must_change_password = FALSE, two_factor_exempt = TRUE "
        f"WHERE username = '{USERNAME}'"
    )
    done = site.grassroots("token", "create", USERNAME, "--name", "drill")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``grassroots serve`` in a session of its own, so that the whole group can be killed."""

    def __init__(self, site, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, "--data", str(site.data), "serve"]
            + ["--port", str(self.port), "--workers", "2", "--threads", "4"],
            env=site.env,
            cwd=site.data.parent,
            stdout=self.log,
            stderr=self.log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self, deadline: float = 90) -> None:
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            assert self.process.poll() is None, "the server exited during start-up"
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"the server did not answer within {deadline}s")

    def crash(self) -> list[int]:
        """SIGKILL the master, its workers and whatever they started (an import's own process
        too, though it runs in a session of its own): a power cut, as far as the data goes."""
        victims = _descendants(self.process.pid)
        os.killpg(self.process.pid, signal.SIGKILL)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=30)
        self.log.close()
        return victims

    def stop(self) -> None:
        """The end of a test: how the server goes no longer matters, only that it goes."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.log.close()


def _parents() -> dict[int, int]:
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(stat.parent.name)] = int(fields[1])
    return found


def _descendants(root: int) -> list[int]:
    parents = _parents()
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def servers(tmp_path):
    """start(site) -> a running Server; every one started is stopped at the end."""
    started: list[Server] = []

    def start(site) -> Server:
        server = Server(site, tmp_path / "serve.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _count(site, table: str) -> int:
    return site.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608


def _assert_database_sound(site) -> None:
    if site.vendor == "sqlite":
        assert site.query("PRAGMA integrity_check") == [("ok",)]
        assert site.query("PRAGMA foreign_key_check") == []


def _api_get(server: Server, path: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        server.base + path, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


# --- a registry import, through the web upload ---------------------------------------------


class Browser:
    """A signed-in session on the web pages, CSRF token included."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.server.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, body: bytes, content_type: str) -> str:
        request = urllib.request.Request(
            self.server.base + path,
            data=body,
            headers={"Content-Type": content_type, "Referer": self.server.base + path},
        )
        with self.opener.open(request, timeout=120) as response:
            return response.geturl()

    def form(self, path: str, **fields: str) -> str:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **fields}).encode()
        return self.post(path, body, "application/x-www-form-urlencoded")

    def sign_in(self) -> None:
        self.get("/accounts/sign-in/")
        landed = self.form("/accounts/sign-in/", username=USERNAME, password=PASSWORD)
        assert "/accounts/" not in landed, landed

    def upload(self, path: str, file: Path) -> str:
        # The upload form carries a one-time token, as a person's page would send it.
        once = re.search(r'name="form_once" value="([^"]+)"', self.get(path))
        assert once, "the upload form has its one-time token"
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{self.csrf()}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="form_once"'
                f"\r\n\r\n{once.group(1)}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{file.name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                file.read_bytes(),
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}")


def _wait_for(condition, what: str, deadline: float = 120, every: float = 0.02):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {deadline}s")


def _job_status(site, job_id: int) -> str:
    return site.query(f"SELECT status FROM registry_importjob WHERE id = {job_id}")[0][0]


def _rows_written(progress: Path) -> int:
    try:
        return int(json.loads(progress.read_text(encoding="utf-8"))["rows"])
    except (OSError, ValueError, KeyError):
        return 0


def test_an_import_killed_while_it_writes_leaves_no_row_and_the_site_serves(
    make_site, servers, tmp_path
):
    site = make_site()
    grids = _grid_codes(IMPORT_ROWS // PER_GRID)
    token = _install(site, tmp_path, grids)
    registry = tmp_path / "registry.csv"
    people = _write_registry(registry, grids)
    server = servers(site)
    browser = Browser(server)
    browser.sign_in()
    browser.get("/registry/import/")
    landed = browser.upload("/registry/import/", registry)
    job_id = int(landed.rstrip("/").rsplit("/", 1)[1])
    _wait_for(lambda: _job_status(site, job_id) == "validated", "the check passes")
    (progress,) = site.data.rglob(f"{job_id}.progress.json")
    # Rewritten in place (it may read empty for a moment) once more after the status.
    checked = _wait_for(lambda: _rows_written(progress), "the check's row count")
    assert checked >= IMPORT_ROWS
    before = {t: _count(site, t) for t in ("registry_resident", "registry_room")}

    browser.form(f"/registry/import/{job_id}/confirm/")
    # The import rewrites its progress every 5,000 rows as it writes them, inside its one
    # transaction: a count below the whole file is an import caught half-way.
    written = _wait_for(
        lambda: 0 < (n := _rows_written(progress)) < checked and n, "the import writes"
    )
    victims = server.crash()
    assert len(victims) >= 3  # two workers and the import's own process
    _wait_for(lambda: not any(_alive(pid) for pid in victims), "every process is gone", 30)

    _assert_database_sound(site)
    assert 0 < written < checked
    after = {t: _count(site, t) for t in before}
    assert after == before, f"rows of a half-written import are there: {before} -> {after}"
    assert _count(site, "registry_registryimport") == 0

    restarted = servers(site)
    status, body = _api_get(restarted, "/api/v1/registry/residents", token)
    assert status == 200 and body["items"] == []
    assert people > IMPORT_ROWS // 2
    # The job's page no longer says it is running: its process is gone, nothing was written.
    again = Browser(restarted)
    again.sign_in()
    page = again.get(f"/registry/import/{job_id}/")
    assert "未写入任何数据" in page and _job_status(site, job_id) == "crashed"


# --- a demand load, through the API --------------------------------------------------------


def _demand_load(server: Server, token: str, grid: str, stop: threading.Event):
    """Clients posting demands until the server goes: the ids of every 201 they received, any
    other answer, and the client threads."""
    acknowledged: list[int] = []
    refused: list[tuple[int, bytes]] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        i = 0
        while not stop.is_set():
            i += 1
            body = {
                "title": f"演练诉求{n}-{i}",
                "description": "楼道堆放杂物，影响通行",
                "category": "env-clutter",
                "channel": "grid_report",
                "grid_code": grid,
                "address": f"演练小区{i % 50}栋",
            }
            try:
                conn.request("POST", "/api/v1/demands", body=json.dumps(body), headers=headers)
                response = conn.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: what it acknowledged before is what counts
            with lock:
                if response.status == 201:
                    acknowledged.append(json.loads(answer)["id"])
                else:
                    refused.append((response.status, answer))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    return acknowledged, refused, threads


def test_demands_acknowledged_before_a_kill_are_all_there_and_the_audit_chain_holds(
    make_site, servers, tmp_path
):
    site = make_site()
    grids = _grid_codes(1)
    token = _install(site, tmp_path, grids)
    server = servers(site)
    stop = threading.Event()
    acknowledged, refused, threads = _demand_load(server, token, grids[0], stop)
    _wait_for(lambda: len(acknowledged) >= 60, "demands are acknowledged", every=0.005)
    server.crash()
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    acknowledged = list(acknowledged)
    assert refused == []

    _assert_database_sound(site)
    stored = {row[0] for row in site.query("SELECT id FROM demands_demand")}
    assert set(acknowledged) <= stored, f"acknowledged, then lost: {set(acknowledged) - stored}"
    done = site.grassroots("audit", "verify")
    assert done.returncode == 0, done.stderr

    restarted = servers(site)
    status, body = _api_get(restarted, f"/api/v1/demands/{acknowledged[-1]}", token)
    assert status == 200 and body["id"] == acknowledged[-1]
    # The request line limit the schema documents as 414: gunicorn's own page, before the app.
    conn = http.client.HTTPConnection("127.0.0.1", restarted.port, timeout=30)
    conn.request("GET", "/api/v1/people?q=" + "x" * 5000)
    response = conn.getresponse()
    assert response.status == 414
    assert response.getheader("Content-Type").startswith("text/html")
