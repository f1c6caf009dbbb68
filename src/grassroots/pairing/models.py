"""Paired units and their pairings with communities (结对单位、结对关系).

A county-level unit (a department such as 区住建局, through its party organisation) pairs with
village and community party organisations and helps them with what they cannot settle alone:
a demand can be escalated to a unit paired with its community. Agreements and pledges
(承诺事项) will hang off ``Pairing``.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from grassroots.kernel.scope import ScopedManager, ScopedQuerySet, scoped


@scoped(node="district")
class PairedUnit(models.Model):
    """A county-level unit that pairs with communities (结对单位), belonging to its district.

    Below the district, people meet a unit through a pairing of a community they can see
    (``selectors.units_paired_with``): which units pair with which community is published.
    """

    district = models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="paired_units",
        verbose_name="所属区县",
    )
    code = models.CharField("单位编码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=100)
    party_organization = models.CharField("党组织名称", max_length=100, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "结对单位"
        verbose_name_plural = "结对单位"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PairingQuerySet(ScopedQuerySet):
    def active_on(self, day: datetime.date) -> PairingQuerySet:
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


@scoped(node="community")
class Pairing(models.Model):
    """One unit paired with one community or village over a period (结对关系)."""

    unit = models.ForeignKey(
        PairedUnit, on_delete=models.PROTECT, related_name="pairings", verbose_name="结对单位"
    )
    community = models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name="结对社区（村）",
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    objects = models.Manager.from_queryset(PairingQuerySet)()

    class Meta:
        verbose_name = "结对关系"
        verbose_name_plural = "结对关系"
        ordering = ["community__path", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "community", "started_on"], name="pairing_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} ⇄ {self.community.name}"
