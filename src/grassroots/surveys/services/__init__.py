"""Writes of the surveys, each a named action owning its transaction and its audit record.

``create_survey`` (草稿), ``draw_sample`` (drawn again as often as wanted while a draft, refused
once running), ``start_survey`` and ``close_survey``; ``record_contact`` is a staff member's
call (answers, a refusal, or nobody reached) and ``answer_by_link`` a household's own answers
through its one-time QR link. A change is a conditional update on ``version``: of two people
changing the same survey or household at once, one wins and the other is told.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.kernel.stats import SampleSize, Z, allocate, sample_size
from grassroots.org.models import OrgNode
from grassroots.registry.models import Household
from grassroots.registry.selectors import occupied_households
from grassroots.surveys.models import (
    FAVOURABLE,
    SCALE_CHOICES,
    Answer,
    Channel,
    Outcome,
    Question,
    SampledHousehold,
    Scale,
    Survey,
    SurveyStatus,
)

CREATED = "survey_created"
DRAWN = "survey_sample_drawn"
STATUS_CHANGED = "survey_status_changed"
CONTACT_RECORDED = "survey_contact_recorded"
IMPORTED = "survey_answers_imported"
PUBLIC_NAME = "群众（扫码）"
SYSTEM = "系统"
MAX_SEED = 2**53
BATCH = 1000


class SurveyError(ValueError):
    """A survey write that cannot be made; the message says why, ``field`` names what about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleSurvey(SurveyError):
    """Someone else changed the survey or the household after it was loaded."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("该记录已被他人更新，请刷新后重试"), field="version")


class LinkRefused(SurveyError):
    """A QR link that takes no answers: unknown, used, or its survey not running."""


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def z_of(survey: Survey) -> float:
    return float(Z[survey.confidence])


# --- surveys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    text: str
    scale: str
    feeds: str = ""


def _check_questions(questions: list[QuestionInput]) -> list[QuestionInput]:
    kept = [q for q in questions if q.text.strip()]
    if not kept:
        raise SurveyError(_("请至少填写一个问题"), field="questions")
    for question in kept:
        if question.scale not in Scale.values or (question.feeds or question.scale) not in Scale:
            raise SurveyError(_("量表应为满意度或安全感"), field="questions")
    return kept


@transaction.atomic
def create_survey(
    *,
    node: OrgNode,
    name: str,
    margin: Decimal,
    questions: list[QuestionInput],
    actor: Any = None,
    confidence: int = 95,
    seed: int | None = None,
    request: Any = None,
) -> Survey:
    """A new survey in draft, with its questions in the order given (创建测评)."""
    name = " ".join((name or "").split())
    if not name:
        raise SurveyError(_("请填写测评名称"), field="name")
    margin = Decimal(str(margin)) if margin is not None else Decimal(0)
    if not Decimal("0.5") <= margin <= Decimal(20):
        raise SurveyError(_("允许误差应在0.5至20个百分点之间"), field="margin")
    if confidence not in Z:
        raise SurveyError(_("置信水平应为90%、95%或99%"), field="confidence")
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise SurveyError(_("抽样种子应为非负整数"), field="seed")
    kept = _check_questions(questions)
    survey = Survey.objects.create(
        node=node,
        name=name[:100],
        margin=margin.quantize(Decimal("0.1")),
        confidence=confidence,
        seed=new_seed() if seed is None else seed,
        created_by=_account(actor),
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            number=n,
            text=q.text.strip()[:200],
            scale=q.scale,
            feeds=q.feeds or q.scale,
        )
        for n, q in enumerate(kept, start=1)
    )
    record(
        CREATED,
        actor=_account(actor),
        request=request,
        node=node,
        target=f"{survey.name}（#{survey.pk}）",
        survey_id=survey.pk,
        seed=survey.seed,
    )
    return survey


def _bump(
    survey: Survey, version: int | None, *, where: dict[str, Any] | None = None, **fields: Any
) -> Survey:
    rows = Survey.objects.filter(pk=survey.pk, **(where or {}))
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, **fields):
        raise StaleSurvey
    survey.refresh_from_db()
    return survey


# --- the sample ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """What a draw took: the computation and the households per grid."""

    size: SampleSize
    allocation: dict[int, int]  # grid id → households drawn
    frame: dict[int, int]  # grid id → occupied households


def frame_of(survey: Survey, on: datetime.date) -> dict[int, list[int]]:
    """The occupied households of the survey's unit on ``on``, by grid, each list by id."""
    by_grid: dict[int, list[int]] = {}
    rows = occupied_households(survey.node, on).order_by("grid_id", "pk")
    for pk, grid_id in rows.values_list("pk", "grid_id"):
        by_grid.setdefault(grid_id, []).append(pk)
    return by_grid


