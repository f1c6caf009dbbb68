"""``grassroots org import FILE`` and ``grassroots org export FILE``.

The parser is built before Django is set up, so the import and export engines (which need the
models) are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, import_failed, usage
from grassroots.cli.progress import counting_bar

COLUMNS = "编码,名称,层级,上级编码"


def register(subparsers: argparse._SubParsersAction) -> None:
    org = add_command(
        subparsers, "org", zh="组织架构的导入与导出", en="import or export the org tree"
    )
    commands = org.add_subparsers(
        dest="org_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    columns = COLUMNS
    importer = add_command(
        commands,
        "import",
        zh=f"从 .xlsx 或 .csv 文件导入组织架构（表头 {columns}；CSV 可为 UTF-8 或 GBK 编码）。"
        "有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1；"
        "重复导入同一文件不会改变任何数据",
        en=f"import the org tree from .xlsx or .csv (headers {columns}; CSV in UTF-8 or GBK). "
        "On any error nothing is written, every error is listed as 第N行 列名: 原因 and the exit "
        "status is 1; importing the same file again changes nothing",
    )
    importer.add_argument("file", metavar="FILE", help="要导入的文件 / file to import")
    importer.set_defaults(func=import_command)
    exporter = add_command(
        commands,
        "export",
        zh=f"把整个组织架构导出为 .xlsx 或 .csv 文件（表头 {columns}），可再用 org import 导入",
        en=f"export the whole org tree to .xlsx or .csv (headers {columns}), "
        "readable again by org import",
    )
    exporter.add_argument("file", metavar="FILE", help="导出到的文件 / file to write")
    exporter.set_defaults(func=export_command)
    org.set_defaults(func=lambda args: usage(org))


def import_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.org.services.importing import import_org_tree

    try:
        with counting_bar(_("写入组织节点")) as progress:
            result = import_org_tree(args.file, progress=progress)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(summary)s") % {"summary": result.summary()})
    return 0


def export_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.tabular import UnsupportedFormat
    from grassroots.org.exporting import export_org_tree

    try:
        count = export_org_tree(args.file)
    except UnsupportedFormat as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(
            _("无法写入%(file)s：%(error)s")
            % {"file": args.file, "error": error.strerror or error},
            file=sys.stderr,
        )
        return 1
    print(_("已导出%(count)d个组织节点到 %(file)s") % {"count": count, "file": args.file})
    return 0
