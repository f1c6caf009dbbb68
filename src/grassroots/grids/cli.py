"""``grassroots grids check|boards``: the grid roster's gaps and the notice boards by command.

``check`` exits 1 when some grid lacks a chief, a worker or a party branch, so a scheduled job
or a script notices; 0 when every grid is complete. The parser is built before Django is set
up, so the models and services are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, usage

DEFAULT_SITE = "http://localhost:8000"


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "grids",
        zh="网格力量（一格多员）：缺配检查、楼栋亮身份公示牌",
        en="the grid roster: the gap check, the building notice boards",
    )
    commands = group.add_subparsers(
        dest="grids_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    checker = add_command(
        commands,
        "check",
        zh="列出没有网格长、没有网格员或没有党支部的网格；有缺配时退出码为 1，全部配齐为 0",
        en="list the grids without a chief, a worker or a party branch; the exit status is 1 "
        "when there are such grids, 0 when every grid is complete",
    )
    checker.add_argument("--unit", metavar="CODE", help="范围的组织编码 / unit code")
    checker.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    checker.set_defaults(func=check_command)
    boards = add_command(
        commands,
        "boards",
        zh="生成范围内每个楼栋的亮身份公示牌（每个网格一个 .docx，每楼一页，含二维码）",
        en="write the notice board of every building of the unit (one .docx per grid, one "
        "page per building, with its QR code)",
    )
    boards.add_argument("--unit", required=True, metavar="CODE", help="范围的组织编码 / unit")
    boards.add_argument("--out", required=True, metavar="DIR", help="输出目录 / output folder")
    boards.add_argument(
        "--base-url",
        metavar="URL",
        default=os.environ.get("GRASSROOTS_SITE_URL", DEFAULT_SITE),
        help="二维码指向的网站地址（默认 $GRASSROOTS_SITE_URL 或 "
        f"{DEFAULT_SITE}）/ the site address the QR codes open",
    )
    boards.set_defaults(func=boards_command)
    group.set_defaults(func=lambda args: usage(group))


def check_command(args: argparse.Namespace) -> int:
    from grassroots.grids import selectors

    node = None
    if args.unit:
        node = selectors.unit_by_code(args.unit)
        if node is None:
            return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    # The command line reads as the operator: every grid (no account, no scope to narrow).
    lines = selectors.gaps(None, node)
    if args.json:
        print(json.dumps([line.as_json() for line in lines], ensure_ascii=False, indent=2))
    else:
        for line in lines:
            labels = "、".join(_(label) for label in line.gap_labels)
            print(f"{line.grid.code} {line.grid.name}: {labels}")
        total = len(selectors.grids_in(None, node))
        print(_("网格%(total)d个，缺配%(n)d个") % {"total": total, "n": len(lines)})
    sys.stdout.flush()
    return 1 if lines else 0


def boards_command(args: argparse.Namespace) -> int:
    from urllib.parse import quote

    from django.urls import reverse

    from grassroots.grids import selectors
    from grassroots.grids.boards import notice_bytes
    from grassroots.grids.services import record_boards_download

    node = selectors.unit_by_code(args.unit)
    if node is None:
        return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    site = args.base_url.rstrip("/")
    path = reverse("grids:public_board")

    def url_for(board: selectors.Board) -> str:
        return f"{site}{path}?k={quote(board.token)}"

    written = buildings = 0
    for grid in selectors.grids_in(None, node):
        found = selectors.boards(None, grid)
        if not found:
            continue
        target = out / f"{grid.code}-{grid.name}.docx"
        target.write_bytes(notice_bytes(found, url_for))
        written += 1
        buildings += len(found)
    # The notices print unmasked work phones: the export is in the audit log.
    record_boards_download(actor=None, request=None, node=node, buildings=buildings)
    print(
        _("已生成公示牌：%(files)d个文件，%(n)d个楼栋，保存在%(dir)s")
        % {"files": written, "n": buildings, "dir": out}
    )
    return 0
