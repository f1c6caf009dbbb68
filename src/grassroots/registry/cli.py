"""``grassroots registry import | template | export``: the registry in and out of Excel.

The parser is built before Django is set up, so the engines are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from grassroots.cli import add_command, import_failed, usage
from grassroots.cli.progress import advancing_bar

IMPORT_HELP = """\
每行一位居民（空置房屋一行只填房屋各列），表头顺序不限：
网格编码,小区,楼栋,单元,房号,房屋用途,姓名,公民身份号码,性别,民族,出生日期,联系电话,
与户主关系,人口类型,政治面貌,文化程度,特殊人群,备注（可加 证件类型）。
同一网格、小区、楼栋、单元、房号的各行为一户。已登记的证件号码更新原记录，不会重复登记。
有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1。

One row per resident (an empty room: only the room columns), headers in any order. Rows of
the same grid, estate, building, unit and room form one household. A document already in the
registry updates that resident. On any error nothing is written, every error is listed as
第N行 列名: 原因 and the exit status is 1."""


def register(subparsers: argparse._SubParsersAction) -> None:
    registry = add_command(
        subparsers,
        "registry",
        zh="人口房屋登记的导入、模板与导出",
        en="import, template and export of the population and housing registry",
    )
    commands = registry.add_subparsers(
        dest="registry_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    importer = add_command(
        commands,
        "import",
        zh="从 .xlsx 或 .csv（UTF-8、GBK、GB18030）导入",
        en="import the registry from an xlsx or CSV file (UTF-8, GBK, GB18030)",
        epilog=IMPORT_HELP,
    )
    importer.add_argument("file", metavar="FILE", help="要导入的文件 / file to import")
    importer.add_argument(
        "--dry-run", action="store_true", help="只校验，不写入 / validate only, write nothing"
    )
    importer.add_argument(
        "--errors",
        metavar="FILE.xlsx",
        help="把全部错误写入此工作簿 / write every error to this workbook",
    )
    importer.add_argument(
        "--user", metavar="USERNAME", help="按此账号的辖区导入 / import within this account's scope"
    )
    importer.set_defaults(func=import_command)
    template = add_command(
        commands,
        "template",
        zh="生成空白导入模板（第二行为各列说明）",
        en="write the blank import template (row 2 explains each column)",
    )
    template.add_argument("file", metavar="FILE.xlsx", help="模板文件 / template to write")
    template.set_defaults(func=template_command)
    exporter = add_command(
        commands,
        "export",
        zh="导出人口房屋（默认脱敏）",
        en="export the registry (masked unless --unmasked)",
    )
    exporter.add_argument("file", metavar="FILE.xlsx", help="导出文件 / file to write")
    exporter.add_argument("--unit", metavar="CODE", help="只导出此单位及其下级 / only this unit")
    exporter.add_argument(
        "--user",
        metavar="USERNAME",
        help="按此账号的辖区和权限导出 / as this account (scope, permissions)",
    )
    exporter.add_argument(
        "--unmasked",
        action="store_true",
        help="导出完整证件号码和电话（需权限，记入审计日志） / full ID numbers "
        "and phones (needs the permission; audit-logged)",
    )
    exporter.set_defaults(func=export_command)
    runner = add_command(
        commands,
        "run-job",
        zh="执行一个网页上传的导入任务（由网页自动启动）",
        en="run one import job uploaded on the web page (the page starts it)",
    )
    runner.add_argument("job", type=int, metavar="JOB", help="任务编号 / job id")
    runner.set_defaults(func=run_job_command)
    registry.set_defaults(func=lambda args: usage(registry))


def _account(username: str | None) -> object:
    from grassroots.accounts.models import Account

    if not username:
        return None
    account = Account.objects.filter(username=username, is_active=True).first()
    if account is None:
        raise SystemExit(_("账号%(name)s不存在或已停用") % {"name": username})
    return account


def import_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.registry.importer import import_registry

    user = _account(args.user)
    try:
        with advancing_bar(_("导入人口房屋"), _count_lines(Path(args.file))) as advance:
            result = import_registry(
                args.file, actor=user, scope_user=user, dry_run=args.dry_run, progress=advance
            )
    except ImportFailed as failure:
        if args.errors:
            _write_errors(args.errors, failure)
        return import_failed(failure)
    print(result.summary())
    return 0


def _write_errors(path: str, failure: object) -> None:
    from grassroots.kernel.tabular import write_table

    rows = [[str(e.row), e.column, e.reason] for e in failure.errors]  # type: ignore[attr-defined]
    if not rows:
        rows = [["", "", line] for line in failure.lines()]  # type: ignore[attr-defined]
    write_table(path, ["行号", "列名", "原因"], rows)
    print(_("错误清单已写入 %(file)s") % {"file": path}, file=sys.stderr)


def _count_lines(path: Path) -> int | None:
    """Data rows of a CSV, for the bar's total; counting newlines is a fast pass over bytes."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return None
    with path.open("rb") as handle:
        return max(
            0, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
        )


def template_command(args: argparse.Namespace) -> int:
    from grassroots.registry.exporting import write_template

    if Path(args.file).suffix.lower() != ".xlsx":
        print(_("模板文件名请以 .xlsx 结尾"), file=sys.stderr)
        return 1
    write_template(args.file)
    print(_("已生成导入模板 %(file)s") % {"file": args.file})
    return 0


def export_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.tabular import UnsupportedFormat
    from grassroots.registry.exporting import export_registry
    from grassroots.registry.selectors import unit_for

    user = _account(args.user) or _operator()
    node = None
    if args.unit:
        node = unit_for(user, code=args.unit)
        if node is None:
            print(_("单位编码%(code)s不存在，或不在辖区内") % {"code": args.unit}, file=sys.stderr)
            return 1
    try:
        with advancing_bar(_("导出人口房屋"), None) as advance:
            count = export_registry(
                args.file, user=user, unmasked=args.unmasked, node=node, progress=advance
            )
    except (UnsupportedFormat, PermissionError) as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(
            _("无法写入%(file)s：%(error)s")
            % {"file": args.file, "error": error.strerror or error},
            file=sys.stderr,
        )
        return 1
    print(_("已导出%(count)d行到 %(file)s") % {"count": count, "file": args.file})
    return 0


def _operator() -> object:
    """The command line acts as an operator: the whole tree, every permission."""
    from grassroots.accounts.models import Account

    return Account(username="operator", is_superuser=True, is_active=True)


def run_job_command(args: argparse.Namespace) -> int:
    """Run one web import job (started by the upload page, not by hand)."""
    from grassroots.registry.importer.jobs import run_import_job

    job = run_import_job(args.job)
    return 0 if job.status in ("validated", "done") else 1
