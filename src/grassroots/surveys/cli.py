"""``grassroots surveys draw|show|answers``: satisfaction and safety surveys (测评) by command.

The parser is built before Django is set up, so the models and services are imported inside
the handlers. The command line reads as the operator: every sampled household.
"""

from __future__ import annotations

import argparse
import json
import sys

from django.utils.translation import gettext as _

from grassroots.cli import add_command, fail, import_failed, positive_int, usage

# The same as grassroots.surveys.services.importing.HEADERS (no models before Django is set up).
COLUMNS = "网格编码,小区,楼栋,单元,房号,问题,回答"


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "surveys",
        zh="群众满意度、安全感测评：抽样、查看结果、导入回答",
        en="satisfaction and safety surveys: draw the sample, show the rates, import answers",
    )
    commands = group.add_subparsers(
        dest="surveys_command", metavar="SUBCOMMAND", title="子命令 / subcommands"
    )
    drawer = add_command(
        commands,
        "draw",
        zh="为草稿状态的测评从在住户中按网格分层抽样（同一种子抽出同样的样本）；进行中的测评不能重新抽样",
        en="draw a draft survey's sample from the occupied households, stratified by grid "
        "(the same seed draws the same sample); refused once the survey runs",
    )
    drawer.add_argument("survey", type=positive_int, metavar="ID", help="测评编号 / survey id")
    drawer.set_defaults(func=draw_command)
    shower = add_command(
        commands,
        "show",
        zh="测评的进度和结果：满意度、安全感，附样本量和95%置信区间",
        en="a survey's progress and rates, each with its sample size and 95% interval",
    )
    shower.add_argument("survey", type=positive_int, metavar="ID", help="测评编号 / survey id")
    shower.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    shower.set_defaults(func=show_command)
    importer = add_command(
        commands,
        "answers",
        zh=f"导入进行中测评的回答（表头 {COLUMNS}；问题填序号或原文；.xlsx 或 UTF-8/GBK 编码的 "
        ".csv）。有任何错误则不写入，逐条列出“第N行 列名: 原因”，退出码为 1",
        en=f"import a running survey's answers (headers {COLUMNS}; .xlsx or .csv in "
        "UTF-8/GBK). On any error nothing is written, every error is listed, exit status 1",
    )
    importer.add_argument("survey", type=positive_int, metavar="ID", help="测评编号 / survey id")
    importer.add_argument("file", metavar="FILE", help="回答文件 / file of answers")
    importer.set_defaults(func=answers_command)
    group.set_defaults(func=lambda args: usage(group))


def _survey(survey_id: int):  # noqa: ANN202  (a model, imported after Django is set up)
    from grassroots.surveys.models import Survey

    return Survey.objects.select_related("node").filter(pk=survey_id).first()


def _missing(survey_id: int) -> int:
    return fail(_("没有编号为%(id)d的测评") % {"id": survey_id})


def draw_command(args: argparse.Namespace) -> int:
    from grassroots.surveys.services import SurveyError, draw_sample

    survey = _survey(args.survey)
    if survey is None:
        return _missing(args.survey)
    try:
        draw = draw_sample(survey)
    except SurveyError as error:
        return fail(str(error))
    print(
        _("已抽样：在住户%(population)d户，样本%(n)d户，分布在%(grids)d个网格")
        % {
            "population": draw.size.population,
            "n": draw.size.size,
            "grids": sum(1 for n in draw.allocation.values() if n),
        }
    )
    return 0


def show_command(args: argparse.Namespace) -> int:
    from grassroots.surveys import selectors

    survey = _survey(args.survey)
    if survey is None:
        return _missing(args.survey)
    progress = selectors.progress_of(None, survey)
    rates = selectors.rates(None, survey)
    if args.json:
        data = {
            "id": survey.pk,
            "name": survey.name,
            "unit": survey.node.code,
            "status": survey.status,
            "population": survey.population,
            "sampled": progress.sampled,
            "answered": progress.answered,
            "refused": progress.refused,
            "unreachable": progress.unreachable,
            "rates": [rate.as_json() for rate in rates],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{survey.name}（{survey.node.name}，{survey.get_status_display()}）")
    print(
        _("样本%(n)d户：已回答%(a)d，拒访%(r)d，无法联系%(u)d，待联系%(p)d")
        % {
            "n": progress.sampled,
            "a": progress.answered,
            "r": progress.refused,
            "u": progress.unreachable,
            "p": progress.pending,
        }
    )
    for rate in rates:
        print(f"{rate.name}: {rate.label}")
    sys.stdout.flush()
    return 0


def answers_command(args: argparse.Namespace) -> int:
    from grassroots.kernel.importing import ImportFailed
    from grassroots.surveys.services.importing import import_answers

    survey = _survey(args.survey)
    if survey is None:
        return _missing(args.survey)
    try:
        result = import_answers(survey, args.file)
    except ImportFailed as failure:
        return import_failed(failure)
    print(_("导入完成：%(n)d户的回答") % {"n": result.created})
    return 0
