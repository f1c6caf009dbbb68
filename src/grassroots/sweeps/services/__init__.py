"""Writes of campaigns and hazards, each a named action owning its transaction and history.

Campaigns: ``create_campaign``, ``set_campaign_status`` (start, finish, reopen). Two campaigns
whose subtrees overlap are never running at once, so every room has at most one running
campaign and a visit always knows where it belongs. Hazards: ``rectify_hazard`` (整改).
Visits are recorded in ``visits.record_visit``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.org.models import Level, OrgNode
from grassroots.sweeps.choices import CampaignStatus, HazardStatus
from grassroots.sweeps.models import Campaign, CampaignChange, Hazard, HazardChange, SweepTask
from grassroots.sweeps.photos import Photo

TRANSITIONS = {
    CampaignStatus.PLANNED: {CampaignStatus.RUNNING},
    CampaignStatus.RUNNING: {CampaignStatus.FINISHED},
    CampaignStatus.FINISHED: {CampaignStatus.RUNNING},
}


class SweepError(ValueError):
    """A sweep write that cannot be made; the message says why, in the user's language."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleSweepEdit(SweepError):
    def __init__(self) -> None:
        super().__init__(_("该记录已被他人修改，请刷新后重试"))


def _overlapping_running(node: OrgNode, exclude: int | None = None) -> Campaign | None:
    """A running campaign over an ancestor of ``node``, ``node`` itself or a node below it."""
    ancestors = [
        node.path[:end] for end in range(OrgNode.steplen, len(node.path) + 1, OrgNode.steplen)
    ]
    running = Campaign.objects.filter(status=CampaignStatus.RUNNING).filter(
        Q(node__path__in=ancestors) | Q(node__path__within=node.path)
    )
    if exclude is not None:
        running = running.exclude(pk=exclude)
    return running.select_related("node").first()


def ensure_tasks(campaign: Campaign) -> int:
    """Give every grid of the campaign's subtree its task; return how many were added."""
    grids = OrgNode.objects.filter(path__within=campaign.node.path, level=Level.GRID)
    have = set(campaign.tasks.values_list("grid_id", flat=True))
    new = [
        SweepTask(campaign=campaign, grid_id=pk)
        for pk in grids.values_list("pk", flat=True)
        if pk not in have
    ]
    SweepTask.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise SweepError(_("结束日期不能早于开始日期"), field="ends_on")


@transaction.atomic
def create_campaign(
    *,
    node: OrgNode,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    actor: Any = None,
    start: bool = False,
    request: Any = None,
) -> Campaign:
    """A new campaign over ``node``'s subtree, with a task for each of its grids."""
    _check_dates(starts_on, ends_on)
    name = name.strip()
    if not name:
        raise SweepError(_("请填写名称"), field="name")
    campaign = Campaign.objects.create(
        node=node,
        name=name[:100],
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ensure_tasks(campaign)
    _log(
        campaign,
        "",
        CampaignStatus.PLANNED,
        actor,
        request,
        changes={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    if start:
        return set_campaign_status(
            campaign,
            status=CampaignStatus.RUNNING,
            version=campaign.version,
            actor=actor,
            request=request,
        )
    return campaign


def _log(
    campaign: Campaign,
    old: str,
    new: str,
    actor: Any,
    request: Any,
    changes: dict[str, Any] | None = None,
) -> None:
    CampaignChange.objects.create(
        campaign=campaign,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=old,
        to_status=new,
        changes=changes or {},
    )
    record(
        Action.SWEEP_CAMPAIGN_CHANGED,
        actor=actor,
        request=request,
        target=campaign.name,
        node=campaign.node,
        campaign_id=campaign.pk,
        status=[old, new],
    )


@transaction.atomic
def set_campaign_status(
    campaign: Campaign,
    *,
    status: str,
    version: int,
    actor: Any = None,
    request: Any = None,
) -> Campaign:
    """Start, finish or reopen a campaign, if nobody changed it since ``version`` was read."""
    # The campaign's row alone, not the org unit it joins to, which others edit and lock.
    current = (
        Campaign.objects.select_for_update(of=("self",)).select_related("node").get(pk=campaign.pk)
    )
    if current.version != version:
        raise StaleSweepEdit
    if status not in TRANSITIONS[CampaignStatus(current.status)]:
        raise SweepError(
            _("扫楼任务不能从“%(old)s”改为“%(new)s”")
            % {"old": current.get_status_display(), "new": CampaignStatus(status).label}
        )
    if status == CampaignStatus.RUNNING:
        other = _overlapping_running(current.node, exclude=current.pk)
        if other is not None:
            raise SweepError(
                _("“%(name)s”（%(unit)s）正在进行，范围与本任务重叠，请先结束它")
                % {"name": other.name, "unit": other.node.name}
            )
        ensure_tasks(current)
    updated = Campaign.objects.filter(pk=current.pk, version=version).update(
        status=status, version=F("version") + 1
    )
    if not updated:
        raise StaleSweepEdit
    _log(current, current.status, status, actor, request)
    current.refresh_from_db()
    return current


@transaction.atomic
def rectify_hazard(
    hazard: Hazard,
    *,
    on: datetime.date,
    note: str = "",
    photo: Photo | None = None,
    version: int,
    actor: Any = None,
    request: Any = None,
) -> Hazard:
    """Mark a hazard rectified (整改) on ``on``, with a written account and/or a photo."""
    current = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if current.version != version:
        raise StaleSweepEdit
    if current.status != HazardStatus.OPEN:
        raise SweepError(_("该隐患已整改"))
    note = note.strip()[:500]
    if not note and photo is None:
        raise SweepError(_("请填写整改情况或上传整改照片"), field="note")
    if on > timezone.localdate():
        raise SweepError(_("整改日期不能晚于今天"), field="rectified_on")
    if on < timezone.localdate(current.found_at):
        raise SweepError(_("整改日期不能早于发现日期"), field="rectified_on")
    current.status = HazardStatus.RECTIFIED
    current.rectified_on, current.rectification_note = on, note
    current.rectified_by = actor if getattr(actor, "pk", None) else None
    if photo is not None:
        upload = photo.as_file()
        current.rectification_photo.save(upload.name, upload, save=False)
    current.version = version + 1
    current.save()
    HazardChange.objects.create(
        hazard=current,
        grid_id=current.grid_id,
        actor=current.rectified_by,
        from_status=HazardStatus.OPEN,
        to_status=HazardStatus.RECTIFIED,
        on=on,
        note=note,
    )
    record(
        Action.HAZARD_CHANGED,
        actor=actor,
        request=request,
        target=f"{current.get_kind_display()} {current.room.address}"[:200],
        hazard_id=current.pk,
        status=[HazardStatus.OPEN, HazardStatus.RECTIFIED],
        on=on.isoformat(),
    )
    return current
