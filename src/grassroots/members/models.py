"""Party members at work where they live (党员作用发挥): the roster, 一联十 and its contacts.

A member is a person of the people module (one ID number, one person) with what membership
adds: the kind (社区党员 / 在职党员 / 流动党员), the work unit, the grid they live in, and, when
the registry holds the same ID number, that resident — never a second record of them. Every row
carries the grid it lies in, so ``visible_to`` is a condition on the row's own column; a party
member who holds no office sees only their own rows (``members.scope``).
"""

from __future__ import annotations

from django.db import models

from grassroots.kernel.scope import ScopedManager, scoped

DEFAULT_LINK_TARGET = 10  # 一联十


class MemberKind(models.TextChoices):
    COMMUNITY = "community", "社区党员"
    IN_SERVICE = "in_service", "在职党员"
    MOBILE = "mobile", "流动党员"


def _grid_fk(verbose_name: str = "居住网格", **extra: object) -> models.ForeignKey:
    return models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **extra,
    )


@scoped(node="grid", url_kwargs=("party_member_id",), rule="grassroots.members.scope:own_rows")
class Member(models.Model):
    """A party member on the community's roster (党员)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="membership", verbose_name="人员"
    )
    grid = _grid_fk()
    # The same person in the registry (matched by ID number), where they live.
    resident = models.OneToOneField(
        "registry.Resident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership",
        verbose_name="居民",
    )
    kind = models.CharField("党员类别", max_length=12, choices=MemberKind.choices)
    work_unit = models.CharField("工作单位", max_length=120, blank=True)
    # The member's open links and the last day any link of theirs began or ended, kept by
    # ``keep_links_held``: the coverage reads a district's members against the target from
    # these instead of counting every link.
    links_held = models.PositiveIntegerField("联系户数", default=0, editable=False)
    links_changed_on = models.DateField("联系户变动日期", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"

    def __str__(self) -> str:
        return self.person.name


@scoped(node="community")
class LinkTarget(models.Model):
    """How many households each member of a community keeps in touch with (一联十: ten)."""

    community = models.OneToOneField(
        "org.OrgNode", on_delete=models.CASCADE, related_name="+", verbose_name="社区"
    )
    households = models.PositiveSmallIntegerField("每名党员联系户数", default=DEFAULT_LINK_TARGET)

    objects = ScopedManager()

    def __str__(self) -> str:
        return f"{self.community_id}: {self.households}"


@scoped(node="grid", url_kwargs=("link_id",), rule="grassroots.members.scope:own_rows")
class HouseholdLink(models.Model):
    """A member's link to a household of the registry (一联十). A household has at most one
    current link; an ended link keeps its dates."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="links")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    grid = _grid_fk("网格", db_index=False)  # the household's
    linked_on = models.DateField("联系起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    # The household's latest contact by any member (kept by ``keep_last_contacts`` whenever a
    # contact or a link is made), so the coverage of a district reads one column per link
    # instead of searching the contacts of every linked household.
    last_contact_at = models.DateTimeField("最近联系时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "联系户"
        verbose_name_plural = "联系户"
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True),
                name="members_one_current_link",
            )
        ]
        indexes = [
            # Coverage reads links current on a day per grid, and per member, from these
            # indexes alone (no row look-up for each of a district's links).
            models.Index(
                fields=["grid", "ended_on", "linked_on", "household", "last_contact_at"],
                name="members_link_grid_contact",
            ),
            models.Index(
                fields=["member", "ended_on", "linked_on"], name="members_link_member_day"
            ),
            models.Index(fields=["household", "ended_on"], name="members_link_household"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.household_id}"


class ContactKind(models.TextChoices):
    VISIT = "visit", "走访"
    CALL = "call", "电话"
    MESSAGE = "message", "微信/短信"


@scoped(node="grid", url_kwargs=("contact_id",), rule="grassroots.members.scope:own_rows")
class Contact(models.Model):
    """A member's contact with a linked household (联系记录): what they heard, and the demand it
    became, if any."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contacts")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    grid = _grid_fk("网格", db_index=False)
    kind = models.CharField("方式", max_length=10, choices=ContactKind.choices)
    note = models.CharField("情况记录", max_length=500, blank=True)
    at = models.DateTimeField("联系时间")
    demand = models.OneToOneField(
        "demands.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_contact",
        verbose_name="转为诉求",
    )
    recorded_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "联系记录"
        verbose_name_plural = "联系记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["grid", "at"], name="members_contact_grid"),
            models.Index(fields=["household", "at"], name="members_contact_household"),
            models.Index(fields=["member", "at"], name="members_contact_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.household_id} {self.at:%Y-%m-%d}"
