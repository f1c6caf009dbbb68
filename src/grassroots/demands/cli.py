"""``grassroots demands import FILE``, ``grassroots demands sweep``, ``grassroots demands recount``.

The parser is built before Django is set up, so the engines are imported inside the handlers.
"""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from grassroots.cli import add_command, import_failed, usage
from grassroots.cli.progress import counting_bar


def register(subparsers: argparse._SubParsersAction) -> None:
    demands = add_command(
        subparsers,
        "demands",
        zh="民情诉求：导入12345工单、超时巡查、重算统计",
        en="residents' demands: import the hotline's 12345 orders, run the overdue sweep, recount",
    )
    commands = demands.add_subparsers(
        dest="demands_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    columns = "工单编号,受理时间,标题,诉求内容,诉求类别,网格编码,地址,来电人,联系电话[,紧急程度]"
    importer = add_command(
        commands,
        "import",
        zh=f"导入12345热线工单（.xlsx 或 .csv，表头 {columns}）。"
        "按工单编号去重，重复导入不会重复登记；"
        "有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1",
        en=f"import 12345 hotline work orders (.xlsx or .csv, headers {columns}). Orders are "
        "keyed by number, so a re-import records nothing twice; on any error nothing is "
        "written, every error is listed as 第N行 列名: 原因 and the exit status is 1",
    )
    importer.add_argument("file", metavar="FILE", help="要导入的文件 / file to import")
    importer.set_defaults(func=import_command)
    sweep = add_command(
        commands,
        "sweep",
        zh="超时巡查（由 cron 定时执行，如每 10 分钟）：按类别规则自动上报或催办超时诉求",
        en="overdue sweep (run from cron, e.g. every 10 minutes): escalate or remind overdue "
        "demands per their category's rule",
    )
    sweep.set_defaults(func=sweep_command)
    recount = add_command(
        commands,
        "recount",
        zh="根据诉求记录重算三率统计计数",
        en="rebuild the counters of the three rates from the demands",
    )
    recount.set_defaults(func=recount_command)
    demands.set_defaults(func=lambda args: usage(demands))


def import_command(args: argparse.Namespace) -> int:
    from grassroots.demands.services.importing import import_hotline_orders
    from grassroots.kernel.importing import ImportFailed

    try:
        with counting_bar(_("写入诉求")) as progress:
            result = import_hotline_orders(args.file, progress=progress)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(summary)s") % {"summary": result.summary()})
    return 0


def sweep_command(args: argparse.Namespace) -> int:
    from grassroots.demands.services.sweep import run_sweep

    print(run_sweep().summary())
    return 0


def recount_command(args: argparse.Namespace) -> int:
    from grassroots.demands.services.tally import recount

    print(_("已重算 %(n)d 组计数") % {"n": recount()})
    return 0
