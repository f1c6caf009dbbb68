"""The surveys' API: surveys with their progress and rates (each with n and its 95% interval),
and a staff member's call recorded. Everything within the caller's scope: an id outside it is
a 404. A POST carries an ``Idempotency-Key`` like every POST of the API (api/idempotency.py):
sent again after a lost answer, it records the call once."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.bodies import body_in_schema, parse_body
from grassroots.api.errors import ERROR_RESPONSES, ErrorOut, json_error
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.surveys import selectors
from grassroots.surveys.models import Outcome, Survey
from grassroots.surveys.plugin import RECORD_SURVEYS, VIEW_SURVEYS
from grassroots.surveys.services import StaleSurvey, SurveyError, record_contact

router = Router(tags=["满意度测评"])

SurveyId = Annotated[int, Path(ge=1, le=MAX_ID, description="测评 id")]
SampledId = Annotated[int, Path(ge=1, le=MAX_ID, description="样本户 id")]


class RateOut(Schema):
    indicator: str = Field(description="satisfaction_rate 或 safety_rate")
    numerator: int = Field(description="满意（非常满意＋满意）或安全（安全＋比较安全）的回答数")
    sample_size: int = Field(description="有效回答数 n")
    value: float | None = Field(description="百分比，一位小数")
    interval_low: float | None = Field(description="95%置信区间下限（Wilson，有限总体校正）")
    interval_high: float | None = Field(description="95%置信区间上限")
    label: str


class ProgressOut(Schema):
    sampled: int
    answered: int
    refused: int
    unreachable: int
    pending: int


class SurveyOut(Schema):
    id: int
    name: str
    unit_name: str = Field(description="测评范围（单位名称）")
    status: str = Field(description="draft、running 或 closed")
    margin: float = Field(description="允许误差（百分点）")
    confidence: int
    population: int = Field(description="抽样时的在住户数 N")
    progress: ProgressOut
    rates: list[RateOut]


class QuestionOut(Schema):
    id: int
    number: int
    text: str
    scale: str
    feeds: str
    choices: list[str]


class SurveyDetailOut(SurveyOut):
    seed: int
    questions: list[QuestionOut]


class ContactIn(Schema):
    outcome: Outcome = Field(description="answered、refused 或 unreachable")
    answers: dict[int, str] = Field(
        default_factory=dict, description="已回答时：问题 id → 回答（量表中的原文）"
    )
    version: int | None = Field(None, ge=1, description="样本户版本；他人已更新时返回 409")


class ContactOut(Schema):
    id: int
    survey: int
    address: str
    outcome: str
    channel: str
    attempts: int
    version: int


def _progress(user: Any, survey: Survey) -> dict[str, int]:
    p = selectors.progress_of(user, survey)
    return {
        "sampled": p.sampled,
        "answered": p.answered,
        "refused": p.refused,
        "unreachable": p.unreachable,
        "pending": p.pending,
    }


def _survey_out(user: Any, survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "name": survey.name,
        "unit_name": survey.node.name,
        "status": survey.status,
        "margin": float(survey.margin),
        "confidence": survey.confidence,
        "population": survey.population,
        "progress": _progress(user, survey),
        "rates": [rate.as_json() for rate in selectors.rates(user, survey)],
    }


@router.get(
    "/surveys",
    response={200: list[SurveyOut], **ERROR_RESPONSES},
    url_name="surveys",
    operation_id="listSurveys",
    summary="满意度测评列表",
)
@paginate(PageNumber)
def list_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    """本人辖区内的测评及上级在本辖区开展的测评，附进度和比率（样本量、95%置信区间），
    只计本人辖区内的样本户。"""
    require_permission(request.auth, VIEW_SURVEYS)
    return [_survey_out(request.auth, s) for s in selectors.surveys_for(request.auth)]


@router.get(
    "/surveys/{survey_id}",
    response={200: SurveyDetailOut, **ERROR_RESPONSES},
    url_name="survey",
    operation_id="getSurvey",
    summary="一次测评：问题、进度和比率",
)
def get_survey(request: HttpRequest, survey_id: SurveyId) -> dict[str, Any]:
    """辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_SURVEYS)
    survey = selectors.survey(request.auth, survey_id)
    questions = [
        {
            "id": q.pk,
            "number": q.number,
            "text": q.text,
            "scale": q.scale,
            "feeds": q.feeds,
            "choices": list(q.choices),
        }
        for q in survey.questions.order_by("number")
    ]
    return {**_survey_out(request.auth, survey), "seed": survey.seed, "questions": questions}


CONTACT_BODY = body_in_schema(ContactIn)


@router.post(
    "/surveys/sampled/{sampled_id}/contact",
    response={201: ContactOut, 409: ErrorOut, **ERROR_RESPONSES},
    url_name="survey-contact",
    operation_id="recordSurveyContact",
    summary="记录测评电话回访结果",
    openapi_extra=CONTACT_BODY,
)
def post_contact(request: HttpRequest, sampled_id: SampledId) -> Any:
    """记录一次电话回访：outcome 为 answered 时 answers 须回答每个问题（量表中的原文），
    refused 为拒访，unreachable 为无法联系（可再次联系）。已回答的户、version 不符返回 409；
    测评未在进行中、回答不在量表内返回 422。"""
    require_permission(request.auth, RECORD_SURVEYS)
    sampled = selectors.sampled(request.auth, sampled_id)
    payload = parse_body(request, ContactIn)
    try:
        done = record_contact(
            sampled,
            outcome=payload.outcome,
            answers=payload.answers,
            actor=request.auth,
            version=payload.version,
            request=request,
        )
    except StaleSurvey as error:
        return json_error(409, str(error), fields=["version"])
    except SurveyError as error:
        field = error.field or "body"
        return json_error(
            422,
            str(error),
            fields=[field],
            errors=[{"field": field, "location": "body", "message": str(error)}],
        )
    return Status(
        201,
        {
            "id": done.pk,
            "survey": done.survey_id,
            "address": done.address,
            "outcome": done.outcome,
            "channel": done.channel,
            "attempts": done.attempts,
            "version": done.version,
        },
    )
