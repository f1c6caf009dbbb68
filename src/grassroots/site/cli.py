"""Operator commands that belong to no single capability: serve, migrate, backup, restore."""

from __future__ import annotations

import argparse
import ipaddress
import os
import ssl
import sys
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication

from grassroots.cli import add_command, fail, port_number, positive_int, usage
from grassroots.datadir import ENV_VAR
from grassroots.kernel.uploads import sweep_transient_uploads
from grassroots.settings.security import https_settings

MAX_DEFAULT_WORKERS = 8
# Threads per worker process. Threads keep slow phones on a poor connection from holding a
# whole worker, and on SQLite the writes of one process's waiting threads share a commit
# (kernel/db/locks.py): measured on 2 cores, 2 workers x 8 threads took about a fifth more
# demand intakes a second than 5 x 4, with a shorter tail (docs/benchmarks.md).
THREADS_PER_WORKER = 8
# A thread back from the database waits at most this long for the interpreter lock (the
# default is 5 ms); shorter waits shorten a write transaction that other threads queue on.
SWITCH_INTERVAL_S = 0.0005

BACKUP_HELP = """\
SQLite 使用在线备份接口，PostgreSQL 使用 pg_dump（自定义格式），服务运行时也能得到一致的副本。
数据库备份不含数据目录 keys/ 中的密钥：没有这些密钥，恢复后加密的个人信息无法读取，
请另行妥善保管密钥。加 --with-keys 则写入一个 .tar.gz，同时包含数据库副本和密钥，
用于整体迁移到新机器；该文件须与密钥同等保密。上传文件（uploads/）不在备份中。

SQLite is copied with its online backup API, PostgreSQL with pg_dump (custom format), so the
copy is consistent while the server runs. A database backup does NOT contain the keys in the
data directory's keys/: without them, encrypted personal data cannot be read after a restore,
so keep the keys safe separately. --with-keys writes a .tar.gz holding the database copy and
the keys, for moving a whole installation to a new machine; guard that file like the keys.
Uploaded files (uploads/) are not included."""

RESTORE_HELP = """\
用备份文件替换当前数据库的全部数据（SQLite 通过在线备份接口写入正在使用的数据库；
PostgreSQL 使用 pg_restore --clean，在一个事务中完成），然后执行数据库迁移。
不是本系统备份的文件会被拒绝。恢复前需要确认；非交互环境请加 --yes。
由 --with-keys 生成的归档还会恢复密钥，被替换的密钥保存在 keys/replaced-时间/，恢复后请重启服务。

Replaces all data in the current database by the backup (SQLite through the online backup API
into the live database; PostgreSQL with pg_restore --clean in one transaction), then migrates.
A file that is not a backup of this system is refused. Asks for confirmation; pass --yes when
not at a terminal. An archive made with --with-keys also restores the keys (the replaced ones
are kept in keys/replaced-TIME/); restart the server afterwards."""


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = add_command(
        subparsers,
        "serve",
        zh="以生产方式提供服务（gunicorn 多进程，静态文件由 whitenoise 提供；先执行数据库迁移）",
        en="serve in production (gunicorn worker processes, static files by whitenoise; "
        "applies pending migrations first)",
    )
    add_server_arguments(serve)
    serve.add_argument(
        "--threads",
        type=positive_int,
        default=THREADS_PER_WORKER,
        metavar="N",
        help="每个进程的线程数 / threads per worker (default: %(default)s)",
    )
    serve.add_argument(
        "--certfile",
        metavar="FILE",
        help="TLS 证书文件（PEM），与 --keyfile 一起使用时直接提供 HTTPS 服务 / TLS certificate "
        "(PEM): with --keyfile, serve HTTPS directly",
    )
    serve.add_argument(
        "--keyfile",
        metavar="FILE",
        help="TLS 私钥文件（PEM） / TLS private key (PEM)",
    )
    serve.set_defaults(func=_serve, migrates=True)

    migrate = add_command(
        subparsers,
        "migrate",
        zh="执行数据库迁移（只显示摘要）",
        en="apply database migrations (prints a one-line summary)",
    )
    migrate.set_defaults(func=lambda args: migrate_database(), migrates=True)

    dump = add_command(
        subparsers,
        "backup",
        zh="备份数据库（服务运行时也可执行）",
        en="back up the database (safe while the server runs)",
        epilog=BACKUP_HELP,
    )
    dump.add_argument("file", metavar="FILE", help="备份文件 / backup file to write")
    dump.add_argument(
        "--with-keys",
        action="store_true",
        help="同时打包密钥，写成 .tar.gz / also pack the keys into a .tar.gz",
    )
    dump.set_defaults(func=_backup)

    load = add_command(
        subparsers,
        "restore",
        zh="从备份文件恢复数据库（覆盖当前数据）",
        en="restore the database from a backup (replaces current data)",
        epilog=RESTORE_HELP,
    )
    load.add_argument("file", metavar="FILE", help="备份文件 / backup file to read")
    load.add_argument(
        "--yes", action="store_true", help="不再询问确认 / do not ask for confirmation"
    )
    load.set_defaults(func=_restore, migrates=True)

    uploads = add_command(
        subparsers, "uploads", zh="上传文件的清理", en="uploaded files housekeeping"
    )
    uploads.set_defaults(func=lambda args: usage(uploads))
    uploads_actions = uploads.add_subparsers(
        dest="uploads_command", metavar="ACTION", title="操作 / actions"
    )
    sweep = add_command(
        uploads_actions,
        "sweep",
        zh="删除超过24小时的导入上传文件（含个人信息；服务启动时也会执行，可加入 cron），"
        "以及超过24小时的接口幂等键和表单一次性令牌",
        en="delete import uploads older than 24 hours (they hold personal data; serve does "
        "this at start too; run it from cron), and the API's idempotency keys and the forms' "
        "one-time tokens older than 24 hours",
    )
    sweep.set_defaults(func=_sweep_uploads)


