"""The demo seeder: a running survey of the first community, most of its sample called, so the
indicators of 2026-11 have a satisfaction and a safety figure."""

import random

import pytest

from grassroots.demo.hooks import DemoContext
from grassroots.indicators.periods import parse_period
from grassroots.indicators.selectors import figures
from grassroots.indicators.services import roll_up
from grassroots.surveys import selectors
from grassroots.surveys.demo_seeds import seed_surveys
from grassroots.surveys.models import Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def _context(tree, seed=1):
    return DemoContext(
        seed=seed,
        residents=0,
        district_code=tree.district.code,
        district=tree.district,
        nodes={"community": [tree.community_a1, tree.community_a2, tree.community_b1]},
        rng=random.Random(seed),
    )


def test_the_demo_survey_runs_with_answers_refusals_and_households_to_call(tree, registry):
    seed_surveys(_context(tree))
    survey = Survey.objects.get()
    assert (survey.node, survey.status) == (tree.community_a1, SurveyStatus.RUNNING)
    progress = selectors.progress_of(None, survey)
    assert progress.sampled == survey.sample.count() > 0
    assert 0 < progress.answered < progress.sampled
    period = parse_period("2026-11")
    roll_up(period)
    found = {f.spec.code: f for f in figures(tree.community_a1, period)}
    assert found["satisfaction_rate"].denominator == progress.answered
    assert found["satisfaction_rate"].interval is not None


def test_a_district_without_households_gets_no_survey(tree):
    seed_surveys(_context(tree))
    assert not Survey.objects.exists()
