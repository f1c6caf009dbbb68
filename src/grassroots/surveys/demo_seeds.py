"""Demo survey (order 160, after the registry at 100 and the accounts): one running survey of
the first community, 2026年第四季度群众满意度、安全感测评, ±5 points at 95%, drawn on 2026-11-02
from the households the registry holds, and most of its sample called by the grid workers in
November: answered, some refused or unreachable, a few left to call. The satisfaction and
safety indicators of 2026-11 have a figure, with its interval. Fixed dates and seed, never the
clock."""

from __future__ import annotations

import datetime
from decimal import Decimal

from grassroots.accounts.models import Account
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import Role
from grassroots.registry.selectors import occupied_households
from grassroots.surveys.models import Outcome, Scale
from grassroots.surveys.services import (
    QuestionInput,
    create_survey,
    draw_sample,
    record_contact,
    start_survey,
)

NAME = "2026年第四季度群众满意度、安全感测评"
DRAWN_ON = datetime.date(2026, 11, 2)
SEED = 20261102
SATISFACTION = {"非常满意": 55, "满意": 38, "基本满意": 5, "不满意": 1.5, "非常不满意": 0.5}
SAFETY = {"安全": 60, "比较安全": 35, "不太安全": 4, "不安全": 1}


def _workers(grids: set[int]) -> dict[int, Account]:
    found: dict[int, Account] = {}
    for account in Account.objects.filter(
        org_node_id__in=grids, role_grants__role=Role.GRID_WORKER
    ).order_by("pk"):
        found.setdefault(account.org_node_id, account)
    return found


@demo_seeder(order=160, name="surveys.survey")
def seed_surveys(context: DemoContext) -> None:
    communities = context.nodes.get("community") or []
    if not communities:
        return
    community = communities[0]
    if not occupied_households(community, DRAWN_ON).exists():
        return  # no household in the registry: nothing to ask
    survey = create_survey(
        node=community,
        name=NAME,
        margin=Decimal(5),
        seed=SEED,
        questions=[
            QuestionInput("您对本社区党组织和居委会的工作总体满意吗？", Scale.SATISFACTION),
            QuestionInput("您在本社区生活感到安全吗？", Scale.SAFETY),
        ],
    )
    draw_sample(survey, on=DRAWN_ON)
    start_survey(survey)
    rng = context.rng
    sample = list(survey.sample.order_by("pk"))
    workers = _workers({s.grid_id for s in sample})
    questions = list(survey.questions.order_by("number"))
    with context.progress("满意度测评 / survey", total=len(sample)) as advance:
        for sampled in sample:
            draw = rng.random()
            on = DRAWN_ON + datetime.timedelta(days=rng.randint(1, 20))
            actor = workers.get(sampled.grid_id)
            if draw < 0.08:
                pass  # not called yet
            elif draw < 0.14:
                record_contact(sampled, outcome=Outcome.UNREACHABLE, actor=actor, on=on)
            elif draw < 0.18:
                record_contact(sampled, outcome=Outcome.REFUSED, actor=actor, on=on)
            else:
                answers = {
                    q.pk: _pick(rng, SATISFACTION if q.scale == Scale.SATISFACTION else SAFETY)
                    for q in questions
                }
                record_contact(
                    sampled, outcome=Outcome.ANSWERED, answers=answers, actor=actor, on=on
                )
            advance(1)


def _pick(rng: object, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]  # type: ignore[attr-defined]
