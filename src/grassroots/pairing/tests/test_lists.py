"""The three lists of a pairing: problems (from a demand, a finding, or entered) with their
responsible side and person, turned into tasks that close out like pledges."""

import datetime

import pytest

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.pairing.models import (
    ListTask,
    PledgeStatus,
    Problem,
    ProblemSource,
    Side,
    TaskChange,
)
from grassroots.pairing.services import PairingError
from grassroots.pairing.services.lists import (
    StaleTask,
    add_problem,
    add_task,
    add_task_evidence,
    close_task,
    problem_from_finding,
    record_task_progress,
    reopen_task,
)
from grassroots.pairing.testing import make_problem, make_task, make_visit, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(housing):
    return make_task(make_problem(housing))


def test_a_problem_from_a_demand_of_the_community_links_back_to_it(housing, tree):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_1, title="小区路灯不亮")
    problem = add_problem(
        housing, text="", side=Side.COMMUNITY, responsible="张主任", demand=demand
    )
    assert problem.source == ProblemSource.DEMAND and problem.text == "小区路灯不亮"
    assert list(demand.pairing_problems.all()) == [problem]
    audit = AuditEvent.objects.get(action=Action.PAIRING_PROBLEM_ADDED)
    assert audit.detail["demand_id"] == demand.pk


def test_a_demand_of_another_community_cannot_go_on_the_list(housing, tree):
    from grassroots.demands.testing import make_demand

    elsewhere = make_demand(tree.grid_b1_1, title="春园的诉求")
    with pytest.raises(PairingError, match="不属于该结对社区"):
        add_problem(housing, text="", side=Side.UNIT, responsible="王", demand=elsewhere)


def test_a_finding_of_a_joint_study_becomes_a_problem_with_one_action(housing, personas):
    visit = make_visit(housing, findings=("出租屋隔断多", "消防通道堵塞"))
    finding = visit.findings.order_by("pk").first()
    problem = problem_from_finding(
        finding, side=Side.UNIT, responsible="王科长", actor=personas[Role.COMMUNITY_SECRETARY]
    )
    assert (problem.pairing, problem.text, problem.source) == (housing, "出租屋隔断多", "study")
    assert problem.finding == finding


def test_a_problem_needs_a_responsible_person_and_a_known_side(housing):
    with pytest.raises(PairingError, match="责任人"):
        add_problem(housing, text="路灯", side=Side.UNIT, responsible=" ")
    with pytest.raises(PairingError, match="责任方"):
        add_problem(housing, text="路灯", side="street", responsible="王")


def test_a_practical_project_names_its_beneficiaries(housing):
    problem = make_problem(housing)
    with pytest.raises(PairingError, match="受益"):
        add_task(
            problem,
            text="加装电梯",
            responsible="李",
            deadline=datetime.date(2027, 1, 1),
            is_practical=True,
        )
    task = add_task(
        problem,
        text="加装电梯",
        responsible="李",
        deadline=datetime.date(2027, 1, 1),
        is_practical=True,
        beneficiaries="3栋居民",
        beneficiary_count=96,
    )
    assert task.is_practical and (task.beneficiaries, task.beneficiary_count) == ("3栋居民", 96)
    assert task.changes.get().to_status == PledgeStatus.OPEN


def test_tasks_have_the_standing_of_pledges(housing):
    today = datetime.date(2026, 12, 1)
    problem = make_problem(housing)
    stands = [
        make_task(problem, deadline=today + datetime.timedelta(days=d)).standing(today)
        for d in (-1, 0, 7, 8)
    ]
    assert stands == ["overdue", "due_soon", "due_soon", "on_track"]


def test_the_liaison_records_progress_but_cannot_close_a_task(task, personas):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    record_task_progress(task, percent=80, note="基本完成", actor=liaison)
    evidence = add_task_evidence(task, upload=photo(), actor=liaison)
    with pytest.raises(PairingError, match="结对单位不能为本单位销号"):
        close_task(task, version=1, evidence_ids=[evidence.pk], actor=liaison)
    task.refresh_from_db()
    assert task.progress == 80 and task.status == PledgeStatus.OPEN


def test_closing_a_task_needs_evidence_and_the_secretary(task, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    with pytest.raises(PairingError, match="至少一份佐证材料"):
        close_task(task, version=1, evidence_ids=[], actor=secretary)
    evidence = add_task_evidence(task, upload=photo())
    closed = close_task(task, version=1, evidence_ids=[evidence.pk], actor=secretary, note="已核实")
    assert closed.status == PledgeStatus.CLOSED and closed.closed_by == secretary
    change = TaskChange.objects.filter(task=task).last()
    assert (change.from_status, change.to_status, change.actor) == ("open", "closed", secretary)
    assert change.evidence_ids == [evidence.pk]
    audit = AuditEvent.objects.filter(action=Action.PAIRING_TASK_CHANGED).order_by("pk").last()
    assert audit.detail["status"] == ["open", "closed"] and audit.actor == secretary
    with pytest.raises(PairingError, match="已销号"):
        record_task_progress(task, percent=100)


def test_reopening_a_task_is_logged_and_audited_and_a_stale_move_is_told(task, personas):
    secretary, street = personas[Role.COMMUNITY_SECRETARY], personas[Role.STREET_STAFF]
    evidence = add_task_evidence(task, upload=photo())
    close_task(task, version=1, evidence_ids=[evidence.pk], actor=secretary)
    with pytest.raises(StaleTask, match="已被他人修改"):
        close_task(task, version=1, evidence_ids=[evidence.pk], actor=street)
    with pytest.raises(PairingError):
        reopen_task(task, version=2, reason="没做完", actor=personas[Role.PAIRED_UNIT_LIAISON])
    reopened = reopen_task(task, version=2, reason="路灯又坏了", actor=street)
    assert reopened.status == PledgeStatus.OPEN and reopened.closed_on is None
    change = TaskChange.objects.filter(task=task).last()
    assert (change.from_status, change.to_status, change.note) == ("closed", "open", "路灯又坏了")
    assert AuditEvent.objects.filter(action=Action.PAIRING_TASK_CHANGED).count() == 3


def test_the_lists_are_narrowed_for_a_liaison_like_pledges(housing, other_unit, personas):
    make_task(make_problem(housing, "住建局的问题"))
    make_task(make_problem(other_unit, "城管局的问题"))
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    assert set(Problem.objects.visible_to(liaison).values_list("text", flat=True)) == {
        "住建局的问题"
    }
    assert ListTask.objects.visible_to(liaison).count() == 1
    assert ListTask.objects.visible_to(personas[Role.COMMUNITY_SECRETARY]).count() == 2
