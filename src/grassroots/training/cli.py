"""``grassroots training load FILE.json`` and ``grassroots training brief CLASS_ID ...``."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from django.utils.translation import gettext as _

from grassroots.cli import add_command, usage


def register(subparsers: argparse._SubParsersAction) -> None:
    training = add_command(
        subparsers,
        "training",
        zh="培训班：导入班次、生成简报",
        en="training classes: load a class, write its brief",
    )
    commands = training.add_subparsers(
        dest="training_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    loader = add_command(
        commands,
        "load",
        zh="从 JSON 文件创建培训班（含课程与讨论发言），最后一行输出班次编号。"
        "JSON 有误或任一字段无效时逐条列出“字段: 原因”，不创建任何数据，退出码为 1",
        en="create a class (sessions, speeches) from a JSON file and print its id on the last "
        "line. On bad JSON or any bad field, every problem is listed as field: reason, nothing "
        "is created and the exit status is 1",
    )
    loader.add_argument("file", metavar="FILE.json", help="JSON 文件 / JSON file")
    loader.add_argument(
        "--node",
        metavar="CODE",
        help="主办单位的组织节点编码（默认：组织架构的根节点）/ org node code of "
        "the organising unit (default: the root of the org tree)",
    )
    loader.set_defaults(func=load_command)
    brief = add_command(
        commands,
        "brief",
        zh="生成某一天的培训简报（Word，GB/T 9704 版式；扩展名为 .pdf 时经 LibreOffice 转换）",
        en="write the brief of one day of a class (.docx in GB/T 9704 layout; .pdf through "
        "LibreOffice)",
    )
    brief.add_argument("class_id", metavar="CLASS_ID", type=int, help="班次编号 / class id")
    brief.add_argument("--number", type=int, required=True, help="期数 第N期 / issue number")
    brief.add_argument("--date", help="哪一天（YYYY-MM-DD，默认开班第一天）/ day (default: first)")
    brief.add_argument("--editor", default="", help="编辑姓名 / editor's name")
    brief.add_argument("--title", default="", help="简报标题（默认自动拟定）/ headline")
    brief.add_argument("--out", required=True, metavar="FILE.docx", help="输出文件 / output")
    brief.set_defaults(func=brief_command)
    training.set_defaults(func=lambda args: usage(training))


def _node(code: str | None) -> object:
    from grassroots.org.models import OrgNode

    if code:
        node = OrgNode.objects.filter(code=code).first()
        if node is None:
            raise LookupError(_("找不到编码为 %(code)s 的组织节点") % {"code": code})
        return node
    roots = list(OrgNode.objects.get_root_nodes()[:2])
    if len(roots) != 1:
        raise LookupError(_("组织架构没有唯一的根节点，请用 --node 指定主办单位的节点编码"))
    return roots[0]


def load_command(args: argparse.Namespace) -> int:
    from grassroots.training.loading import LoadFailed, load_class_file
    from grassroots.training.services import create_class

    try:
        spec, warnings = load_class_file(args.file)
        node = _node(args.node)
    except LoadFailed as failure:
        for line in failure.problems:
            print(line, file=sys.stderr)
        print(_("导入失败，未创建任何数据。"), file=sys.stderr)
        return 1
    except LookupError as error:
        print(error, file=sys.stderr)
        return 1
    for line in warnings:
        print(line, file=sys.stderr)
    training_class = create_class(spec=spec, node=node)
    speeches = sum(len(s.speeches) for s in spec.sessions)
    print(
        _("已创建培训班：%(title)s（%(sessions)d个课程，%(speeches)d篇发言）")
        % {"title": training_class.title, "sessions": len(spec.sessions), "speeches": speeches}
    )
    print(training_class.pk)
    return 0


def brief_command(args: argparse.Namespace) -> int:
    from grassroots.audit.models import Action
    from grassroots.audit.services import record
    from grassroots.training.brief import NoSuchDay, build_brief
    from grassroots.training.documents import PdfUnavailable, write_docx, write_pdf
    from grassroots.training.models import TrainingClass

    training_class = TrainingClass.objects.filter(pk=args.class_id).first()
    if training_class is None:
        print(_("找不到编号为 %(id)s 的培训班") % {"id": args.class_id}, file=sys.stderr)
        return 1
    try:
        day = datetime.date.fromisoformat(args.date) if args.date else None
        brief = build_brief(
            training_class, number=args.number, day=day, editor=args.editor, title=args.title
        )
    except (ValueError, NoSuchDay):
        print(
            _("日期须为 YYYY-MM-DD，且在 %(first)s 至 %(last)s 之间")
            % {"first": training_class.start_date, "last": training_class.end_date},
            file=sys.stderr,
        )
        return 1
    out = Path(args.out)
    try:
        if out.suffix.lower() == ".pdf":
            write_pdf(brief, out)
        else:
            write_docx(brief, out)
    except PdfUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(
            _("无法写入%(file)s：%(error)s") % {"file": out, "error": error.strerror or error},
            file=sys.stderr,
        )
        return 1
    record(
        Action.TRAINING_BRIEF_PUBLISHED,
        node=training_class.org_node,
        username="cli",
        target=f"{brief.file_stem()}（#{training_class.pk}）",
        day=brief.day.isoformat(),
        number=brief.number,
    )
    print(_("已生成简报：%(file)s") % {"file": out})
    return 0
