"""Micro-wishes (微心愿): small wishes of residents in need, claimed and fulfilled by party members
or paired units.

The community posts a wish for a household of the registry (a text, a value in yuan, an
optional category). It is open (待认领) until a party member of the community or a unit paired
with it claims it (已认领); the claimer fulfils it and uploads a photo (已完成待确认); the
community confirms (已确认), or returns the fulfilment to the claimer (back to 已认领). The
community can cancel a wish that is not yet confirmed (已取消).

Every change of state is a ``WishChange`` (who, when, from, to, why); ``version`` lets two
claims made at once not cross: the first wins, the second is told.

Scope: the rows hang on the household's grid. A party member who holds no staff role sees the
open wishes of their own community and the wishes they claimed; a paired unit's liaison the open
wishes of the communities its units pair with and the wishes its units claimed
(``wishes.scope``). Anyone else keeps their subtree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.scope import ScopedManager, scoped

SCOPE_RULE = "grassroots.wishes.scope:open_or_own"


class WishStatus(models.TextChoices):
    OPEN = "open", _("待认领")
    CLAIMED = "claimed", _("已认领")
    FULFILLED = "fulfilled", _("已完成待确认")
    CONFIRMED = "confirmed", _("已确认")
    CANCELLED = "cancelled", _("已取消")


class WishCategory(models.TextChoices):
    DAILY = "daily", _("生活用品")
    STUDY = "study", _("学习用品")
    HEALTH = "health", _("医疗健康")
    REPAIR = "repair", _("家电维修")
    COMPANY = "company", _("陪伴服务")
    OTHER = "other", _("其他")


@scoped(node="grid", url_kwargs=("wish_id",), rule=SCOPE_RULE)
class Wish(models.Model):
    """One micro-wish of a household (微心愿).

    What a claimer learns of the household is ``recipient`` (the head's surname with 先生 or
    女士) and ``place`` (the estate and building, never the room), from the registry: enough to
    know whom the gift is for and roughly where, while the exact door, the full name, the ID
    number and the phone stay with the community, who hands the gift over with the claimer or
    tells them the door when they come. The wish's text is checked at posting for anything
    that looks like an ID number or a phone number (``services.post_wish``).
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name="户"
    )
    grid = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="网格"
    )  # the household's
    community = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="社区"
    )  # the grid's parent: whose members and paired units may claim it
    text = models.CharField("心愿内容", max_length=200)
    value = models.DecimalField("心愿价值（元）", max_digits=8, decimal_places=2)
    category = models.CharField(
        "类别", max_length=12, choices=WishCategory.choices, blank=True, default=""
    )
    recipient = models.CharField("心愿人", max_length=20)
    place = models.CharField("所在楼栋", max_length=160)
    status = models.CharField(
        "状态", max_length=12, choices=WishStatus.choices, default=WishStatus.OPEN
    )
    claimed_by_member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="认领党员",
    )
    claimed_by_unit = models.ForeignKey(
        "pairing.PairedUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="认领单位",
    )
    claimed_by_account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    fulfilled_at = models.DateTimeField("完成时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "微心愿"
        verbose_name_plural = "微心愿"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(claimed_by_member__isnull=False, claimed_by_unit__isnull=False),
                name="wishes_one_claimer",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="wishes_value_not_negative"),
        ]
        indexes = [
            models.Index(fields=["grid", "status"], name="wishes_grid_status"),
            models.Index(fields=["community", "status"], name="wishes_community_status"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def claimer_name(self) -> str:
        if self.claimed_by_member_id:
            return self.claimed_by_member.person.name  # type: ignore[union-attr]
        if self.claimed_by_unit_id:
            return self.claimed_by_unit.name  # type: ignore[union-attr]
        return ""


@scoped(node="wish__grid", url_kwargs=("wish_photo_id",), rule=SCOPE_RULE)
class WishPhoto(models.Model):
    """A photo proving a wish fulfilled, stored in the data directory and served only within
    scope. A returned fulfilment keeps its photo: the next one is added beside it."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="wishes/%Y/%m/")
    content_type = models.CharField(max_length=40)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "微心愿完成照片"
        verbose_name_plural = "微心愿完成照片"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.image.name


@scoped(node="wish__grid", rule=SCOPE_RULE)
class WishChange(models.Model):
    """A change of a wish's state: who, when, from, to (and why)."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "微心愿状态变更"
        verbose_name_plural = "微心愿状态变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.wish_id} {self.from_status}→{self.to_status}"

    @property
    def from_label(self) -> str:
        return WishStatus(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return WishStatus(self.to_status).label
