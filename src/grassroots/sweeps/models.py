"""Building sweeps (扫楼): campaigns over a subtree, door-to-door visits, hazards until rectified.

A ``Campaign`` belongs to the unit that runs it (a street, a community...) and covers that
node's subtree. Each grid of the subtree gets a ``SweepTask``: the grid's share of the campaign,
which is what a grid worker sees of a campaign run above them, through the one scope mechanism.
The campaign itself ``reaches_down``: a street or community under the unit that runs it reads
its header (name, dates, status, history) to carry its part out, never changes it, and sees of
its figures only its own part (visits and rooms are read through their own scope).
A ``Visit`` is one call at one room, made once whatever the number of times the phone sends it
(``key``, a UUID made in the browser, is unique). A ``Hazard`` found in a visit stays open until
someone rectifies it (整改). Every change of status is a history row written by its service.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.registry.choices import RoomUse
from grassroots.sweeps.choices import CampaignStatus, HazardKind, HazardStatus, VisitOutcome


def _node_fk(name: str = "所属网格") -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=name
    )


def _actor_fk() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@scoped(node="node", url_kwargs=("campaign_id",), reaches_down=True)
class Campaign(models.Model):
    """A sweep campaign (扫楼任务) over ``node`` and everything below it."""

    node = _node_fk("组织单位")
    name = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    created_by = _actor_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "扫楼任务"
        verbose_name_plural = "扫楼任务"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


@scoped(node="campaign__node", reaches_down=True)
class CampaignChange(models.Model):
    """One change of a campaign: created, started, finished, dates changed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    changes = models.JSONField(default=dict)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(CampaignStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(CampaignStatus(self.to_status).label)


@scoped(node="grid", url_kwargs=("task_id",))
class SweepTask(models.Model):
    """One grid's share of a campaign (网格扫楼任务)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    grid = _node_fk()

    objects = ScopedManager()

    class Meta:
        verbose_name = "网格扫楼任务"
        verbose_name_plural = "网格扫楼任务"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "grid"], name="sweeps_task_one_per_grid")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.name} · {self.grid.name}"


@scoped(node="grid", url_kwargs=("visit_id",))
class Visit(models.Model):
    """One call at one room in a campaign (入户走访), as the grid worker's phone recorded it.

    ``visited_at`` is the phone's time of the visit; ``recorded_at`` when the server got it.
    ``residents`` holds what the visit found: ids ``present`` after it (confirmed and added),
    ``moved_out`` and ``added``, so a later campaign can be compared with this one.
    """

    key = models.UUIDField("幂等键", unique=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="visits")
    grid = _node_fk()
    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="sweep_visits")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="网格员",
    )
    visited_at = models.DateTimeField("走访时间")
    # The local day and hour of ``visited_at``, kept so the quality view can group by them
    # without a time-zone conversion per row.
    visited_on = models.DateField("走访日期")
    visited_hour = models.PositiveSmallIntegerField("走访时刻")
    recorded_at = models.DateTimeField("上传时间", auto_now_add=True)
    outcome = models.CharField(
        "走访结果", max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.MET
    )
    room_use = models.CharField("房屋用途", max_length=16, choices=RoomUse.choices)
    residents = models.JSONField(default=dict)
    note = models.CharField("备注", max_length=500, blank=True)
    photo = models.FileField("现场照片", upload_to="sweeps/visits/%Y/%m", blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "入户走访"
        verbose_name_plural = "入户走访"
        ordering = ["-visited_at", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "worker", "visited_at"], name="sweeps_visit_pace"),
            models.Index(fields=["campaign", "room"], name="sweeps_visit_room"),
            # Covers both the coverage count (rooms visited per grid) and "was this room
            # visited" (the rooms not yet visited).
            models.Index(
                fields=["campaign", "outcome", "room", "grid"], name="sweeps_visit_coverage"
            ),
            models.Index(
                fields=["campaign", "visited_hour", "worker", "visited_on"],
                name="sweeps_visit_hours",
            ),
            models.Index(fields=["room", "visited_at"], name="sweeps_visit_room_time"),
            # The indicators read the rooms entered over a span of days, in every campaign
            # (扫楼覆盖率, registry freshness): a range of this index, nothing else.
            models.Index(fields=["visited_on", "outcome", "grid", "room"], name="sweeps_visit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.room.address} {self.visited_at:%Y-%m-%d %H:%M}"

    def set_time(self, at: datetime.datetime) -> None:
        local = timezone.localtime(at)
        self.visited_at, self.visited_on, self.visited_hour = at, local.date(), local.hour

    @property
    def present_ids(self) -> list[int]:
        return sorted(self.residents.get("present", []))


@scoped(node="grid", url_kwargs=("hazard_id",))
class Hazard(models.Model):
    """A hazard found in a visit (隐患), open until rectified (整改)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="hazards")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="hazards")
    grid = _node_fk()
    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="hazards")
    kind = models.CharField("隐患类型", max_length=20, choices=HazardKind.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    photo = models.FileField("隐患照片", upload_to="sweeps/hazards/%Y/%m", blank=True)
    found_at = models.DateTimeField("发现时间")
    status = models.CharField(
        "状态", max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN
    )
    rectified_on = models.DateField("整改日期", null=True, blank=True)
    rectification_note = models.CharField("整改情况", max_length=500, blank=True)
    rectification_photo = models.FileField(
        "整改照片", upload_to="sweeps/rectified/%Y/%m", blank=True
    )
    rectified_by = _actor_fk()
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "隐患"
        verbose_name_plural = "隐患"
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["status", "grid"], name="sweeps_hazard_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.room.address}"


@scoped(node="grid")
class HazardChange(models.Model):
    """One change of a hazard's status: found, rectified, reopened (who, when, from, to)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="changes")
    grid = _node_fk()
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} {self.on}"

    @property
    def from_label(self) -> str:
        return str(HazardStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(HazardStatus(self.to_status).label)