def plan_draw(survey: Survey, frame: dict[int, list[int]]) -> tuple[Draw, dict[int, list[int]]]:
    """The computation and the households drawn per grid: from the seed alone, so the same
    seed over the same registry draws the same households. Each grid draws with its own
    generator (seeded by the survey's seed and the grid's code): a grid's draw does not move
    when another grid's households change."""
    sizes = {grid: len(ids) for grid, ids in frame.items()}
    size = sample_size(sum(sizes.values()), float(survey.margin) / 100, z_of(survey))
    allocation = allocate(sizes, size.size)
    codes = dict(OrgNode.objects.filter(pk__in=list(frame)).values_list("pk", "code"))
    drawn = {}
    for grid, ids in frame.items():
        generator = random.Random(f"{survey.seed}:{codes[grid]}")
        drawn[grid] = sorted(generator.sample(ids, allocation[grid]))
    return Draw(size=size, allocation=allocation, frame=sizes), drawn


def _addresses(ids: list[int]) -> dict[int, str]:
    rows = Household.objects.filter(pk__in=ids).values_list("pk", "room__address")
    return dict(rows)


@transaction.atomic
def draw_sample(
    survey: Survey,
    *,
    actor: Any = None,
    version: int | None = None,
    on: datetime.date | None = None,
    request: Any = None,
) -> Draw:
    """Draw the survey's sample from the registry (抽样), replacing a draft's earlier draw;
    refused once the survey runs (its answers stand on the sample drawn)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError(_("测评已开始或已结束，不能重新抽样"), field="status")
    frame = frame_of(survey, on or timezone.localdate())
    draw, drawn = plan_draw(survey, frame)
    codes = dict(OrgNode.objects.filter(pk__in=list(frame)).values_list("pk", "code"))
    if not draw.size.size:
        raise SurveyError(_("测评范围内没有在住户，无法抽样"), field="node")
    survey.sample.all().delete()
    addresses = _addresses([pk for ids in drawn.values() for pk in ids])
    SampledHousehold.objects.bulk_create(
        (
            SampledHousehold(
                survey=survey,
                household_id=pk,
                grid_id=grid,
                address=addresses.get(pk, "")[:200],
                token=secrets.token_urlsafe(16),
            )
            for grid, ids in drawn.items()
            for pk in ids
        ),
        batch_size=BATCH,
    )
    _bump(
        survey,
        version,
        population=draw.size.population,
        frame={codes[grid]: n for grid, n in draw.frame.items()},
        drawn_at=timezone.now(),
        drawn_by=_account(actor),
    )
    record(
        DRAWN,
        actor=_account(actor),
        request=request,
        node=survey.node,
        target=f"{survey.name}（#{survey.pk}）",
        survey_id=survey.pk,
        seed=survey.seed,
        population=draw.size.population,
        sample_size=draw.size.size,
    )
    return draw


def _change_status(
    survey: Survey,
    to: str,
    *,
    allowed: str,
    message: str,
    actor: Any,
    version: int | None,
    request: Any,
) -> Survey:
    survey.refresh_from_db()
    current = survey.status
    if current != allowed:
        raise SurveyError(message, field="status")
    survey = _bump(survey, version, where={"status": allowed}, status=to)
    record(
        STATUS_CHANGED,
        actor=_account(actor),
        request=request,
        node=survey.node,
        target=f"{survey.name}（#{survey.pk}）",
        survey_id=survey.pk,
        status=[current, to],
    )
    return survey


@transaction.atomic
def start_survey(
    survey: Survey, *, actor: Any = None, version: int | None = None, request: Any = None
) -> Survey:
    """Start taking answers (开始测评): the sample stands from now on."""
    if survey.status == SurveyStatus.DRAFT and not survey.sample.exists():
        raise SurveyError(_("请先抽样，再开始测评"), field="status")
    return _change_status(
        survey,
        SurveyStatus.RUNNING,
        allowed=SurveyStatus.DRAFT,
        message=_("只有草稿状态的测评可以开始"),
        actor=actor,
        version=version,
        request=request,
    )


@transaction.atomic
def close_survey(
    survey: Survey, *, actor: Any = None, version: int | None = None, request: Any = None
) -> Survey:
    """Stop taking answers (结束测评)."""
    return _change_status(
        survey,
        SurveyStatus.CLOSED,
        allowed=SurveyStatus.RUNNING,
        message=_("只有进行中的测评可以结束"),
        actor=actor,
        version=version,
        request=request,
    )


# --- answers ------------------------------------------------------------------------------


def answer_problems(
    questions: list[Question], answers: Mapping[int, str]
) -> list[tuple[int | None, str]]:
    """What is wrong with a household's answers: (question id, reason), for every question
    unanswered or answered off its scale, and any answer to a question not asked."""
    problems: list[tuple[int | None, str]] = []
    asked = {q.pk: q for q in questions}
    for pk in answers:
        if pk not in asked:
            problems.append((None, _("没有这个问题")))
    for question in questions:
        choice = (answers.get(question.pk) or "").strip()
        if not choice:
            problems.append((question.pk, _("请回答第%(n)d题") % {"n": question.number}))
        elif choice not in SCALE_CHOICES[question.scale]:
            problems.append(
                (
                    question.pk,
                    _("回答应为%(names)s之一") % {"names": "、".join(question.choices)},
                )
            )
    return problems


def _write_answers(
    sampled: SampledHousehold,
    questions: list[Question],
    answers: Mapping[int, str],
    *,
    channel: str,
    on: datetime.date,
    actor: Any,
) -> None:
    try:
        with transaction.atomic():
            Answer.objects.bulk_create(
                Answer(
                    sampled=sampled,
                    question=q,
                    grid_id=sampled.grid_id,
                    feeds=q.feeds,
                    choice=answers[q.pk].strip(),
                    favourable=answers[q.pk].strip() in FAVOURABLE[q.scale],
                    answered_on=on,
                    channel=channel,
                    recorded_by=_account(actor),
                )
                for q in questions
            )
    except IntegrityError:
        raise StaleSurvey(_("该户已经回答过")) from None


def _running(survey: Survey) -> None:
    if survey.status != SurveyStatus.RUNNING:
        raise SurveyError(_("测评未开始或已结束，不能记录"), field="status")


@transaction.atomic
def record_contact(
    sampled: SampledHousehold,
    *,
    outcome: str,
    answers: Mapping[int, str] | None = None,
    actor: Any = None,
    version: int | None = None,
    channel: str = Channel.PHONE,
    on: datetime.date | None = None,
    request: Any = None,
) -> SampledHousehold:
    """Record a call to a sampled household (记录回访结果): its answers to every question,
    or that it refused, or that nobody could be reached (the call is counted; it may be
    called again). A household that answered is done."""
    survey = Survey.objects.select_related("node").get(pk=sampled.survey_id)
    _running(survey)
    if outcome not in (Outcome.ANSWERED, Outcome.REFUSED, Outcome.UNREACHABLE):
        raise SurveyError(_("联系结果应为已回答、拒访或无法联系"), field="outcome")
    current = SampledHousehold.objects.select_for_update().get(pk=sampled.pk)
    if version is not None and current.version != version:
        raise StaleSurvey
    if current.outcome == Outcome.ANSWERED:
        raise StaleSurvey(_("该户已经回答过"))
    questions = list(survey.questions.order_by("number"))
    if outcome == Outcome.ANSWERED:
        problems = answer_problems(questions, answers or {})
        if problems:
            raise SurveyError(problems[0][1], field="answers")
        _write_answers(
            current,
            questions,
            answers or {},
            channel=channel,
            on=on or timezone.localdate(),
            actor=actor,
        )
    SampledHousehold.objects.filter(pk=current.pk).update(
        outcome=outcome,
        channel=channel,
        attempts=F("attempts") + 1,
        contacted_at=timezone.now(),
        contacted_by=_account(actor),
        version=F("version") + 1,
    )
    current.refresh_from_db()
    record(
        CONTACT_RECORDED,
        actor=_account(actor),
        username="" if _account(actor) else (PUBLIC_NAME if channel == Channel.QR else SYSTEM),
        request=request,
        node=survey.node,
        target=f"{survey.name} {current.address}"[:200],
        survey_id=survey.pk,
        sampled_id=current.pk,
        contact=outcome,
        channel=channel,
    )
    return current


def find_link(token: str) -> SampledHousehold | None:
    """The sampled household of a QR link's token, or None."""
    token = (token or "").strip()
    if not token or len(token) > 43:
        return None
    return SampledHousehold.objects.select_related("survey").filter(token=token).first()


