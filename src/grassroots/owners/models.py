"""Owners of an estate and their collective decisions (业主共治).

An estate (``registry.Estate``, the part of a 小区 that lies in one grid) may have a property
company (``PropertyCompany``, 物业服务企业) and an owners' committee (``Committee``, 业主委员会)
whose ``CommitteeMember`` rows hold terms. A room's exclusive area (``RoomArea``, 专有部分面积)
and its owners (``Owner`` through ``Ownership``, 产权人, co-owners allowed) are kept here,
keyed to the registry's rooms, never in the registry's tables. Areas are whole hundredths of a
square metre, so every sum and every comparison with a threshold is exact.

A ``Vote`` (表决) covers an estate or some of its buildings; a ``Ballot`` is one opinion given
for a room's owner, on paper or online through a ``VoteLink`` (a one-time link printed as a QR
code on the owner's ballot). Ballots are never overwritten: the tally counts each owner's
latest. Every row carries its grid, so ``visible_to`` is one condition on the row's own column.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from grassroots.kernel import crypto
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.owners.choices import Channel, CommitteePost, MatterKind, Opinion, OwnerKind

COMMITTEE_RULE = "grassroots.owners.scope:committee_estates"


def _grid_fk() -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="所属网格"
    )


def _estate_fk(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        "registry.Estate", on_delete=models.PROTECT, related_name=related_name, verbose_name="小区"
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


def area_text(hundredths: int) -> str:
    """An area in hundredths of a square metre as text with two decimals: 8912.50."""
    return f"{Decimal(hundredths) / 100:.2f}"


@scoped(node="grid", url_kwargs=("property_company_id",), rule=COMMITTEE_RULE)
class PropertyCompany(models.Model):
    """The property-management company serving an estate (物业服务企业) under a contract."""

    grid = _grid_fk()
    estate = _estate_fk()
    name = models.CharField("企业名称", max_length=100)
    contract_starts = models.DateField("合同开始日期")
    contract_ends = models.DateField("合同结束日期", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "物业服务企业"
        verbose_name_plural = "物业服务企业"
        ordering = ["-contract_starts", "-pk"]

    def __str__(self) -> str:
        return self.name


@scoped(node="grid", url_kwargs=("committee_id",), rule=COMMITTEE_RULE)
class Committee(models.Model):
    """An estate's owners' committee (业主委员会), elected for a term."""

    grid = _grid_fk()
    estate = _estate_fk()
    name = models.CharField("名称", max_length=100)
    elected_on = models.DateField("选举日期")
    term_ends = models.DateField("任期届满日期")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "业主委员会"
        verbose_name_plural = "业主委员会"
        ordering = ["-elected_on", "-pk"]

    def __str__(self) -> str:
        return self.name


@scoped(node="grid", rule=COMMITTEE_RULE)
class CommitteeMember(models.Model):
    """A member of an owners' committee for a term; ``account`` is their sign-in, if any."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    grid = _grid_fk()
    name = models.CharField("姓名", max_length=50)
    post = models.CharField(
        "职务", max_length=12, choices=CommitteePost.choices, default=CommitteePost.MEMBER
    )
    term_starts = models.DateField("任期开始")
    term_ends = models.DateField("任期结束")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owners_committee_seats",
        verbose_name="登录账号",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "业委会成员"
        verbose_name_plural = "业委会成员"
        ordering = ["committee", "post", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"


@scoped(node="grid", rule=COMMITTEE_RULE)
class RoomArea(models.Model):
    """A room's exclusive area (专有部分面积), in hundredths of a square metre."""

    room = models.OneToOneField("registry.Room", on_delete=models.PROTECT, related_name="+")
    grid = _grid_fk()
    estate = _estate_fk()
    area_hundredths = models.PositiveIntegerField("专有部分面积（0.01平方米）")

    objects = ScopedManager()

    class Meta:
        verbose_name = "专有部分面积"
        verbose_name_plural = "专有部分面积"
        indexes = [models.Index(fields=["estate", "room"], name="owners_area_estate")]

    def __str__(self) -> str:
        return f"{area_text(self.area_hundredths)}㎡"

    @property
    def area(self) -> str:
        return area_text(self.area_hundredths)


@scoped(node="grid", rule=COMMITTEE_RULE)
class Owner(models.Model):
    """An owner of rooms in an estate (产权人): a person or an organisation, living there or not.

    One row per owner per estate, found again by ``key``: the blind index of the ID number (or,
    for an organisation without a credit code, of its name), so a buyer of several rooms is one
    row. The ID number itself is encrypted, like a resident's.
    """

    grid = _grid_fk()
    estate = _estate_fk()
    kind = models.CharField("业主类型", max_length=14, choices=OwnerKind.choices)
    name = models.CharField("业主姓名", max_length=100)
    id_number = EncryptedTextField("证件号码", blank=True, default="")
    key = models.CharField(max_length=crypto.INDEX_LENGTH)

    objects = ScopedManager()

    class Meta:
        verbose_name = "产权人"
        verbose_name_plural = "产权人"
        constraints = [
            models.UniqueConstraint(fields=["estate", "key"], name="owners_owner_one_per_estate")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_number else ""


@scoped(node="grid", rule=COMMITTEE_RULE)
class Ownership(models.Model):
    """One owner of one room; a room with several rows is held in co-ownership (共有)."""

    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="ownerships")
    grid = _grid_fk()
    estate = _estate_fk()

    objects = ScopedManager()

    class Meta:
        verbose_name = "房屋产权"
        verbose_name_plural = "房屋产权"
        constraints = [
            models.UniqueConstraint(fields=["room", "owner"], name="owners_ownership_unique")
        ]
        indexes = [models.Index(fields=["estate", "room"], name="owners_ownership_estate")]

    def __str__(self) -> str:
        return f"{self.owner_id} → {self.room_id}"


@scoped(node="grid", url_kwargs=("vote_id",), rule=COMMITTEE_RULE)
class Vote(models.Model):
    """An owners' vote (业主表决) on one matter, over an estate or some of its buildings.

    ``buildings`` empty means the whole estate. Once closed, the figures of the count are kept
    on the row (``result``) as they stood at the close.
    """

    grid = _grid_fk()
    estate = _estate_fk("+")
    buildings = models.ManyToManyField("registry.Building", blank=True, related_name="+")
    title = models.CharField("表决事项", max_length=200)
    matter = models.TextField("事项说明", blank=True)
    kind = models.CharField("事项类别", max_length=10, choices=MatterKind.choices)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    passed = models.BooleanField("是否通过", null=True, blank=True)
    result = models.JSONField("表决结果", default=dict, blank=True)
    created_by = _actor_fk("发起人")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "业主表决"
        verbose_name_plural = "业主表决"
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_major(self) -> bool:
        return self.kind == MatterKind.MAJOR


@scoped(node="grid", rule=COMMITTEE_RULE)
class VoteLink(models.Model):
    """An owner's one-time link to vote online, printed as a QR code on their paper ballot.

    ``room`` is the first of the owner's rooms in the vote; the link stands for every room
    counted with it. ``nonce`` is signed into the link; ``used_at`` is set once, by the one
    ballot the link may give.
    """

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="links")
    grid = _grid_fk()
    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="+")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "room"], name="owners_link_one_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.room_id}"


@scoped(node="grid", rule=COMMITTEE_RULE)
class Ballot(models.Model):
    """One opinion given for the owner of ``room`` in a vote (表决票), never overwritten."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    grid = _grid_fk()
    room = models.ForeignKey("registry.Room", on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("表决意见", max_length=8, choices=Opinion.choices)
    channel = models.CharField("方式", max_length=8, choices=Channel.choices)
    link = models.ForeignKey(VoteLink, null=True, blank=True, on_delete=models.SET_NULL)
    entered_by = _actor_fk("录入人")
    cast_at = models.DateTimeField("表决时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "表决票"
        verbose_name_plural = "表决票"
        ordering = ["vote", "pk"]
        indexes = [models.Index(fields=["vote", "id"], name="owners_ballot_vote")]

    def __str__(self) -> str:
        return f"{self.get_opinion_display()}"
