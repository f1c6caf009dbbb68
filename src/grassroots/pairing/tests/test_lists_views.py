"""The pairing page's problems → tasks and visits sections, and the task page."""

import datetime

import pytest

from grassroots.kernel.permissions import Role
from grassroots.pairing.models import Answer, ListTask, PledgeStatus, Problem
from grassroots.pairing.services.lists import add_task_evidence, answer_visit
from grassroots.pairing.testing import make_problem, make_task, make_visit, photo
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db


def test_the_secretary_puts_a_demand_on_the_list_and_the_page_links_back(housing, tree, as_role):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_2, title="二网格路灯不亮")
    client = as_role(Role.COMMUNITY_SECRETARY)
    form = client.get(f"/pairing/{housing.pk}/").content.decode()
    assert "二网格路灯不亮" in form  # offered among the community's demands
    response = client.post(
        f"/pairing/{housing.pk}/problems/",
        once({"demand": demand.pk, "text": "", "side": "community", "responsible": "张主任"}),
    )
    assert response.status_code == 302
    problem = Problem.objects.get(pairing=housing)
    assert problem.demand == demand
    page = client.get(f"/pairing/{housing.pk}/").content.decode()
    assert f'href="/demands/{demand.pk}/"' in page and 'data-testid="problem-demand"' in page


def test_a_problem_with_neither_text_nor_demand_is_refused_on_the_page(housing, as_role):
    page = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/pairing/{housing.pk}/problems/", once({"side": "unit", "responsible": "王"})
    )
    assert page.status_code == 200 and "请填写问题" in page.content.decode()
    assert not Problem.objects.exists()


def test_the_secretary_adds_a_practical_project_and_the_page_marks_it(housing, as_role):
    problem = make_problem(housing, "老楼无电梯")
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/pairing/{housing.pk}/tasks/",
        once(
            {
                "problem": problem.pk,
                "text": "3栋加装电梯",
                "responsible": "李工",
                "deadline": "2027-06-30",
                "is_practical": "on",
                "beneficiaries": "3栋居民",
                "beneficiary_count": "96",
            }
        ),
    )
    task = ListTask.objects.get(text="3栋加装电梯")
    assert response.status_code == 302 and response["Location"] == f"/pairing/tasks/{task.pk}/"
    page = client.get(f"/pairing/{housing.pk}/").content.decode()
    assert 'class="chip practical"' in page and "96人" in page


def test_a_liaison_may_not_add_problems_or_tasks(housing, as_role):
    client = as_role(Role.PAIRED_UNIT_LIAISON)
    page = client.get(f"/pairing/{housing.pk}/").content.decode()
    assert 'data-testid="problem-form"' not in page and 'data-testid="visit-form"' in page
    refused = client.post(
        f"/pairing/{housing.pk}/problems/", once({"text": "x", "side": "unit", "responsible": "王"})
    )
    assert refused.status_code == 404


