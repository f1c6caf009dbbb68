"""``grassroots councils ...``: conventions and decisions by command.

The parser is built before Django is set up, so the models and selectors are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import datetime
import json

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, usage


def register(subparsers: argparse._SubParsersAction) -> None:
    councils = add_command(
        subparsers,
        "councils",
        zh="三方共治：公约的施行条文、决议事项",
        en="three-party governance: conventions in force, council decisions",
    )
    commands = councils.add_subparsers(
        dest="councils_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    convention = add_command(
        commands,
        "convention",
        zh="打印公约在某日施行的条文",
        en="print the text of a convention in force on a day",
    )
    convention.add_argument("code", metavar="CODE", help="公约编码 / the convention's code")
    convention.add_argument(
        "--on", metavar="YYYY-MM-DD", help="日期，默认今天 / the day, today by default"
    )
    convention.set_defaults(func=convention_command)
    decisions = add_command(
        commands,
        "decisions",
        zh="决议事项及其办理状态",
        en="council decisions and where they stand",
    )
    decisions.add_argument(
        "--unit", metavar="CODE", help="只看此单位及下级 / only this unit and below"
    )
    decisions.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    decisions.set_defaults(func=decisions_command)
    councils.set_defaults(func=lambda args: usage(councils))


def convention_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from grassroots.councils.models import Convention
    from grassroots.councils.selectors import version_in_force

    try:
        day = datetime.date.fromisoformat(args.on) if args.on else timezone.localdate()
    except ValueError:
        return fail(_("日期格式应为 YYYY-MM-DD：%(value)s") % {"value": args.on})
    convention = Convention.objects.filter(code=args.code.strip()).first()
    if convention is None:
        return fail(_("没有编码为%(code)s的公约") % {"code": args.code})
    version = version_in_force(convention, day)
    if version is None:
        return fail(
            _("%(title)s在%(day)s尚无施行的条文")
            % {"title": convention.title, "day": day.isoformat()}
        )
    print(
        _("%(title)s（第%(n)d版，自%(from)s起施行）")
        % {"title": convention.title, "n": version.number, "from": version.effective_from}
    )
    print(version.text)
    return 0


def decisions_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from grassroots.councils.models import Decision
    from grassroots.org.models import OrgNode

    rows = Decision.objects.select_related("meeting__community").order_by("deadline", "id")
    if args.unit:
        unit = OrgNode.objects.filter(code=args.unit.strip()).first()
        if unit is None:
            return fail(_("没有编码为%(code)s的单位") % {"code": args.unit})
        rows = rows.filter(meeting__community__path__startswith=unit.path)
    today = timezone.localdate()
    found = [
        {
            "id": d.pk,
            "community": d.meeting.community.code,
            "meeting": d.meeting.title,
            "text": d.text,
            "responsible": d.responsible,
            "deadline": d.deadline.isoformat(),
            "progress": d.progress,
            "status": d.status,
            "standing": d.standing(today),
            "closed_on": d.closed_on.isoformat() if d.closed_on else None,
        }
        for d in rows
    ]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    labels = {
        "closed": _("已销号"),
        "overdue": _("已超期"),
        "due_soon": _("即将到期"),
        "on_track": _("推进中"),
    }
    for row in found:
        print(
            f"{row['deadline']}  {labels[row['standing']]}  {row['progress']}%  "
            f"{row['text']}（{row['responsible']}）  {row['meeting']}"
        )
    return 0
