"""The grid roster (一格多员) and the building notice boards (亮身份).

A ``GridPost`` is one person serving one grid in one role — 网格长, 网格员, 志愿者 or 乡贤 —
from a date until a date: a person of the people module, or just a name where the community
keeps no record of them. Its work phone is the number the grid publishes (on the notice
board), kept encrypted like every phone and masked on staff pages. Every appointment, edit
and end is a ``PostChange`` (who, when, from, to).

A ``BuildingBranch`` names the party organisation that answers for a building on its notice
(a 楼栋党支部 or a 党员中心户); a building without one shows its grid's branch. A member's
phone is their own: it is on a notice only through a ``MemberBoardPhone``, the work phone the
member agreed to show, recorded with the day they agreed. Residents' data never is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.org.models import PartyOrgKind


class PostRole(models.TextChoices):
    CHIEF = "chief", "网格长"
    WORKER = "worker", "网格员"
    VOLUNTEER = "volunteer", "志愿者"
    NOTABLE = "notable", "乡贤"


class ChangeKind(models.TextChoices):
    APPOINTED = "appointed", "任职"
    EDITED = "edited", "修改"
    ENDED = "ended", "离任"


# The party organisations that may answer for a building on its notice.
BUILDING_KINDS = (
    PartyOrgKind.BUILDING_BRANCH,
    PartyOrgKind.CENTRAL_HOUSEHOLD,
    PartyOrgKind.PARTY_GROUP,
    PartyOrgKind.GRID_BRANCH,
)


def _grid_fk(verbose_name: str = "网格") -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name
    )


def _actor_fk(verbose_name: str = "操作人") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


@scoped(node="grid", url_kwargs=("grid_post_id",))
class GridPost(models.Model):
    """One person serving a grid in one role, from ``since`` until ``until`` (current if
    none)."""

    grid = _grid_fk()
    role = models.CharField("职责", max_length=10, choices=PostRole.choices)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="人员",
    )
    name = models.CharField("姓名", max_length=50)  # the person's, when there is one
    work_phone = EncryptedTextField("工作电话", blank=True, default="")
    since = models.DateField("任职日期")
    until = models.DateField("离任日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "网格力量"
        verbose_name_plural = "网格力量"
        ordering = ["grid", "role", "since", "pk"]
        indexes = [models.Index(fields=["grid", "until"], name="grids_post_grid_until")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


@scoped(node="grid")
class PostChange(models.Model):
    """One change of a post (who, when, from, to): appointed, edited, ended."""

    post = models.ForeignKey(GridPost, on_delete=models.CASCADE, related_name="changes")
    grid = _grid_fk()
    kind = models.CharField("变更", max_length=10, choices=ChangeKind.choices)
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = _actor_fk()
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.post_id} {self.kind} {self.at:%Y-%m-%d}"


@scoped(node="grid")
class BuildingBranch(models.Model):
    """The party organisation a building's notice names: a 楼栋党支部 or a 党员中心户."""

    building = models.OneToOneField(
        "registry.Building",
        on_delete=models.CASCADE,
        related_name="party_link",
        verbose_name="楼栋",
    )
    grid = _grid_fk()  # the building's
    party_org = models.ForeignKey(
        "org.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="楼栋党组织",
    )
    set_by = _actor_fk("设置人")
    set_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "楼栋党组织"
        verbose_name_plural = "楼栋党组织"

    def __str__(self) -> str:
        return f"{self.building_id} → {self.party_org_id}"


@scoped(node="grid")
class MemberBoardPhone(models.Model):
    """The work phone a member agreed to show on the notice boards of their households'
    buildings. Without one, a member's notice line has no phone at all."""

    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="board_phone",
        verbose_name="党员",
    )
    grid = _grid_fk()  # the member's
    work_phone = EncryptedTextField("工作电话")
    agreed_on = models.DateField("同意公开日期")
    recorded_by = _actor_fk("登记人")

    objects = ScopedManager()

    class Meta:
        verbose_name = "党员公开工作电话"
        verbose_name_plural = "党员公开工作电话"

    def __str__(self) -> str:
        return f"{self.member_id}"
