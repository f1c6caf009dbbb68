"""Campaigns: a task per grid, never two running over the same rooms, every change kept."""

import datetime

import pytest
from django.utils import timezone

from grassroots.audit.models import Action, AuditEvent
from grassroots.sweeps.choices import CampaignStatus
from grassroots.sweeps.services import (
    StaleSweepEdit,
    SweepError,
    create_campaign,
    set_campaign_status,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 10, 1)


def _campaign(node, name="2026年第四季度扫楼", start=False):
    return create_campaign(
        node=node,
        name=name,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=90),
        start=start,
    )


def test_a_campaign_gives_each_grid_of_its_subtree_a_task(tree):
    campaign = _campaign(tree.street_a)
    assert set(campaign.tasks.values_list("grid__code", flat=True)) == {
        tree.grid_a1_1.code,
        tree.grid_a1_2.code,
        tree.grid_a2_1.code,
    }


def test_two_campaigns_over_overlapping_units_never_run_at_once(tree):
    _campaign(tree.street_a, start=True)
    community = _campaign(tree.community_a1, name="社区自查")
    with pytest.raises(SweepError, match="重叠"):
        set_campaign_status(community, status=CampaignStatus.RUNNING, version=community.version)
    other_street = _campaign(tree.street_b, name="王寨扫楼")
    started = set_campaign_status(
        other_street, status=CampaignStatus.RUNNING, version=other_street.version
    )
    assert started.status == CampaignStatus.RUNNING


def test_starting_and_finishing_are_kept_in_the_history_and_the_audit_log(tree):
    campaign = _campaign(tree.street_a, start=True)
    campaign = set_campaign_status(
        campaign, status=CampaignStatus.FINISHED, version=campaign.version
    )
    assert [(c.from_status, c.to_status) for c in campaign.changes.all()] == [
        ("", "planned"),
        ("planned", "running"),
        ("running", "finished"),
    ]
    assert AuditEvent.objects.filter(action=Action.SWEEP_CAMPAIGN_CHANGED).count() == 3


def test_a_change_made_on_a_stale_copy_is_refused(tree):
    campaign = _campaign(tree.street_a)
    set_campaign_status(campaign, status=CampaignStatus.RUNNING, version=campaign.version)
    with pytest.raises(StaleSweepEdit):
        set_campaign_status(campaign, status=CampaignStatus.FINISHED, version=campaign.version)


def test_a_campaign_ending_before_it_starts_is_refused(tree):
    with pytest.raises(SweepError) as error:
        create_campaign(
            node=tree.street_a,
            name="x",
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    assert error.value.field == "ends_on"


def test_a_finished_campaign_takes_no_more_visits(tree, rooms, worker):
    from grassroots.sweeps.services.visits import VisitConflict
    from grassroots.sweeps.tests.conftest import record

    today = timezone.localdate()
    campaign = create_campaign(
        node=tree.community_a1, name="x", starts_on=today, ends_on=today, start=True
    )
    campaign = set_campaign_status(
        campaign, status=CampaignStatus.FINISHED, version=campaign.version
    )
    with pytest.raises(VisitConflict):
        record(campaign, rooms[0], worker)


@pytest.mark.usefixtures("real_transactions")
def test_starting_a_campaign_leaves_its_org_unit_free_for_others(monkeypatch):
    from django.db import connection

    from grassroots.org.models import OrgNode
    from grassroots.sweeps import services
    from grassroots.sweeps.models import Campaign
    from grassroots.testing.personas import build_tree, free_to_lock_elsewhere

    tree = build_tree()
    campaign = _campaign(tree.street_a)
    overlapping = services._overlapping_running
    while_locked = []

    def look(node, *, exclude):  # runs while the start holds its lock
        while_locked.append(
            (
                free_to_lock_elsewhere(OrgNode, tree.street_a.pk),
                free_to_lock_elsewhere(Campaign, campaign.pk),
            )
        )
        return overlapping(node, exclude=exclude)

    monkeypatch.setattr(services, "_overlapping_running", look)
    set_campaign_status(campaign, status=CampaignStatus.RUNNING, version=campaign.version)
    # PostgreSQL: the unit stays free, the campaign is held. SQLite locks no rows: both read.
    assert while_locked == [(True, connection.vendor != "postgresql")]
