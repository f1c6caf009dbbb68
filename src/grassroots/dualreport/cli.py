"""``grassroots dualreport feedback``: a quarter's service record fed back to the work units.

The parser is built before Django is set up, so the models and services are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, usage
from grassroots.cli.progress import advancing_bar
from grassroots.dualreport.quarters import Quarter


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "季度应写作YYYYQn，如2026Q3 / quarters are YYYYQn, e.g. 2026Q3"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "dualreport",
        zh="双报到：在职党员到社区服务情况的季度反馈",
        en="双报到: the quarterly feedback of members' service to their work units",
    )
    commands = group.add_subparsers(
        dest="dualreport_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    feedback = add_command(
        commands,
        "feedback",
        zh="生成季度反馈：汇总表（xlsx：服务明细、党员汇总、未参加服务党员）和每名报到党员"
        "一页的反馈表（.docx，按工作单位分文件夹），逐个列出写入的文件",
        en="write a quarter's feedback: the workbook (services, members, members with no "
        "hours) and a one-page .docx per reported member in a folder per work unit; lists "
        "the files written",
    )
    feedback.add_argument(
        "--quarter", required=True, type=_quarter, metavar="YYYYQn", help="季度 / quarter"
    )
    feedback.add_argument(
        "--unit", metavar="CODE", help="街道或社区的组织编码 / a street's or community's code"
    )
    feedback.add_argument("--out", required=True, metavar="DIR", help="输出目录 / output folder")
    feedback.set_defaults(func=feedback_command)
    group.set_defaults(func=lambda args: usage(group))


def _operator() -> object:
    """The command line acts as an operator: the whole tree, every permission."""
    from grassroots.accounts.models import Account

    return Account(username="operator", is_superuser=True, is_active=True)


def feedback_command(args: argparse.Namespace) -> int:
    from grassroots.dualreport.feedback import write_files
    from grassroots.dualreport.selectors import feedback, unit_by_code

    user = _operator()
    node = None
    if args.unit:
        node = unit_by_code(user, args.unit)
        if node is None:
            return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    result = feedback(user, args.quarter, node)
    try:
        with advancing_bar(_("生成反馈表"), len(result.members)) as advance:
            written = write_files(result, Path(args.out), progress=advance)
    except OSError as error:
        return fail(
            _("无法写入%(dir)s：%(error)s") % {"dir": args.out, "error": error.strerror or error}
        )
    for path in written:
        print(path)
    print(
        _(
            "%(quarter)s：报到党员%(n)d名，经确认服务%(hours)s小时，未参加服务%(idle)d名；写入文件%(files)d个"
        )
        % {
            "quarter": args.quarter.label,
            "n": len(result.members),
            "hours": f"{result.hours:.1f}",
            "idle": len(result.idle),
            "files": len(written),
        }
    )
    return 0