# --- serve ------------------------------------------------------------------------------------


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """--host, --port and --workers of a command that serves (serve, demo)."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="监听地址 / address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="端口 / port (default: %(default)s)"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="工作进程数 / worker processes (default: one per CPU, at least 2, "
        f"at most {MAX_DEFAULT_WORKERS})",
    )


def default_workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return min(max(2, cpus), MAX_DEFAULT_WORKERS)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or the name) only this machine reaches."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_exposed(host: str) -> None:
    """Say on stderr when other machines can reach a server that answers to any host name."""
    if is_loopback(host) or "*" not in settings.ALLOWED_HOSTS:
        return
    print(
        f"警告：服务监听 {host}，其他机器可以访问，而 GRASSROOTS_ALLOWED_HOSTS 未设置（允许任意"
        "主机名）；请将其设为本服务的域名或地址，例如 GRASSROOTS_ALLOWED_HOSTS=gov.example.cn / "
        f"warning: listening on {host}, reachable from other machines, while "
        "GRASSROOTS_ALLOWED_HOSTS is not set (any host name is accepted); set it to the "
        "server's names, e.g. GRASSROOTS_ALLOWED_HOSTS=gov.example.cn",
        file=sys.stderr,
    )


def warn_if_proxy_unknown() -> None:
    """Say on stderr when HTTPS is said to come from a proxy the server does not know."""
    if not getattr(settings, "HTTPS", False) or settings.TRUSTED_PROXIES:
        return
    print(
        "警告：GRASSROOTS_HTTPS=1 而 GRASSROOTS_TRUSTED_PROXIES 未设置：代理发来的 "
        "X-Forwarded-Proto 不被采信，每个请求都会被重定向到 HTTPS；请填写代理的地址 / "
        "warning: GRASSROOTS_HTTPS=1 while GRASSROOTS_TRUSTED_PROXIES is not set: the proxy's "
        "X-Forwarded-Proto is not believed and every request is redirected to HTTPS; set it to "
        "the proxy's address",
        file=sys.stderr,
    )


def tls_problem(certfile: str | None, keyfile: str | None) -> str | None:
    """Why the certificate and key cannot serve TLS, in one line; None when they can."""
    if not certfile and not keyfile:
        return None
    if not certfile or not keyfile:
        return (
            "--certfile 与 --keyfile 须同时给出 / --certfile and --keyfile go together: "
            "give both to serve HTTPS"
        )
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        try:
            Path(path).open("rb").close()
        except OSError as exc:
            return f"无法读取 {option} 文件 {path} / cannot read the {option} file: {exc.strerror}"
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, ValueError) as exc:
        return (
            f"证书 {certfile} 与私钥 {keyfile} 无法使用（须为 PEM 格式且相互匹配） / the "
            f"certificate and key cannot be used (PEM, and belonging together): {exc}"
        )
    return None


def use_https() -> None:
    """Serving TLS: Secure cookies and HSTS, as GRASSROOTS_HTTPS=1 would set them."""
    for name, value in https_settings().items():
        setattr(settings, name, value)
    os.environ["GRASSROOTS_HTTPS"] = "1"  # for whatever gunicorn re-executes


def serve_app(
    *,
    host: str,
    port: int,
    workers: int | None,
    threads: int = THREADS_PER_WORKER,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> int:
    """Migrate, collect static files, then run gunicorn until stopped (Ctrl-C); exit status.

    With a certificate and its key, gunicorn speaks TLS itself (exit status 2 when they cannot
    be read)."""
    problem = tls_problem(certfile, keyfile)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if certfile:
        use_https()
    else:
        warn_if_proxy_unknown()
    warn_if_exposed(host)
    errors = [e for e in checks.run_checks() if e.is_serious()]
    if errors:
        for error in errors:
            print(f"配置错误 / configuration error: {error}", file=sys.stderr)
        return 1
    if migrate_database():
        return 1
    sweep_transient_uploads()
    call_command("collectstatic", interactive=False, verbosity=0)
    # Workers are forked from this process: they must not share its database connections.
    connections.close_all()
    # Absolute, so whatever gunicorn starts from here (workers, a USR2 re-exec) uses this dir.
    os.environ[ENV_VAR] = str(settings.DATA_DIR)
    workers = workers or default_workers()
    shown = f"[{host}]" if ":" in host else host
    scheme = "https" if certfile else "http"
    print(
        f"正在提供服务 / serving on {scheme}://{shown}:{port} "
        f"（{workers} 个工作进程 × {threads} 线程 / workers × threads; Ctrl-C 停止 / to stop）",
        flush=True,
    )
    try:
        tls = {"certfile": certfile, "keyfile": keyfile} if certfile else {}
        _Gunicorn(host=host, port=port, workers=workers, threads=threads, **tls).run()
    except SystemExit as exc:  # gunicorn's arbiter leaves through sys.exit
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


class _Gunicorn(BaseApplication):
    """gunicorn in this process: the arbiter forks workers that each load the WSGI app."""

    def __init__(self, *, host: str, port: int, workers: int, threads: int, **tls: str) -> None:
        self.options: dict[str, Any] = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 120,  # large exports may take a while
            "graceful_timeout": 10,
            "proc_name": "grassroots",
            # gunicorn believes X-Forwarded-Proto from these peers only, as Django does.
            "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES),
            **tls,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # Newer gunicorn opens a control socket at one fixed path in $HOME, which a second
        # instance on the same machine would fight over; nothing here uses it.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        # Loaded in each worker after the fork; importing it builds the WSGI handler.
        from grassroots.wsgi import application

        sys.setswitchinterval(SWITCH_INTERVAL_S)
        return application


def _serve(args: argparse.Namespace) -> int:
    return serve_app(
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        certfile=args.certfile,
        keyfile=args.keyfile,
    )


# --- migrate ----------------------------------------------------------------------------------


def migrate_database() -> int:
    """Apply pending migrations and say in one line what was done; refuse (exit status 1)
    when the keys in the data directory are not those the database was written with."""
    from grassroots.kernel.keys import key_problem
    from grassroots.site.services.keycheck import record_keys

    problem = key_problem()
    if problem:
        return fail(problem)
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    if pending:
        print(f"已应用 {len(pending)} 个数据库迁移 / applied {len(pending)} migrations")
    else:
        print("数据库已是最新 / database is up to date")
    problem = record_keys()
    return fail(problem) if problem else 0


# --- uploads ----------------------------------------------------------------------------------


def _sweep_uploads(args: argparse.Namespace) -> int:
    from grassroots.accounts.services.throttle import purge_stale  # models load after setup
    from grassroots.kernel.once import purge_expired

    removed = sweep_transient_uploads()
    print(f"已删除 {len(removed)} 个过期上传文件 / removed {len(removed)} expired uploads")
    purged = purge_expired()
    print(f"已删除 {purged} 个过期的幂等键和表单令牌 / removed {purged} expired keys and tokens")
    stale = purge_stale()
    print(f"已删除 {stale} 条过期的登录失败计数 / removed {stale} stale sign-in failure counts")
    return 0


# --- backup and restore -----------------------------------------------------------------------


def _backup(args: argparse.Namespace) -> int:
    from grassroots.site import backup  # models load only once Django is set up

    try:
        result = backup.create_backup(Path(args.file), with_keys=args.with_keys)
    except backup.BackupError as exc:
        print(f"备份失败 / backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"已备份 / backed up: {result.path}（{result.size:,} 字节 / bytes）")
    if result.with_keys:
        print(
            "注意：该文件含有密钥，须与密钥同等保密 / this file holds the keys: guard it like them",
            file=sys.stderr,
        )
    else:
        print(
            f"注意：备份不含密钥目录 {backup.keys_dir()}；请另行备份密钥，否则恢复后加密的个人"
            "信息无法读取 / the keys are NOT in this backup: keep them safe separately, or "
            "encrypted personal data cannot be read after a restore (or use --with-keys)",
            file=sys.stderr,
        )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from grassroots.site import backup  # models load only once Django is set up

    source = Path(args.file)
    try:
        backup.check_backup_file(source)
    except backup.BackupError as exc:
        print(f"拒绝恢复 / restore refused: {exc}", file=sys.stderr)
        return 1
    if not args.yes and not confirmed(source, sys.stdin, sys.stdout):
        return 1
    try:
        result = backup.restore_backup(source)
    except backup.BackupError as exc:
        print(f"恢复失败 / restore failed: {exc}", file=sys.stderr)
        return 1
    if result.keys_replaced:
        from grassroots.site.services.keycheck import reload_from_disk

        reload_from_disk()  # the archive's keys, for the check below and the audit record
    if migrate_database():
        return fail(
            "恢复的数据库与数据目录中的密钥不匹配，服务将拒绝启动 / the restored database does "
            "not match the keys in the data directory: the server will refuse to start"
        )
    backup.record_restore(result)
    print(f"已从 {result.path} 恢复 / restored from {result.path}")
    if result.keys_replaced:
        print(
            f"密钥已恢复，原密钥保存在 {result.old_keys_dir}；请重启正在运行的服务 / keys "
            f"restored (the old ones are in {result.old_keys_dir}); restart the server",
            file=sys.stderr,
        )
    return 0


def confirmed(source: Path, stdin: IO[str], stdout: IO[str]) -> bool:
    """Ask before replacing all data; without a terminal to ask at, demand --yes instead."""
    if not stdin.isatty():
        print(
            "恢复会覆盖当前全部数据；非交互环境请加 --yes 确认 / restore replaces all current "
            "data: pass --yes when not at a terminal",
            file=sys.stderr,
        )
        return False
    stdout.write(
        f"用 {source} 覆盖当前数据库的全部数据？输入 yes 继续 / replace ALL current "
        "data with this backup? type yes to go on: "
    )
    stdout.flush()
    answer = stdin.readline().strip().lower()
    if answer in {"yes", "y", "是"}:
        return True
    print("已取消 / cancelled", file=sys.stderr)
    return False
