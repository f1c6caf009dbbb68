"""Disputes (矛盾纠纷): the handler records how each was resolved, and 调解成功率 counts it."""

import datetime

import pytest
from django.utils import timezone

from grassroots.audit.models import AuditEvent
from grassroots.demands.models import Category, Demand, DemandEvent
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.testing import make_demand
from grassroots.demands.workflow import MoveRefused, Status
from grassroots.indicators.periods import parse_period
from grassroots.indicators.selectors import figures
from grassroots.indicators.services import roll_up
from grassroots.kernel.permissions import Role

pytestmark = pytest.mark.django_db

S = Status
URL = "/api/v1/demands"


def _in_progress(grid, category="neighbour-noise", when=None):
    demand = make_demand(grid, category=category, when=when)
    for to in (S.ACCEPTED, S.IN_PROGRESS):
        transition_demand(demand.pk, move=MoveInput(to=to), actor=None, now=when)
    return demand


def _resolve(demand, mediation="", when=None):
    return transition_demand(
        demand.pk, move=MoveInput(to=S.RESOLVED, mediation=mediation), actor=None, now=when
    )


def test_the_default_tree_marks_the_dispute_categories(tree):
    make_demand(tree.grid_a1_1)  # installs the tree where a flushed database lost it
    disputes = set(Category.objects.filter(dispute=True).values_list("code", flat=True))
    assert {"neighbour", "neighbour-noise", "dispute-family", "dispute-labour"} <= disputes
    assert not {"env-clutter", "fire-ebike", "property-lift"} & disputes


def test_a_dispute_cannot_be_resolved_without_saying_how(tree):
    demand = _in_progress(tree.grid_a1_1)
    with pytest.raises(MoveRefused, match="调解结果"):
        _resolve(demand)
    assert Demand.objects.get(pk=demand.pk).status == S.IN_PROGRESS


def test_resolving_a_dispute_keeps_its_outcome_in_the_demand_history_and_audit(tree):
    demand = _in_progress(tree.grid_a1_1)
    _resolve(demand, "failed")
    stored = Demand.objects.get(pk=demand.pk)
    assert (stored.status, stored.mediation) == (S.RESOLVED, "failed")
    event = DemandEvent.objects.filter(demand=demand).last()
    assert (event.to_status, event.get_mediation_display()) == (
        S.RESOLVED,
        "调解不成功（转其他途径）",
    )
    audited = AuditEvent.objects.filter(action="demand_transitioned").order_by("pk").last()
    assert audited.detail["mediation"] == "failed"


def test_other_demands_refuse_a_mediation_outcome(tree):
    demand = _in_progress(tree.grid_a1_1, category="env-clutter")
    with pytest.raises(MoveRefused, match="只有矛盾纠纷"):
        _resolve(demand, "succeeded")
    assert _resolve(demand).mediation == ""


def test_reopening_a_dispute_clears_its_outcome_until_it_is_resolved_again(tree):
    demand = _in_progress(tree.grid_a1_1)
    _resolve(demand, "succeeded")
    transition_demand(
        demand.pk, move=MoveInput(to=S.FOLLOWED_UP, satisfaction="unsatisfied"), actor=None
    )
    transition_demand(demand.pk, move=MoveInput(to=S.REOPENED, note="仍在吵"), actor=None)
    assert Demand.objects.get(pk=demand.pk).mediation == ""
    assert _resolve(demand, "other").mediation == "other"
    outcomes = list(DemandEvent.objects.filter(demand=demand).exclude(mediation=""))
    assert [e.mediation for e in outcomes] == ["succeeded", "other"]


def test_the_page_asks_how_a_dispute_was_resolved_and_shows_it(as_role, tree):
    demand = _in_progress(tree.grid_a1_1)
    client = as_role(Role.GRID_WORKER)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert 'name="mediation"' in page and "调解不成功（转其他途径）" in page
    version = Demand.objects.get(pk=demand.pk).version
    missing = client.post(f"/demands/{demand.pk}/move/", {"to": "resolved", "version": version})
    assert missing.status_code == 409
    assert "须选择调解结果" in missing.content.decode()
    done = client.post(
        f"/demands/{demand.pk}/move/",
        {"to": "resolved", "version": version, "mediation": "succeeded"},
    )
    assert done.status_code == 302
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert 'data-testid="mediation-result">调解成功<' in page


def test_the_page_asks_nothing_of_other_demands(as_role, tree):
    demand = _in_progress(tree.grid_a1_1, category="env-clutter")
    page = as_role(Role.GRID_WORKER).get(f"/demands/{demand.pk}/").content.decode()
    assert 'name="mediation"' not in page


def test_the_api_records_the_outcome_and_refuses_a_dispute_without_it(api_as, tree):
    demand = _in_progress(tree.grid_a1_1)
    client = api_as(Role.GRID_WORKER)
    url = f"{URL}/{demand.pk}/transitions"
    refused = client.post(url, {"to": "resolved"}, content_type="application/json")
    assert refused.status_code == 409
    bad = client.post(
        url, {"to": "resolved", "mediation": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 422
    body = client.post(
        url, {"to": "resolved", "mediation": "succeeded"}, content_type="application/json"
    ).json()
    assert (body["dispute"], body["mediation"]) == (True, "succeeded")
    assert body["events"][-1]["mediation"] == "succeeded"


def test_the_success_rate_counts_mediated_disputes_resolved_in_the_month(tree):
    march = timezone.make_aware(datetime.datetime(2026, 3, 10, 9))
    april = march + datetime.timedelta(days=30)
    grid, other = tree.grid_a1_1, tree.grid_a1_2
    for place, outcome, when in (
        (grid, "succeeded", march),
        (grid, "succeeded", march),
        (grid, "failed", march),
        (grid, "other", march),  # never mediated: in neither figure
        (other, "failed", march),
        (grid, "succeeded", april),  # resolved in April
    ):
        _resolve(_in_progress(place, category="dispute-family", when=when), outcome, when)
    _resolve(_in_progress(grid, category="env-clutter", when=march), "", march)
    roll_up(parse_period("2026-03"))

    def rate(node):
        found = {f.spec.code: f for f in figures(node, parse_period("2026-03"))}
        f = found["mediation_success_rate"]
        return f.numerator, f.denominator, float(f.value)

    assert rate(grid) == (2, 3, 66.7)
    assert rate(tree.community_a1) == (2, 4, 50.0)
    assert rate(tree.district) == (2, 4, 50.0)
