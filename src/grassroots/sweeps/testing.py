"""Sweep rows for tests and the scope walk: campaigns, tasks, visits and hazards anywhere."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from grassroots.org.models import OrgNode
from grassroots.registry.testing import grid_in, make_room
from grassroots.sweeps.choices import CampaignStatus, HazardKind
from grassroots.sweeps.models import (
    Campaign,
    CampaignChange,
    Hazard,
    HazardChange,
    SweepTask,
    Visit,
)
from grassroots.sweeps.photos import Photo
from grassroots.sweeps.services import ensure_tasks
from grassroots.sweeps.services.visits import HazardEntry, VisitEntry, record_visit
from grassroots.testing.personas import make_account
from grassroots.testing.scopewalk import register_sample

# The smallest thing that starts like a JPEG: enough for the photo routes to have a file.
SAMPLE_PHOTO = Photo(content=b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9", extension="jpg")


def make_campaign(
    node: OrgNode, tag: str, *, status: str = CampaignStatus.RUNNING, days: int = 30
) -> Campaign:
    """A campaign over ``node`` (rows made directly: a sample may overlap another one)."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        node=node,
        name=f"巡检扫楼{tag}",
        status=status,
        starts_on=today - datetime.timedelta(days=days),
        ends_on=today + datetime.timedelta(days=1),
    )
    if not ensure_tasks(campaign):
        grid_in(node, tag)
        ensure_tasks(campaign)
    CampaignChange.objects.create(campaign=campaign, to_status=status)
    return campaign


def task_for(node: OrgNode, tag: str) -> SweepTask:
    return make_campaign(node, tag).tasks.select_related("campaign", "grid").first()


def make_visit(node: OrgNode, tag: str, *, hazards: tuple[str, ...] = ()) -> Visit:
    room = make_room(node, tag)
    campaign = make_campaign(room.grid, tag)
    task = campaign.tasks.select_related("campaign").get(grid=room.grid)
    worker = make_account(room.grid, "grid_worker", username=f"walk_worker_{tag}")
    entry = VisitEntry(
        key=uuid.uuid4(),
        room=room,
        visited_at=timezone.now(),
        room_use=room.use,
        note=f"巡检走访{tag}",
        photo=SAMPLE_PHOTO,
        hazards=[HazardEntry(kind=k, note=f"巡检隐患{tag}", photo=SAMPLE_PHOTO) for k in hazards],
    )
    return record_visit(task=task, entry=entry, worker=worker).visit


def make_hazard(node: OrgNode, tag: str) -> Hazard:
    return make_visit(node, tag, hazards=(HazardKind.BLOCKED_EXIT,)).hazards.get()


register_sample(Campaign, marker=lambda c: c.name, make=make_campaign)
register_sample(
    CampaignChange, marker=lambda c: None, make=lambda n, t: make_campaign(n, t).changes.first()
)
# A task shows its campaign's name to the grid: the campaign run above it is the grid's work.
register_sample(SweepTask, marker=lambda t: t.campaign.name, make=task_for)
register_sample(Visit, marker=lambda v: v.note, make=make_visit)
register_sample(Hazard, marker=lambda h: h.note, make=make_hazard)
register_sample(
    HazardChange, marker=lambda c: None, make=lambda n, t: make_hazard(n, t).changes.first()
)
