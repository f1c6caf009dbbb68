"""The survey pages: scoped lists and pages, creating a survey once, the survey page with the
computation and the rates, the call sheet recording a call (htmx), the QR sheet, the public
answer page taking one submission, and the home panel."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.surveys.models import Answer, Outcome, Survey, SurveyStatus
from grassroots.surveys.testing import answer_all, make_survey
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db


def test_staff_see_the_surveys_of_their_scope_and_those_run_above_them(as_role, running, tree):
    make_survey(tree.community_b1, "春园社区测评")
    page = as_role(Role.GRID_WORKER).get("/surveys/").content.decode()
    assert "清河口社区满意度测评" in page and "春园社区测评" not in page
    page = as_role(Role.STREET_STAFF).get("/surveys/").content.decode()
    assert "清河口社区满意度测评" in page


def test_a_survey_outside_the_scope_is_a_404_on_every_page(as_role, tree, registry):
    other = make_survey(tree.community_b1, "春园社区测评")
    client = as_role(Role.COMMUNITY_SECRETARY)
    for url in (
        f"/surveys/{other.pk}/",
        f"/surveys/{other.pk}/calls/",
        f"/surveys/{other.pk}/links/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/surveys/{other.pk}/draw/").status_code == 404


def test_a_sampled_household_of_another_grid_is_a_404_to_a_grid_worker(as_role, running, tree):
    elsewhere = running.sample.filter(grid=tree.grid_a1_2).first()
    client = as_role(Role.GRID_WORKER)
    response = client.post(f"/surveys/sampled/{elsewhere.pk}/record/", {"outcome": "refused"})
    assert response.status_code == 404
    assert client.get(f"/surveys/{running.pk}/calls/?grid={tree.grid_a1_2.pk}").status_code == 404


def test_a_secretary_creates_a_survey_once(as_role, tree, registry):
    client = as_role(Role.COMMUNITY_SECRETARY)
    data = {
        "name": "第四季度测评",
        "node": tree.community_a1.pk,
        "margin": "5",
        "confidence": "95",
        "seed": "",
        "satisfaction_question": "您对社区工作满意吗？",
        "safety_question": "",
    }
    sent = once(data)
    response = client.post("/surveys/new/", sent)
    again = client.post("/surveys/new/", sent)
    survey = Survey.objects.get(name="第四季度测评")
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/"
    assert again.status_code == 302
    assert Survey.objects.filter(name="第四季度测评").count() == 1
    assert list(survey.questions.values_list("scale", flat=True)) == ["satisfaction"]


def test_the_survey_page_shows_the_computation_sample_by_grid_and_rates(as_role, running, tree):
    for sampled in running.sample.order_by("pk")[:3]:
        answer_all(sampled, "满意", "安全")
    page = as_role(Role.COMMUNITY_SECRETARY).get(f"/surveys/{running.pk}/").content.decode()
    assert "n₀ = z² × p(1−p) ÷ e² = 1.96² × 0.5 × 0.5 ÷ 0.1² = 96.0" in page
    assert 'data-testid="sample-size">28<' in page
    assert f'data-grid="{tree.grid_a1_1.code}"' in page
    assert "100.0%（n=3，95%置信区间" in page


def test_staff_draw_start_and_close_from_the_survey_page(as_role, survey):
    client = as_role(Role.COMMUNITY_SECRETARY)
    client.post(f"/surveys/{survey.pk}/draw/", {"version": survey.version})
    survey.refresh_from_db()
    assert survey.sample.count() == 28
    client.post(f"/surveys/{survey.pk}/start/", {"version": survey.version})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.RUNNING
    response = client.post(f"/surveys/{survey.pk}/draw/", {"version": survey.version}, follow=True)
    assert "不能重新抽样" in response.content.decode()


def test_a_grid_worker_reads_but_may_not_draw_the_communitys_survey(as_role, survey):
    client = as_role(Role.GRID_WORKER)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 200
    assert client.post(f"/surveys/{survey.pk}/draw/").status_code == 404
    assert not survey.sample.exists()


def test_the_call_sheet_records_answers_with_htmx_and_shows_the_row_again(as_role, running, tree):
    client = as_role(Role.GRID_WORKER)
    page = client.get(f"/surveys/{running.pk}/calls/").content.decode()
    sampled = running.sample.filter(grid=tree.grid_a1_1).order_by("address").first()
    assert sampled.address in page
    assert "138****1234" in page
    first, second = running.questions.order_by("number")
    response = client.post(
        f"/surveys/sampled/{sampled.pk}/record/",
        {"outcome": "answered", f"q{first.pk}": "满意", f"q{second.pk}": "安全", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert response.status_code == 200 and 'data-outcome="answered"' in row
    assert Answer.objects.filter(sampled=sampled).count() == 2


def test_a_refusal_and_an_incomplete_answer_on_the_call_sheet(as_role, running, tree):
    client = as_role(Role.GRID_WORKER)
    one, two = running.sample.filter(grid=tree.grid_a1_1).order_by("pk")[:2]
    client.post(
        f"/surveys/sampled/{one.pk}/record/", {"outcome": "refused"}, HTTP_HX_REQUEST="true"
    )
    one.refresh_from_db()
    assert one.outcome == Outcome.REFUSED
    first = running.questions.order_by("number").first()
    response = client.post(
        f"/surveys/sampled/{two.pk}/record/",
        {"outcome": "answered", f"q{first.pk}": "满意"},
        HTTP_HX_REQUEST="true",
    )
    assert "请回答第2题" in response.content.decode()
    two.refresh_from_db()
    assert two.outcome == Outcome.PENDING


def test_the_qr_sheet_draws_a_code_per_household_of_the_grid(as_role, running, tree):
    page = as_role(Role.COMMUNITY_SECRETARY).get(
        f"/surveys/{running.pk}/links/?grid={tree.grid_a1_2.pk}"
    )
    text = page.content.decode()
    assert text.count("<svg") == running.sample.filter(grid=tree.grid_a1_2).count() == 7


def test_the_public_page_takes_one_submission_without_sign_in(client, running):
    sampled = running.sample.first()
    first, second = running.questions.order_by("number")
    page = client.get(f"/surveys/answer/?t={sampled.token}")
    assert page.status_code == 200 and "您对本社区的工作总体满意吗" in page.content.decode()
    done = client.post(
        "/surveys/answer/",
        {"t": sampled.token, f"q{first.pk}": "非常满意", f"q{second.pk}": "安全"},
    )
    assert "提交成功" in done.content.decode()
    again = client.get(f"/surveys/answer/?t={sampled.token}")
    assert again.status_code == 410 and "该链接已使用" in again.content.decode()
    sampled.refresh_from_db()
    assert (sampled.outcome, sampled.channel) == (Outcome.ANSWERED, "qr")


def test_an_unknown_token_is_a_404_and_the_page_is_rate_limited(client, running, settings):
    assert client.get("/surveys/answer/?t=guess").status_code == 404
    settings.SURVEYS_PUBLIC_REQUESTS_PER_HOUR = 2
    statuses = [client.get("/surveys/answer/?t=guess").status_code for _ in range(3)]
    assert statuses[-1] == 429


def test_the_home_panel_lists_running_surveys_with_progress(as_role, running):
    answer_all(running.sample.order_by("pk").first(), "满意", "安全")
    page = as_role(Role.COMMUNITY_SECRETARY).get("/").content.decode()
    assert 'data-testid="surveys-panel"' in page
    assert "已回答 1 / 样本 28 户" in page


def test_a_secretary_reveals_a_households_phone_to_call_it_and_the_view_is_audited(
    as_role, running, tree
):
    from grassroots.audit.models import AuditEvent

    sampled = running.sample.filter(grid=tree.grid_a1_1).first()
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = client.get(f"/surveys/{running.pk}/calls/?grid={tree.grid_a1_1.pk}").content.decode()
    assert 'data-testid="reveal-phone"' in page and "13800001234" not in page
    shown = client.post(f"/surveys/sampled/{sampled.pk}/phone/").content.decode()
    assert 'href="tel:13800001234"' in shown
    assert AuditEvent.objects.filter(action="personal_data_viewed").count() == 1
    worker = as_role(Role.GRID_WORKER)
    assert worker.post(f"/surveys/sampled/{sampled.pk}/phone/").status_code == 404