def test_the_liaison_cannot_close_a_task_on_the_page_the_secretary_can(housing, as_role):
    task = make_task(make_problem(housing))
    evidence = add_task_evidence(task, upload=photo())
    liaison = as_role(Role.PAIRED_UNIT_LIAISON)
    page = liaison.get(f"/pairing/tasks/{task.pk}/").content.decode()
    assert 'data-testid="progress-form"' in page and 'data-testid="close-form"' not in page
    liaison.post(f"/pairing/tasks/{task.pk}/progress/", once({"percent": "90", "note": "快完了"}))
    refused = liaison.post(
        f"/pairing/tasks/{task.pk}/close/", {"version": "1", "evidence": [evidence.pk]}
    )
    assert refused.status_code == 404
    secretary = as_role(Role.COMMUNITY_SECRETARY)
    secretary.post(f"/pairing/tasks/{task.pk}/close/", {"version": "1", "evidence": [evidence.pk]})
    closed = ListTask.objects.get(pk=task.pk)
    assert closed.status == PledgeStatus.CLOSED and closed.progress == 90
    stale = secretary.post(
        f"/pairing/tasks/{task.pk}/close/", {"version": "1", "evidence": [evidence.pk]}, follow=True
    )
    assert "已被他人修改" in stale.content.decode()
    served = secretary.get(f"/pairing/task-evidence/{evidence.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_another_units_task_visit_and_finding_are_404_for_a_liaison(housing, other_unit, as_role):
    task = make_task(make_problem(other_unit))
    visit = make_visit(other_unit)
    finding = visit.findings.first()
    client = as_role(Role.PAIRED_UNIT_LIAISON)
    assert client.get(f"/pairing/tasks/{task.pk}/").status_code == 404
    evidence = add_task_evidence(task, upload=photo())
    assert client.get(f"/pairing/task-evidence/{evidence.pk}/").status_code == 404
    secretary_only = {"answer": "helpful", "version": "1"}
    assert client.post(f"/pairing/visits/{visit.pk}/answer/", secretary_only).status_code == 404
    assert client.post(f"/pairing/findings/{finding.pk}/problem/", {}).status_code == 404
    assert client.get(f"/pairing/{other_unit.pk}/").status_code == 404


def test_a_finding_becomes_a_problem_from_the_visits_section(housing, as_role):
    visit = make_visit(housing, findings=("楼道堆物严重",))
    finding = visit.findings.get()
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/pairing/findings/{finding.pk}/problem/", once(side="unit", responsible="王科长")
    )
    assert response.status_code == 302 and response["Location"].endswith("#problems")
    assert Problem.objects.get(finding=finding).text == "楼道堆物严重"
    page = client.get(f"/pairing/{housing.pk}/").content.decode()
    assert "已列入问题清单" in page


def test_the_liaison_records_a_visit_and_the_secretary_answers_it_on_the_page(housing, as_role):
    liaison = as_role(Role.PAIRED_UNIT_LIAISON)
    response = liaison.post(
        f"/pairing/{housing.pk}/visits/",
        once(
            {
                "on": datetime.date.today().isoformat(),
                "kind": "study",
                "topic": "群租房成因",
                "participants": "王局长",
                "findings": "隔断出租\n消防通道堵塞",
            }
        ),
    )
    assert response.status_code == 302
    visit = housing.visits.get()
    assert visit.findings.count() == 2
    secretary = as_role(Role.COMMUNITY_SECRETARY)
    page = secretary.get(f"/pairing/{housing.pk}/").content.decode()
    assert 'data-testid="answer-form"' in page and 'data-testid="visit-summary"' in page
    secretary.post(
        f"/pairing/visits/{visit.pk}/answer/",
        {
            f"v{visit.pk}-answer": "burden",
            f"v{visit.pk}-note": "又要填表",
            f"v{visit.pk}-version": "1",
        },
    )
    visit.refresh_from_db()
    assert visit.answer == Answer.BURDEN and visit.answer_note == "又要填表"
    page = secretary.get(f"/pairing/{housing.pk}/").content.decode()
    assert '<strong data-testid="burden-share">100.0%</strong>' in page


def test_a_second_answer_on_an_old_version_is_told_on_the_page(housing, personas, as_role):
    visit = make_visit(housing)
    answer_visit(visit, answer=Answer.HELPFUL, version=1, actor=personas[Role.COMMUNITY_SECRETARY])
    page = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/pairing/visits/{visit.pk}/answer/",
        {f"v{visit.pk}-answer": "burden", f"v{visit.pk}-version": "1"},
        follow=True,
    )
    assert "已被他人修改" in page.content.decode()


def test_a_bad_answer_does_not_fail_the_page(housing, as_role):
    visit = make_visit(housing)
    page = as_role(Role.COMMUNITY_SECRETARY).post(
        f"/pairing/visits/{visit.pk}/answer/", {f"v{visit.pk}-answer": "angry"}
    )
    assert page.status_code == 200
