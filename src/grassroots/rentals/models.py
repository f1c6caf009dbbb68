"""Group-rental campaigns (群租房整治): a campaign over an area, a case per group-rental room.

A ``RentalCampaign`` belongs to the unit whose area it covers (a street, a community...). Each
room of the area that is a group rental on the start date, or is set to one while the campaign
runs, gets a ``RentalCase`` in the room's grid: that is what a grid worker sees of a campaign
run above them, through the one scope mechanism. A case records dated ``CaseAction`` rows, one
of the five methods each; the one that records 已整改 changes the registry's room use. Every
change of a case's status is a ``CaseChange`` (who, when, from, to), which the report replays
to give the figures as of any date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.registry.choices import RoomUse
from grassroots.rentals.choices import CaseStatus, ChangeKind, Method, Outcome


def _node_fk(name: str = "所属网格") -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=name
    )


def _actor_fk(name: str = "操作人") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=name,
    )


@scoped(node="node", url_kwargs=("rental_campaign_id",))
class RentalCampaign(models.Model):
    """A group-rental campaign (群租房整治行动) over ``node`` and everything below it."""

    node = _node_fk("整治范围")
    title = models.CharField("名称", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    created_by = _actor_fk("发起人")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "群租房整治行动"
        verbose_name_plural = "群租房整治行动"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title


@scoped(node="grid", url_kwargs=("rental_case_id",))
class RentalCase(models.Model):
    """One group-rental room in a campaign (群租房整治台账), open until rectified."""

    campaign = models.ForeignKey(RentalCampaign, on_delete=models.PROTECT, related_name="cases")
    grid = _node_fk()
    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("发现日期")
    status = models.CharField(
        "状态", max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    rectified_on = models.DateField("整改日期", null=True, blank=True)
    method = models.CharField("整改措施", max_length=20, choices=Method.choices, blank=True)
    rebounds = models.PositiveIntegerField("反弹次数", default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "群租房"
        verbose_name_plural = "群租房"
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "room"], name="rentals_case_one_per_room")
        ]
        indexes = [models.Index(fields=["campaign", "grid"], name="rentals_case_grid")]

    def __str__(self) -> str:
        return self.room.address


@scoped(node="grid")
class CaseAction(models.Model):
    """One dated action on a case: one of the five methods, by whom, with what outcome."""

    case = models.ForeignKey(RentalCase, on_delete=models.CASCADE, related_name="actions")
    grid = _node_fk()
    on = models.DateField("日期")
    method = models.CharField("措施", max_length=20, choices=Method.choices)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    new_use = models.CharField("整改后用途", max_length=16, choices=RoomUse.choices, blank=True)
    notes = models.CharField("情况说明", max_length=500, blank=True)
    actor = _actor_fk("记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "整治措施"
        verbose_name_plural = "整治措施"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_method_display()} {self.get_outcome_display()}"


@scoped(node="grid")
class CaseChange(models.Model):
    """One change of a case's status: found, rectified, gone back (who, when, from, to)."""

    case = models.ForeignKey(RentalCase, on_delete=models.CASCADE, related_name="changes")
    # The case's campaign again, so the report reads one campaign's changes by one index.
    campaign = models.ForeignKey(RentalCampaign, on_delete=models.CASCADE, related_name="+")
    grid = _node_fk()
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    on = models.DateField("日期")
    method = models.CharField(max_length=20, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["campaign", "on"], name="rentals_change_campaign_on")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} {self.on}"

    @property
    def from_label(self) -> str:
        return str(CaseStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(CaseStatus(self.to_status).label)
