"""Escalating (上报) to a unit paired with the demand's community (结对单位), not only upwards."""

import datetime

import pytest
from django.urls import reverse

from grassroots.demands.models import Demand, DemandEvent
from grassroots.demands.services import MoveInput, transition_demand
from grassroots.demands.workflow import MoveRefused, Status
from grassroots.kernel.permissions import Role
from grassroots.pairing.selectors import units_paired_with
from grassroots.pairing.testing import pair


@pytest.fixture
def housing(tree):
    """区住建局, paired with the demand's community 清河口 (community_a1)."""
    return pair("ZJJ", "区住建局", tree.community_a1).unit


def test_a_grid_worker_escalates_to_the_paired_unit_and_its_liaison_takes_it_on(
    demand, housing, personas, tree
):
    moved = transition_demand(
        demand.pk,
        move=MoveInput(
            to=Status.ESCALATED, note="涉及老旧小区改造，请住建局协调", paired_unit=housing
        ),
        actor=personas[Role.GRID_WORKER],
    )
    assert moved.status == Status.ESCALATED and moved.paired_unit == housing
    assert moved.owner_unit == tree.community_a1  # the community stays responsible
    last = DemandEvent.objects.filter(demand=demand).last()
    assert (last.from_status, last.to_status) == (Status.RECEIVED, Status.ESCALATED)
    accepted = transition_demand(
        demand.pk, move=MoveInput(to=Status.ACCEPTED), actor=personas[Role.PAIRED_UNIT_LIAISON]
    )
    assert accepted.owner == personas[Role.PAIRED_UNIT_LIAISON]


def test_a_unit_not_paired_with_the_community_is_refused(demand, personas, tree):
    elsewhere = pair("CGJ", "区城管局", tree.community_b1).unit
    with pytest.raises(MoveRefused, match="未与诉求所在社区（村）结对"):
        transition_demand(
            demand.pk,
            move=MoveInput(to=Status.ESCALATED, note="请城管协调", paired_unit=elsewhere),
            actor=personas[Role.GRID_WORKER],
        )
    assert Demand.objects.get(pk=demand.pk).status == Status.RECEIVED


def test_a_pairing_counts_only_while_it_runs(tree):
    ended = pair(
        "WJW",
        "区卫健局",
        tree.community_a1,
        started_on=datetime.date(2024, 1, 1),
        ended_on=datetime.date(2025, 12, 31),
    )
    assert list(units_paired_with(tree.grid_a1_1, datetime.date(2025, 6, 1))) == [ended.unit]
    assert list(units_paired_with(tree.grid_a1_1, datetime.date(2026, 6, 1))) == []
    assert list(units_paired_with(tree.grid_a2_1, datetime.date(2025, 6, 1))) == []


def test_the_api_escalates_by_unit_code_and_names_an_unknown_code(demand, housing, api_as):
    client = api_as(Role.GRID_WORKER)
    url = f"/api/v1/demands/{demand.pk}/transitions"
    bad = client.post(
        url,
        {"to": "escalated", "note": "协调", "paired_unit_code": "NOPE"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "paired_unit_code" in bad.content.decode()
    good = client.post(
        url,
        {"to": "escalated", "note": "协调", "paired_unit_code": "ZJJ"},
        content_type="application/json",
    )
    assert good.status_code == 200, good.content
    assert good.json()["paired_unit_code"] == "ZJJ"
    assert good.json()["status"] == "escalated"


def test_the_demand_page_offers_the_paired_units_when_escalating(demand, housing, as_role):
    client = as_role(Role.GRID_WORKER)
    page = client.get(reverse("demands:detail", kwargs={"demand_id": demand.pk})).content.decode()
    assert "结对单位：区住建局" in page
    response = client.post(
        reverse("demands:move", kwargs={"demand_id": demand.pk}),
        {
            "to": "escalated",
            "version": demand.version,
            "note": "请住建局协调",
            "paired_unit": housing.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("demands:detail", kwargs={"demand_id": demand.pk})).content.decode()
    assert 'data-testid="paired-unit">区住建局' in page
