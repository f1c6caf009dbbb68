"""Importing answers from a spreadsheet: ``grassroots surveys answers ID FILE``.

The file (xlsx, or CSV in UTF-8, UTF-8 with BOM or GBK) has the headers
网格编码,小区,楼栋,单元,房号,问题,回答, one row per answer. A row names a sampled household by
its grid and address, a question by its number or its text, and an answer on the question's
scale; a household gives every question of the survey, once. Every problem is reported as
``第N行 列名: 原因`` (a household unknown to the registry, one not in the sample or that has
answered already, an unknown question, an answer off the scale), and one problem means nothing
is written. A clean file is written in one transaction through ``record_contact``.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.registry.models import Room
from grassroots.surveys.models import (
    Channel,
    Outcome,
    Question,
    SampledHousehold,
    Survey,
    SurveyStatus,
)
from grassroots.surveys.services import IMPORTED, SurveyError, record_contact

GRID, ESTATE, BUILDING, UNIT, NUMBER = "网格编码", "小区", "楼栋", "单元", "房号"
QUESTION, ANSWER = "问题", "回答"
HEADERS = (GRID, ESTATE, BUILDING, UNIT, NUMBER, QUESTION, ANSWER)

Key = tuple[str, str, str, str, str]


def _cell(row: Row, header: str) -> str:
    return unicodedata.normalize("NFKC", row[header]).strip()


def _key(row: Row) -> Key:
    return (
        _cell(row, GRID),
        _cell(row, ESTATE),
        _cell(row, BUILDING),
        _cell(row, UNIT),
        _cell(row, NUMBER),
    )


def _rooms(keys: set[Key]) -> dict[Key, int]:
    """Room ids of the addresses the file names, by (grid code, estate, building, unit, no.)."""
    rooms = Room.objects.filter(number__in={key[4] for key in keys}).values_list(
        "pk", "grid__code", "building__estate__name", "building__name", "unit", "number"
    )
    return {
        (code, estate, building, unit, number): pk
        for pk, code, estate, building, unit, number in rooms
    }


def _question(questions: list[Question], text: str) -> Question | None:
    text = text.strip().rstrip("？?")
    for question in questions:
        if text == str(question.number) or text == question.text.strip().rstrip("？?"):
            return question
    return None


class _Plan:
    """The rows read so far: each household's answers, and every problem found."""

    def __init__(self, survey: Survey, table: Table) -> None:
        self.questions = list(survey.questions.order_by("number"))
        self.rooms = _rooms({_key(row) for row in table.rows})
        sample = SampledHousehold.objects.filter(survey=survey).select_related("household")
        self.sampled_by_room = {s.household.room_id: s for s in sample}
        self.answers: dict[int, dict[int, str]] = defaultdict(dict)
        self.first_row: dict[int, int] = {}
        self.errors: list[RowError] = []

    def household(self, row: Row) -> SampledHousehold | None:
        room = self.rooms.get(_key(row))
        if room is None:
            self.errors.append(RowError(row.number, NUMBER, _("登记中没有这一户")))
            return None
        sampled = self.sampled_by_room.get(room)
        if sampled is None:
            self.errors.append(RowError(row.number, NUMBER, _("该户不在本次测评的样本中")))
        elif sampled.outcome == Outcome.ANSWERED:
            self.errors.append(RowError(row.number, NUMBER, _("该户已经回答过")))
            return None
        return sampled

    def read(self, row: Row) -> None:
        sampled = self.household(row)
        question = _question(self.questions, _cell(row, QUESTION))
        if question is None:
            numbers = "、".join(str(q.number) for q in self.questions)
            reason = _("没有这个问题（填问题序号 %(numbers)s 或问题原文）") % {"numbers": numbers}
            self.errors.append(RowError(row.number, QUESTION, reason))
        choice = _cell(row, ANSWER)
        if question is not None and choice not in question.choices:
            reason = _("回答应为%(names)s之一") % {"names": "、".join(question.choices)}
            self.errors.append(RowError(row.number, ANSWER, reason))
            return
        if sampled is None or question is None:
            return
        given = self.answers[sampled.pk]
        if question.pk in given:
            reason = _("该户第%(n)d题重复回答") % {"n": question.number}
            self.errors.append(RowError(row.number, QUESTION, reason))
        given[question.pk] = choice
        self.first_row.setdefault(sampled.pk, row.number)

    def check_complete(self) -> None:
        for pk, given in self.answers.items():
            missing = [str(q.number) for q in self.questions if q.pk not in given]
            if missing:
                reason = _("该户缺少第%(n)s题的回答") % {"n": "、".join(missing)}
                self.errors.append(RowError(self.first_row[pk], QUESTION, reason))


def import_answers(
    survey: Survey, source: str | Path | Table, *, actor: Any = None
) -> ImportResult:
    """Import a file of answers into a running survey; ImportFailed, writing nothing, on any
    problem."""
    if survey.status != SurveyStatus.RUNNING:
        raise ImportFailed(message=_("测评未开始或已结束，不能导入回答"))
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*HEADERS, known=())
    plan = _Plan(survey, table)
    for row in table.rows:
        plan.read(row)
    plan.check_complete()
    if plan.errors:
        raise ImportFailed(plan.errors)
    sampled = SampledHousehold.objects.in_bulk(list(plan.answers))
    with transaction.atomic():
        for pk, given in plan.answers.items():
            try:
                record_contact(
                    sampled[pk],
                    outcome=Outcome.ANSWERED,
                    answers=given,
                    actor=actor,
                    channel=Channel.IMPORT,
                )
            except SurveyError as error:
                raise ImportFailed([RowError(plan.first_row[pk], NUMBER, str(error))]) from None
        record(
            IMPORTED,
            actor=actor,
            node=survey.node,
            target=table.name,
            survey_id=survey.pk,
            answers=sum(len(given) for given in plan.answers.values()),
        )
    return ImportResult(created=len(plan.answers))
