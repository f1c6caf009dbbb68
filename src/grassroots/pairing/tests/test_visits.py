"""Visits and joint studies: recorded with findings; the secretary answers once whether it
helped, and changing the answer is recorded; the per-unit summary and its burden share."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Answer, AnswerChange, Visit, VisitKind
from grassroots.pairing.selectors import visible_visit_summary, visit_summary
from grassroots.pairing.services import PairingError
from grassroots.pairing.services.lists import StaleAnswer, answer_visit, record_visit
from grassroots.pairing.testing import make_visit

pytestmark = pytest.mark.django_db


def test_the_liaison_records_a_joint_study_with_its_findings(housing, personas):
    visit = record_visit(
        housing,
        on=datetime.date(2026, 5, 6),
        kind=VisitKind.STUDY,
        topic="群租房成因",
        participants="王局长",
        findings=["隔断出租", "", "  消防通道堵塞 "],
        actor=personas[Role.PAIRED_UNIT_LIAISON],
    )
    assert list(visit.findings.values_list("text", flat=True)) == ["隔断出租", "消防通道堵塞"]
    assert AuditEvent.objects.filter(action=Action.PAIRING_VISIT_RECORDED).count() == 1


def test_a_visit_in_the_future_is_refused(housing):
    with pytest.raises(PairingError, match="不能晚于今天"):
        make_visit(housing, on=datetime.date.today() + datetime.timedelta(days=1))


def test_the_secretary_answers_once_and_a_change_is_recorded(housing, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    visit = make_visit(housing)
    answered = answer_visit(
        visit, answer=Answer.BURDEN, note="要求重复填表", version=1, actor=secretary
    )
    assert (answered.answer, answered.answer_note, answered.version) == (
        "burden",
        "要求重复填表",
        2,
    )
    with pytest.raises(PairingError, match="没有变化"):
        answer_visit(visit, answer=Answer.BURDEN, note="要求重复填表", version=2, actor=secretary)
    changed = answer_visit(visit, answer=Answer.NEUTRAL, version=2, actor=secretary)
    assert changed.answer == "neutral"
    changes = list(AnswerChange.objects.filter(visit=visit).values_list("from_answer", "to_answer"))
    assert changes == [("", "burden"), ("burden", "neutral")]
    audits = AuditEvent.objects.filter(action=Action.PAIRING_VISIT_ANSWERED).order_by("pk")
    assert [a.detail["answer"] for a in audits] == [["", "burden"], ["burden", "neutral"]]


def test_only_the_community_secretary_answers(housing, personas):
    visit = make_visit(housing)
    for role in (Role.PAIRED_UNIT_LIAISON, Role.STREET_STAFF):
        with pytest.raises(PairingError, match="社区（村）党组织书记"):
            answer_visit(visit, answer=Answer.HELPFUL, version=1, actor=personas[role])


def test_two_answers_on_the_same_version_one_wins_the_other_is_told(housing, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    visit = make_visit(housing)
    answer_visit(visit, answer=Answer.HELPFUL, version=1, actor=secretary)
    with pytest.raises(StaleAnswer, match="已被他人修改"):
        answer_visit(visit, answer=Answer.BURDEN, version=1, actor=secretary)
    assert Visit.objects.get(pk=visit.pk).answer == "helpful"


def test_the_burden_share_is_burden_answers_over_answered_visits_one_decimal_half_up(
    housing, personas
):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    answers = [
        Answer.BURDEN,
        Answer.HELPFUL,
        Answer.HELPFUL,
        Answer.NEUTRAL,
        Answer.HELPFUL,
        Answer.HELPFUL,
        Answer.HELPFUL,
        Answer.HELPFUL,
    ]
    for i, answer in enumerate(answers):
        visit = make_visit(housing, f"走访{i}", on=datetime.date(2026, 3, 1 + i))
        answer_visit(visit, answer=answer, version=1, actor=secretary)
    make_visit(housing, "未评价", on=datetime.date(2026, 4, 2))
    [row] = visit_summary(Visit.objects.all(), datetime.date(2026, 6, 30))
    assert (row.burden, row.answered) == (1, 8)
    assert row.burden_share == 12.5  # 1/8 = 12.5 exactly
    assert visit_summary(Visit.objects.none(), datetime.date(2026, 6, 30)) == []


def test_the_burden_share_rounds_half_up():
    from grassroots.pairing.selectors import VisitSummary

    row = VisitSummary(unit_id=1, unit_code="X", unit_name="X", months=(), answered=16, burden=1)
    assert row.burden_share == 6.3  # 6.25 → 6.3
    assert VisitSummary(1, "X", "X", (), answered=0, burden=0).burden_share is None


def test_the_summary_counts_visits_in_each_of_the_last_six_months(housing):
    for day in (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 6, 1),
        datetime.date(2026, 6, 20),
        datetime.date(2026, 9, 9),
    ):
        make_visit(housing, on=day)
    [row] = visit_summary(Visit.objects.all(), datetime.date(2026, 9, 30))
    assert [(m.strftime("%Y-%m"), n) for m, n in row.months] == [
        ("2026-04", 0),
        ("2026-05", 0),
        ("2026-06", 2),
        ("2026-07", 0),
        ("2026-08", 0),
        ("2026-09", 1),
    ]


def test_a_liaison_summary_holds_only_its_own_unit(housing, other_unit, personas):
    make_visit(housing, on=datetime.date(2026, 3, 1))
    make_visit(other_unit, on=datetime.date(2026, 3, 2))
    rows = visible_visit_summary(personas[Role.PAIRED_UNIT_LIAISON], datetime.date(2026, 3, 31))
    assert [r.unit_code for r in rows] == ["ZJJ"]
    office = visible_visit_summary(personas[Role.COMMUNITY_SECRETARY], datetime.date(2026, 3, 31))
    assert [r.unit_code for r in office] == ["CGJ", "ZJJ"]
