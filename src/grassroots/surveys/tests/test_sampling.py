"""Drawing a survey's sample: the size from the margin, stratified by grid, reproducible from
the seed, audited, and refused once the survey runs."""

import datetime

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.kernel.stats import sample_size
from grassroots.registry.models import Household
from grassroots.surveys.models import SampledHousehold
from grassroots.surveys.services import SurveyError, draw_sample, start_survey
from grassroots.surveys.testing import make_survey

pytestmark = pytest.mark.django_db


def drawn(survey):
    return sorted(survey.sample.values_list("household_id", flat=True))


def test_the_sample_has_the_size_the_margin_asks_for_the_occupied_households(survey, tree):
    draw = draw_sample(survey)
    survey.refresh_from_db()
    assert survey.population == 40  # the other community's five are not in it
    assert draw.size.size == sample_size(40, 0.10).size == 28  # 96.04 / 3.376 = 28.45
    assert survey.sample.count() == 28


def test_households_that_moved_out_are_not_in_the_population(survey, registry):
    gone = [h.pk for h in registry["a1_2"]]
    Household.objects.filter(pk__in=gone).update(ended_on=datetime.date(2021, 1, 1))
    draw_sample(survey)
    survey.refresh_from_db()
    assert survey.population == 30
    assert not survey.sample.filter(household_id__in=gone).exists()


def test_the_sample_is_stratified_by_grid_in_proportion(survey, tree):
    draw_sample(survey)
    per_grid = {
        code: survey.sample.filter(grid__code=code).count()
        for code in (tree.grid_a1_1.code, tree.grid_a1_2.code)
    }
    # 28 × 30/40 = 21, 28 × 10/40 = 7
    assert per_grid == {tree.grid_a1_1.code: 21, tree.grid_a1_2.code: 7}
    assert not survey.sample.filter(grid=tree.grid_a2_1).exists()


def test_the_same_seed_draws_the_same_households_and_another_seed_others(tree, registry):
    first = make_survey(tree.community_a1, "一", margin=10, seed=42)
    second = make_survey(tree.community_a1, "二", margin=10, seed=42)
    other = make_survey(tree.community_a1, "三", margin=10, seed=43)
    for item in (first, second, other):
        draw_sample(item)
    assert drawn(first) == drawn(second)
    assert drawn(first) != drawn(other)


def test_drawing_again_in_draft_draws_the_same_sample_and_new_tokens(survey):
    draw_sample(survey)
    before, tokens = drawn(survey), set(survey.sample.values_list("token", flat=True))
    draw_sample(survey)
    assert drawn(survey) == before
    assert not tokens & set(survey.sample.values_list("token", flat=True))


def test_a_grid_too_small_for_its_share_still_gets_one_household(tree, registry):
    gone = [h.pk for h in registry["a1_2"][1:]]
    Household.objects.filter(pk__in=gone).update(ended_on=datetime.date(2021, 1, 1))
    wide = make_survey(tree.community_a1, "宽", margin=20)
    draw_sample(wide)
    # N = 31, n = 24.01 / (1 + 23.01 / 31) = 13.8 → 14; the one-household grid's share is 0.45
    assert wide.sample.count() == 14
    assert wide.sample.filter(grid=tree.grid_a1_2).count() == 1
    assert set(wide.sample.values_list("grid_id", flat=True)) == {
        tree.grid_a1_1.pk,
        tree.grid_a1_2.pk,
    }


def test_drawing_records_who_drew_and_when(survey, personas):
    from grassroots.kernel.permissions import Role

    secretary = personas[Role.COMMUNITY_SECRETARY]
    draw_sample(survey, actor=secretary)
    survey.refresh_from_db()
    assert survey.drawn_by == secretary and survey.drawn_at is not None
    event = AuditEvent.objects.filter(action="survey_sample_drawn").get()
    assert event.detail["sample_size"] == 28 and event.detail["seed"] == survey.seed


def test_redrawing_a_running_survey_is_refused_and_the_sample_stands(survey):
    draw_sample(survey)
    before = drawn(survey)
    start_survey(survey)
    with pytest.raises(SurveyError, match="不能重新抽样"):
        draw_sample(survey)
    assert drawn(survey) == before


def test_a_survey_cannot_start_before_its_sample_is_drawn(survey):
    with pytest.raises(SurveyError, match="请先抽样"):
        start_survey(survey)


def test_a_community_with_no_household_cannot_be_drawn(tree, registry):
    empty = make_survey(tree.community_b1, "春园")
    with pytest.raises(SurveyError, match="没有在住户"):
        draw_sample(empty)
    assert not SampledHousehold.objects.filter(survey=empty).exists()


def test_tokens_are_long_random_and_unique(survey):
    draw_sample(survey)
    tokens = list(survey.sample.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 22 for t in tokens)
