"""Calls and links: staff record answers, refusals and unreachable households; a household
answers once through its QR link; the rates carry n and their 95% interval."""

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.surveys import selectors
from grassroots.surveys.models import Answer, Outcome, SurveyStatus
from grassroots.surveys.services import (
    LinkRefused,
    StaleSurvey,
    SurveyError,
    answer_by_link,
    close_survey,
    record_contact,
)
from grassroots.surveys.testing import answer_all

pytestmark = pytest.mark.django_db


def questions(survey):
    return list(survey.questions.order_by("number"))


def answers(survey, *choices):
    return {q.pk: c for q, c in zip(questions(survey), choices, strict=True)}


def test_a_call_records_every_answer_who_and_when(running, personas):
    worker = personas[Role.GRID_WORKER]
    sampled = running.sample.first()
    done = record_contact(
        sampled, outcome="answered", answers=answers(running, "满意", "比较安全"), actor=worker
    )
    assert (done.outcome, done.channel, done.contacted_by, done.attempts) == (
        Outcome.ANSWERED,
        "phone",
        worker,
        1,
    )
    assert list(done.answers.order_by("question__number").values_list("choice", "favourable")) == [
        ("满意", True),
        ("比较安全", True),
    ]
    event = AuditEvent.objects.filter(action="survey_contact_recorded").get()
    assert event.detail["contact"] == "answered" and event.username == worker.username


def test_unreachable_counts_the_call_and_the_household_may_be_called_again(running):
    sampled = running.sample.first()
    record_contact(sampled, outcome="unreachable")
    again = record_contact(sampled, outcome="unreachable")
    assert (again.outcome, again.attempts) == (Outcome.UNREACHABLE, 2)
    answered = record_contact(sampled, outcome="answered", answers=answers(running, "满意", "安全"))
    assert answered.outcome == Outcome.ANSWERED


def test_a_refusal_writes_no_answer(running):
    sampled = running.sample.first()
    record_contact(sampled, outcome="refused")
    assert not Answer.objects.filter(sampled=sampled).exists()


def test_an_answer_off_the_scale_or_a_question_left_out_is_refused(running):
    sampled = running.sample.first()
    with pytest.raises(SurveyError, match="回答应为"):
        record_contact(sampled, outcome="answered", answers=answers(running, "还行", "安全"))
    with pytest.raises(SurveyError, match="请回答第2题"):
        record_contact(sampled, outcome="answered", answers={questions(running)[0].pk: "满意"})
    assert not Answer.objects.exists()


def test_a_household_answers_once_and_a_stale_version_is_told(running):
    sampled = running.sample.first()
    record_contact(sampled, outcome="answered", answers=answers(running, "满意", "安全"))
    with pytest.raises(StaleSurvey, match="已经回答过"):
        record_contact(sampled, outcome="refused")
    other = running.sample.exclude(pk=sampled.pk).first()
    with pytest.raises(StaleSurvey):
        record_contact(other, outcome="refused", version=other.version + 1)


def test_no_call_is_recorded_once_the_survey_is_closed(running):
    close_survey(running)
    running.refresh_from_db()
    sampled = running.sample.first()
    with pytest.raises(SurveyError, match="未开始或已结束"):
        record_contact(sampled, outcome="refused")


def test_a_qr_link_takes_one_submission_then_says_it_is_used(running):
    sampled = running.sample.first()
    answer_by_link(sampled.token, answers(running, "非常满意", "安全"))
    sampled.refresh_from_db()
    assert (sampled.outcome, sampled.channel) == (Outcome.ANSWERED, "qr")
    assert sampled.link_used_at is not None
    with pytest.raises(LinkRefused, match="已使用"):
        answer_by_link(sampled.token, answers(running, "不满意", "不安全"))
    assert list(sampled.answers.values_list("choice", flat=True).order_by("pk")) == [
        "非常满意",
        "安全",
    ]


def test_a_bad_link_submission_leaves_the_link_usable(running):
    sampled = running.sample.first()
    with pytest.raises(SurveyError):
        answer_by_link(sampled.token, answers(running, "满意", "还行"))
    sampled.refresh_from_db()
    assert sampled.link_used_at is None
    answer_by_link(sampled.token, answers(running, "满意", "安全"))


def test_an_unknown_token_is_refused(running):
    with pytest.raises(LinkRefused, match="链接无效"):
        answer_by_link("not-a-token", {})


def test_the_rate_is_favourable_over_valid_with_n_and_its_interval(running):
    sample = list(running.sample.order_by("pk"))
    for sampled in sample[:9]:
        answer_all(sampled, "满意", "比较安全")
    answer_all(sample[9], "基本满意", "不太安全")
    record_contact(sample[10], outcome="refused")
    rates = {r.feeds: r for r in selectors.rates(None, running)}
    satisfaction = rates["satisfaction"]
    assert (satisfaction.favourable, satisfaction.valid, str(satisfaction.value)) == (9, 10, "90.0")
    # Wilson at 95% of 9/10 with the finite-population correction for N = 40 households:
    # n_eff = 10 × 39 / 30 = 13; centre 0.8088, half-width 0.1699.
    assert (str(satisfaction.low), str(satisfaction.high)) == ("63.9", "97.9")
    assert satisfaction.label == "90.0%（n=10，95%置信区间 63.9%–97.9%）"
    progress = selectors.progress_of(None, running)
    assert (progress.answered, progress.refused, progress.pending) == (10, 1, 17)


def test_a_grid_worker_reads_the_rates_of_their_own_grid_only(running, personas, tree):
    in_grid = running.sample.filter(grid=tree.grid_a1_1).first()
    elsewhere = running.sample.filter(grid=tree.grid_a1_2).first()
    answer_all(in_grid, "满意", "安全")
    answer_all(elsewhere, "不满意", "不安全")
    worker = personas[Role.GRID_WORKER]
    rates = {r.feeds: r for r in selectors.rates(worker, running)}
    assert (rates["satisfaction"].favourable, rates["satisfaction"].valid) == (1, 1)
    assert running.status == SurveyStatus.RUNNING
