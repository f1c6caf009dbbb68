"""``grassroots demo``: migrate, seed the demo district, print the logins, then serve.

The parser is built before Django is set up, so the seeding engine and everything that needs
the models are imported inside the handler.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from grassroots.cli import add_command, positive_int
from grassroots.demo.constants import (
    DEFAULT_DISTRICT_CODE,
    DEFAULT_RESIDENTS,
    DEFAULT_SEED,
    MAX_RESIDENTS,
)
from grassroots.site.cli import add_server_arguments

if TYPE_CHECKING:
    from grassroots.demo.hooks import Advance, ProgressReporter

EPILOG = f"""\
同一 --seed 总是生成相同的数据。数据库中已有演示区县（编码 {DEFAULT_DISTRICT_CODE}）时不会重复生成，
直接启动服务；要重新生成，请换一个新的数据目录（--data DIR）。
演示账号仅供演示，首次登录无须改密，免两步验证；不要在生产环境中使用。

The same --seed always gives the same data. If the database already holds the demo district
(code {DEFAULT_DISTRICT_CODE}) nothing is generated again and the server starts as is; to
regenerate, use a fresh data directory (--data DIR). Demo logins are for demonstration only,
need no password change at first sign-in and are exempt from two-factor sign-in; never use
them in production."""

TWO_FACTOR_NOTE = (
    "以上演示账号免两步验证（仅限演示）；其他单位账号（如 jd…、sq…）与生产环境相同，"
    "首次登录须修改密码并设置两步验证。\n"
    "The demo logins above are exempt from two-factor sign-in (demo only); the units' other "
    "accounts (jd…, sq…) must change the password and set up two-factor sign-in at first "
    "sign-in, as in production."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = add_command(
        subparsers,
        "demo",
        zh="生成演示区县（街道、社区、网格、党组织、人员、各角色账号）并启动服务",
        en="seed a demo district (streets, communities, grids, party organisations, people, "
        "an account per role), then serve it",
        epilog=EPILOG,
    )
    demo.add_argument(
        "--residents",
        type=_residents,
        default=DEFAULT_RESIDENTS,
        metavar="N",
        help="常住人口规模，决定街道、社区、网格和党员的数量 / residents, which "
        "set the number of streets, communities, grids and party members "
        "(default: %(default)s)",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help="随机种子 / random seed (default: %(default)s)",
    )
    demo.add_argument(
        "--no-serve", action="store_true", help="只生成数据，不启动服务 / only seed, do not serve"
    )
    add_server_arguments(demo)
    demo.set_defaults(func=demo_command, migrates=True)


def demo_command(args: argparse.Namespace) -> int:
    # The serving half lives with `serve`; the demo only borrows it.
    from grassroots.demo.selectors import demo_login_homes, district_counts
    from grassroots.demo.services import seed_demo_district
    from grassroots.site.cli import migrate_database, serve_app

    # Piped output (a log, CI) would otherwise wrap the logins table at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 120)
    migrate_database()
    with rich_progress(console) as progress:
        result = seed_demo_district(residents=args.residents, seed=args.seed, progress=progress)
    district = result.district
    if result.seeded:
        console.print(
            f"已生成演示区县 / demo district seeded: {district.name}（{district.code}），"
            f"用时 / took {sum(result.timings.values()):.1f} s"
        )
        console.print(counts_line(district_counts(district)))
    else:
        console.print(
            f"数据库中已有演示区县 {district.name}（{district.code}），未重复生成 / "
            "the demo district already exists and was kept as it is"
        )
    if result.skipped_usernames:
        console.print(
            "以下账号名已被占用，未创建 / these usernames were taken, not created: "
            + ", ".join(result.skipped_usernames),
            style="yellow",
        )
    console.print(f"\n地址 / address: [bold]{address(args.host, args.port)}[/bold]")
    console.print(logins_table(demo_login_homes()))
    console.print(TWO_FACTOR_NOTE)
    if args.no_serve:
        return 0
    return serve_app(host=args.host, port=args.port, workers=args.workers)


def address(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def counts_line(counts: dict[str, int]) -> str:
    return (
        f"街道乡镇 streets {counts['street']}，社区村 communities {counts['community']}，"
        f"网格 grids {counts['grid']}，党组织 party organisations "
        f"{counts['party_organizations']}，人员 people {counts['people']}"
        f"（党员 party members {counts['party_members']}），账号 accounts {counts['accounts']}"
    )


def logins_table(homes: list) -> Table:  # list[tuple[DemoLogin, OrgNode | None]]
    """The demo logins, as ``demo_login_homes`` returns them, with their roles and units."""
    from grassroots.demo.logins import DEMO_PASSWORD

    table = Table(
        title=f"演示账号 / demo logins — 密码 / password: {DEMO_PASSWORD}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("账号 Username", no_wrap=True)
    table.add_column("角色 Role", overflow="fold")
    table.add_column("所属单位 Unit", overflow="fold")
    for login, node in homes:
        unit = f"{node.name} {node.code}" if node else "—"
        table.add_row(login.username, f"{login.zh} / {login.en}", unit)
    return table


@contextmanager
def rich_progress(console: Console) -> Iterator[ProgressReporter]:
    """A progress reporter for the seeders: one bar per step, on the given console."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )

    @contextmanager
    def step(description: str, *, total: int) -> Iterator[Advance]:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
        bar.update(task, completed=total)

    with bar:
        yield step


def _residents(value: str) -> int:
    number = positive_int(value)
    if number > MAX_RESIDENTS:
        raise argparse.ArgumentTypeError(f"最多 / at most {MAX_RESIDENTS}")
    return number