def link_state(sampled: SampledHousehold | None) -> str:
    """``unknown``, ``used``, ``closed`` (the survey not running) or ``open``."""
    if sampled is None:
        return "unknown"
    if sampled.link_used_at is not None or sampled.outcome == Outcome.ANSWERED:
        return "used"
    if sampled.survey.status != SurveyStatus.RUNNING:
        return "closed"
    return "open"


@transaction.atomic
def answer_by_link(token: str, answers: Mapping[int, str], *, request: Any = None) -> None:
    """A household's own answers through its QR link (扫码作答): taken once, then the link
    is used."""
    sampled = find_link(token)
    state = link_state(sampled)
    if state == "unknown":
        raise LinkRefused(_("链接无效"))
    if state == "used":
        raise LinkRefused(_("该链接已使用，感谢您的参与"))
    if state == "closed":
        raise LinkRefused(_("测评未开始或已结束"))
    assert sampled is not None
    # The one conditional UPDATE claims the link: of two submits at once, one writes.
    claimed = SampledHousehold.objects.filter(pk=sampled.pk, link_used_at__isnull=True).exclude(
        outcome=Outcome.ANSWERED
    )
    if not claimed.update(link_used_at=timezone.now()):
        raise LinkRefused(_("该链接已使用，感谢您的参与"))
    try:
        record_contact(
            sampled, outcome=Outcome.ANSWERED, answers=answers, channel=Channel.QR, request=request
        )
    except StaleSurvey:
        raise LinkRefused(_("该链接已使用，感谢您的参与")) from None
