"""Surveys for tests, and their samples for the scope walk."""

from __future__ import annotations

import datetime
from decimal import Decimal

from grassroots.org.models import OrgNode
from grassroots.registry.models import Household
from grassroots.registry.testing import grid_in, make_resident
from grassroots.surveys.models import (
    Answer,
    Question,
    SampledHousehold,
    Scale,
    Survey,
    SurveyStatus,
)
from grassroots.surveys.services import QuestionInput, create_survey, record_contact
from grassroots.testing.scopewalk import register_sample

QUESTIONS = [
    QuestionInput("您对本社区的工作总体满意吗？", Scale.SATISFACTION),
    QuestionInput("您在本社区生活感到安全吗？", Scale.SAFETY),
]


def make_survey(node: OrgNode, name: str = "群众满意度测评", **fields: object) -> Survey:
    """A draft survey of ``node`` with a satisfaction and a safety question, seed 7."""
    data = {"margin": Decimal(3), "seed": 7, "questions": QUESTIONS, **fields}
    return create_survey(node=node, name=name, **data)  # type: ignore[arg-type]


def sample_household(survey: Survey, household: Household, token: str = "") -> SampledHousehold:
    """Put a household in a survey's sample by hand (a draw picks its own)."""
    return SampledHousehold.objects.create(
        survey=survey,
        household=household,
        grid_id=household.grid_id,
        address=household.room.address,
        token=token or f"t{survey.pk}-{household.pk}",
    )


def answer_all(sampled: SampledHousehold, *choices: str, on: datetime.date | None = None) -> None:
    """Record the household's answers to the survey's questions in order (the survey runs)."""
    questions = list(sampled.survey.questions.order_by("number"))
    answers = {q.pk: c for q, c in zip(questions, choices, strict=True)}
    record_contact(sampled, outcome="answered", answers=answers, on=on)


# --- the scope walk ------------------------------------------------------------------------


def _walk_sampled(node: OrgNode, tag: str) -> SampledHousehold:
    household = make_resident(grid_in(node, tag), tag).household
    survey = make_survey(OrgNode.objects.get(pk=household.grid_id), f"巡检测评{tag}")
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.RUNNING)
    survey.refresh_from_db()
    return sample_household(survey, household, token=f"walk-{tag}")


def _walk_answer(node: OrgNode, tag: str) -> Answer:
    sampled = _walk_sampled(node, tag)
    answer_all(sampled, "满意", "安全")
    return sampled.answers.order_by("pk").first()  # type: ignore[return-value]


register_sample(Survey, marker=lambda s: s.name, make=lambda n, t: make_survey(n, f"巡检测评{t}"))
register_sample(
    Question,
    marker=lambda q: None,
    make=lambda n, t: make_survey(n, f"巡检测评{t}").questions.first(),
)
register_sample(SampledHousehold, marker=lambda s: s.address, make=_walk_sampled)
register_sample(Answer, marker=lambda a: None, make=_walk_answer)
