"""``grassroots serve --certfile F --keyfile F`` speaks HTTPS itself, with Secure cookies and
HSTS; files it cannot use are refused in one line; a server reachable from other machines that
answers to any host name is warned about."""

import datetime
import ipaddress
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from grassroots.site import cli as core_cli
from grassroots.site.tests.conftest import RUNNER

UNVERIFIED = ssl._create_unverified_context()  # noqa: S323  (the test's own self-signed cert)


def _self_signed(folder):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certfile, keyfile


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5, context=UNVERIFIED) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers


def _wait_until_up(url, server, deadline=90):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            return _get(url)
        except (urllib.error.URLError, ConnectionError, ssl.SSLError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {deadline}s")


def test_serve_with_a_certificate_answers_https_with_hsts_and_secure_cookies(make_site, tmp_path):
    site = make_site(migrated=False)
    certfile, keyfile = _self_signed(tmp_path)
    port = _free_port()
    err = (tmp_path / "err.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-c", RUNNER, "--data", str(site.data), "serve"]
        + ["--port", str(port), "--workers", "1"]
        + ["--certfile", str(certfile), "--keyfile", str(keyfile)],
        env=site.env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=err,
        stdin=subprocess.DEVNULL,
    )
    base = f"https://127.0.0.1:{port}"
    try:
        status, headers = _wait_until_up(f"{base}/healthz", server)
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        status, headers = _get(f"{base}/accounts/sign-in/")
        assert status == 200
        cookies = headers.get_all("Set-Cookie")
        assert any(c.startswith("csrftoken=") and "Secure" in c for c in cookies), cookies
        assert "script-src 'self';" in headers["Content-Security-Policy"]
        status, headers = _get(f"{base}/static/grassroots/app.css")
        assert status == 200 and "no-store" not in headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        err.close()
    assert "Traceback" not in (tmp_path / "err.log").read_text()


@pytest.mark.parametrize("missing", ["--certfile", "--keyfile"])
def test_serve_refuses_a_certificate_or_key_it_cannot_read(make_site, tmp_path, missing):
    site = make_site()
    certfile, keyfile = _self_signed(tmp_path)
    files = {"--certfile": str(certfile), "--keyfile": str(keyfile)}
    files[missing] = str(tmp_path / "absent.pem")
    done = site.grassroots("serve", "--port", str(_free_port()), *sum(files.items(), ()))
    assert done.returncode == 2
    assert f"无法读取 {missing} 文件" in done.stderr and "cannot read" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_key_that_does_not_belong_to_the_certificate(tmp_path):
    certfile, _key = _self_signed(tmp_path)
    (tmp_path / "other").mkdir()
    _cert, other_key = _self_signed(tmp_path / "other")
    problem = core_cli.tls_problem(str(certfile), str(other_key))
    assert "无法使用" in problem and "cannot be used" in problem
    assert core_cli.tls_problem(str(certfile), None).startswith("--certfile 与 --keyfile 须同时")
    assert core_cli.tls_problem(None, None) is None


@pytest.mark.parametrize(
    ("host", "allowed", "warned"),
    [
        ("0.0.0.0", ["*"], True),
        ("192.0.2.10", ["*"], True),
        ("::", ["*"], True),
        ("127.0.0.1", ["*"], False),
        ("::1", ["*"], False),
        ("localhost", ["*"], False),
        ("0.0.0.0", ["gov.example.cn"], False),
    ],
)
def test_serve_warns_when_other_machines_reach_a_server_for_any_host_name(
    settings, capsys, host, allowed, warned
):
    settings.ALLOWED_HOSTS = allowed
    core_cli.warn_if_exposed(host)
    err = capsys.readouterr().err
    assert ("警告" in err and "GRASSROOTS_ALLOWED_HOSTS" in err and "warning" in err) is warned


def test_a_wrong_trusted_proxy_stops_every_command_with_one_line(make_site):
    site = make_site()
    site.env["GRASSROOTS_TRUSTED_PROXIES"] = "10.0.0.5,nginx"
    done = site.grassroots("serve", "--port", str(_free_port()))
    assert done.returncode == 1
    assert "配置错误 / configuration error" in done.stderr and "'nginx'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("https", "proxies", "warned"),
    [(True, [], True), (True, ["127.0.0.1/32"], False), (False, [], False)],
)
def test_serve_warns_when_https_is_to_come_from_a_proxy_it_does_not_know(
    settings, capsys, https, proxies, warned
):
    settings.HTTPS, settings.TRUSTED_PROXIES = https, proxies
    core_cli.warn_if_proxy_unknown()
    err = capsys.readouterr().err
    assert ("GRASSROOTS_TRUSTED_PROXIES 未设置" in err and "warning" in err) is warned
