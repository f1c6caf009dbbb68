"""A one-time form on a record's own page: an id outside the user's scope is a 404 whether the
form carries a token or not, never the redirect a stale form gets; inside the scope, a stale
form goes back to the record's page and a token saves once."""

from grassroots.demands.models import DemandTask
from grassroots.demands.testing import make_demand
from grassroots.kernel.models import FormSubmission
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once

TASK = {"action": "联系物业清理", "assignee": "王师傅", "due": "2030-01-01T12:00"}


def test_an_id_outside_the_scope_is_a_404_with_a_token_and_without(as_role, tree):
    outside = make_demand(tree.grid_b1_1)
    client = as_role(Role.GRID_WORKER)
    with_token = client.post(f"/demands/{outside.pk}/tasks/", once(TASK))
    without = client.post(f"/demands/{outside.pk}/tasks/", TASK)
    assert with_token.status_code == 404 and without.status_code == 404
    assert client.post("/demands/999999/tasks/", once(TASK)).status_code == 404
    assert not DemandTask.objects.exists() and not FormSubmission.objects.exists()


def test_inside_the_scope_a_stale_form_goes_back_to_the_record_and_a_token_saves_once(
    as_role, tree
):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.GRID_WORKER)
    page = f"http://testserver/demands/{demand.pk}/"
    stale = client.post(f"/demands/{demand.pk}/tasks/", TASK, HTTP_REFERER=page)
    assert stale.status_code == 302 and stale["Location"] == page
    assert not DemandTask.objects.exists()
    data = once(TASK)
    assert client.post(f"/demands/{demand.pk}/tasks/", data).status_code == 302
    again = client.post(f"/demands/{demand.pk}/tasks/", data, follow=True)
    assert "该表单已提交，未重复保存。" in again.content.decode()
    assert DemandTask.objects.count() == 1


def test_a_stale_form_from_another_site_is_sent_to_the_form_url_not_away(as_role, tree):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.GRID_WORKER)
    stale = client.post(f"/demands/{demand.pk}/tasks/", TASK, HTTP_REFERER="https://evil.example/")
    assert stale["Location"] == f"/demands/{demand.pk}/tasks/"
