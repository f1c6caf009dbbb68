"""``grassroots campaigns open|actions|report``: group-rental campaigns (群租房整治) by command.

The parser is built before Django is set up, so the models and services are imported inside
the handlers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, import_failed, positive_int, usage

# The same as grassroots.rentals.services.importing.HEADERS (no models before Django is set up).
COLUMNS = "网格编码,小区,楼栋,单元,房号,日期,措施,结果,整改后用途"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "日期应为YYYY-MM-DD，如2026-11-01 / dates are YYYY-MM-DD"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "campaigns",
        zh="群租房整治行动（五个一批）：开展行动、导入整治措施、整改率报告",
        en="group-rental campaigns: open one, import actions, the rectification report",
    )
    commands = group.add_subparsers(
        dest="campaigns_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    opener = add_command(
        commands,
        "open",
        zh="开展一次群租房整治行动：为范围内开始之日为群租房的每套房屋建立台账；最后一行输出行动编号",
        en="open a campaign: a case for every group-rental room of the area on the start "
        "date; prints the campaign id on its last line",
    )
    opener.add_argument("--unit", required=True, metavar="CODE", help="整治范围的组织编码 / area")
    opener.add_argument("--start", type=_date, required=True, metavar="YYYY-MM-DD")
    opener.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="结束日期 / end date")
    opener.add_argument("--title", required=True, metavar="T", help="行动名称 / title")
    opener.set_defaults(func=open_command)
    importer = add_command(
        commands,
        "actions",
        zh=f"导入整治措施（表头 {COLUMNS}；结果为进行中或已整改，整改后用途仅在已整改时填写；"
        ".xlsx 或 UTF-8/GBK 编码的 .csv）。有任何错误则不写入，"
        "逐条列出“第N行 列名: 原因”，退出码为 1",
        en=f"import actions (headers {COLUMNS}; .xlsx or .csv in UTF-8/GBK). On any error "
        "nothing is written, every error is listed and the exit status is 1",
    )
    importer.add_argument("campaign", type=positive_int, metavar="ID", help="行动编号 / id")
    importer.add_argument("file", metavar="FILE", help="措施文件 / file of actions")
    importer.set_defaults(func=actions_command)
    reporter = add_command(
        commands,
        "report",
        zh="整治行动报告：发现、已整改、整改率、各措施整改数、反弹、各社区",
        en="the report of a campaign: identified, rectified, rate, by method, rebounds, by unit",
    )
    reporter.add_argument("campaign", type=positive_int, metavar="ID", help="行动编号 / id")
    reporter.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="统计日期 / date")
    reporter.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    reporter.set_defaults(func=report_command)
    group.set_defaults(func=lambda args: usage(group))


def open_command(args: argparse.Namespace) -> int:
    from grassroots.org.models import OrgNode
    from grassroots.rentals.services import RentalError, open_campaign

    area = OrgNode.objects.filter(code=args.unit.strip()).first()
    if area is None:
        return fail(_("找不到编码为%(code)s的组织节点") % {"code": args.unit})
    try:
        campaign = open_campaign(
            area=area, title=args.title, starts_on=args.start, ends_on=args.end
        )
    except RentalError as error:
        return fail(str(error))
    print(
        _("已开展群租房整治行动“%(title)s”，发现群租房%(n)d套")
        % {"title": campaign.title, "n": campaign.cases.count()}
    )
    print(campaign.pk)
    return 0


def _campaign(campaign_id: int):  # noqa: ANN202  (a model, imported after Django is set up)
    from grassroots.rentals.models import RentalCampaign

    return RentalCampaign.objects.filter(pk=campaign_id).first()


def actions_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.rentals.services.importing import import_actions

    campaign = _campaign(args.campaign)
    if campaign is None:
        return fail(_("没有编号为%(id)d的群租房整治行动") % {"id": args.campaign})
    try:
        result = import_actions(campaign, args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：记录整治措施%(n)d条") % {"n": result.created})
    return 0


def report_command(args: argparse.Namespace) -> int:
    from grassroots.rentals.selectors import report
    from grassroots.rentals.text import report_text

    campaign = _campaign(args.campaign)
    if campaign is None:
        return fail(_("没有编号为%(id)d的群租房整治行动") % {"id": args.campaign})
    # The command line reads as the operator: every case (no account, no scope to narrow).
    result = report(None, campaign, args.as_of)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report_text(result))
    sys.stdout.flush()
    return 0
