"""``grassroots owners import`` and ``grassroots votes open|ballots|tally|close``.

The parser is built before Django is set up, so the models and services are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, import_failed, positive_int, usage

# The same as grassroots.owners.services.importing (no models before Django is set up).
OWNER_COLUMNS = "网格编码,小区,楼栋,单元,房号,专有部分面积,业主姓名,证件号码,业主类型"
BALLOT_COLUMNS = "楼栋,单元,房号,表决意见"
AREA_KEYS = ("area_total", "voted_area", "agree_area", "against_area", "abstain_area")


def register(subparsers: argparse._SubParsersAction) -> None:
    owners = add_command(
        subparsers,
        "owners",
        zh="业主信息：导入房屋专有部分面积和产权人",
        en="owners: import rooms' exclusive areas and owners",
    )
    owner_commands = owners.add_subparsers(
        dest="owners_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    importer = add_command(
        owner_commands,
        "import",
        zh=f"导入业主（表头 {OWNER_COLUMNS}；业主类型为个人、单位或建设单位，共有房屋每位共有人"
        "一行；.xlsx 或 UTF-8/GBK 编码的 .csv）。有任何错误则不写入，逐条列出“第N行 列名: 原因”，"
        "退出码为 1",
        en=f"import owners (headers {OWNER_COLUMNS}; .xlsx or .csv in UTF-8/GBK). On any error "
        "nothing is written, every error is listed and the exit status is 1",
    )
    importer.add_argument("file", metavar="FILE", help="业主文件 / file of owners")
    importer.add_argument(
        "--create-rooms",
        action="store_true",
        help="新建人口房屋登记中没有的房屋 / create rooms the registry lacks",
    )
    importer.set_defaults(func=import_command)
    owners.set_defaults(func=lambda args: usage(owners))

    votes = add_command(
        subparsers,
        "votes",
        zh="业主表决：发起、导入纸质表决票、计票、结束",
        en="owners' votes: open one, import paper ballots, count, close",
    )
    vote_commands = votes.add_subparsers(
        dest="votes_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    opener = add_command(
        vote_commands,
        "open",
        zh="发起业主表决；最后一行输出表决编号",
        en="open an owners' vote; prints the vote id on its last line",
    )
    opener.add_argument("--grid", required=True, metavar="CODE", help="网格编码 / grid code")
    opener.add_argument("--estate", required=True, metavar="NAME", help="小区 / estate")
    opener.add_argument("--title", required=True, metavar="T", help="表决事项 / matter")
    opener.add_argument(
        "--matter",
        required=True,
        choices=("ordinary", "major"),
        help="一般事项 ordinary 或重大事项 major（民法典第278条第6至8项）",
    )
    opener.add_argument("--buildings", metavar="1号楼,2号楼", help="部分楼栋 / some buildings")
    opener.add_argument("--days", type=positive_int, default=30, help="表决期天数 / days open")
    opener.set_defaults(func=open_command)
    ballots = add_command(
        vote_commands,
        "ballots",
        zh=f"导入纸质表决票（表头 {BALLOT_COLUMNS}；表决意见为同意、反对或弃权）。"
        "有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1",
        en=f"import paper ballots (headers {BALLOT_COLUMNS}). On any error nothing is written, "
        "every error is listed and the exit status is 1",
    )
    ballots.add_argument("vote", type=positive_int, metavar="ID", help="表决编号 / vote id")
    ballots.add_argument("file", metavar="FILE", help="表决票文件 / file of ballots")
    ballots.set_defaults(func=ballots_command)
    tally = add_command(
        vote_commands,
        "tally",
        zh="计票：专有部分面积和业主人数，是否达到参与表决和通过的法定比例",
        en="count a vote: area and heads, quorum and whether it passed",
    )
    tally.add_argument("vote", type=positive_int, metavar="ID", help="表决编号 / vote id")
    tally.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    tally.set_defaults(func=tally_command)
    closer = add_command(
        vote_commands,
        "close",
        zh="结束表决并计票（--due：结束所有已过截止时间的表决）",
        en="close a vote and keep its count (--due: every vote past its closing time)",
    )
    closer.add_argument("vote", type=positive_int, nargs="?", metavar="ID")
    closer.add_argument("--due", action="store_true", help="已过截止时间的表决 / all due")
    closer.set_defaults(func=close_command)
    votes.set_defaults(func=lambda args: usage(votes))


def import_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.owners.services.importing import import_owners

    try:
        result = import_owners(args.file, create_rooms=args.create_rooms)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成（房屋）：%(summary)s") % {"summary": result.summary()})
    return 0


def open_command(args: argparse.Namespace) -> int:
    import datetime

    from django.utils import timezone

    from grassroots.owners.services import OwnersError, open_vote
    from grassroots.registry.models import Estate

    estate = Estate.objects.filter(grid__code=args.grid.strip(), name=args.estate.strip()).first()
    if estate is None:
        return fail(
            _("网格%(grid)s没有小区“%(estate)s”") % {"grid": args.grid, "estate": args.estate}
        )
    now = timezone.now()
    try:
        vote = open_vote(
            estate=estate,
            title=args.title,
            kind=args.matter,
            opens_at=now,
            closes_at=now + datetime.timedelta(days=args.days),
            buildings=(args.buildings or "").replace("，", ",").split(","),
        )
    except OwnersError as error:
        return fail(str(error))
    print(_("已发起业主表决“%(title)s”") % {"title": vote.title})
    print(vote.pk)
    return 0


def _vote(vote_id: int):  # noqa: ANN202  (a model, imported after Django is set up)
    from grassroots.owners.models import Vote

    return Vote.objects.filter(pk=vote_id).first()


def ballots_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.owners.services.importing import import_ballots

    vote = _vote(args.vote)
    if vote is None:
        return fail(_("没有编号为%(id)d的业主表决") % {"id": args.vote})
    try:
        result = import_ballots(vote, args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(
        _("导入完成：新录入表决票%(n)d张，与已有意见相同%(same)d张")
        % {"n": result.created, "same": result.unchanged}
    )
    return 0


def tally_json_text(figures: dict) -> str:
    """JSON with every area written with two decimals (8912.50, not 8912.5)."""
    marked = {k: f"@@{v:.2f}@@" if k in AREA_KEYS else v for k, v in figures.items()}
    text = json.dumps(marked, ensure_ascii=False, indent=2)
    return re.sub(r'"@@(-?\d+\.\d\d)@@"', r"\1", text)


def tally_command(args: argparse.Namespace) -> int:
    from grassroots.owners.selectors import tally
    from grassroots.owners.services import tally_json
    from grassroots.owners.text import tally_text

    vote = _vote(args.vote)
    if vote is None:
        return fail(_("没有编号为%(id)d的业主表决") % {"id": args.vote})
    result = tally(vote)
    if args.json:
        print(tally_json_text(tally_json(result)))
    else:
        print(tally_text(vote, result))
    sys.stdout.flush()
    return 0


def close_command(args: argparse.Namespace) -> int:
    from grassroots.owners.services import OwnersError, close_due_votes, close_vote

    if args.due:
        closed = close_due_votes()
        print(_("已结束表决%(n)d项") % {"n": len(closed)})
        return 0
    if args.vote is None:
        return fail(_("请给出表决编号，或用 --due 结束所有已过截止时间的表决"))
    vote = _vote(args.vote)
    if vote is None:
        return fail(_("没有编号为%(id)d的业主表决") % {"id": args.vote})
    try:
        result = close_vote(vote)
    except OwnersError as error:
        return fail(str(error))
    print(_("表决已结束：%(r)s") % {"r": _("通过") if result.passed else _("未通过")})
    return 0
