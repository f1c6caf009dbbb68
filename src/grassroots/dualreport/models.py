"""双报到, "一单一表一卡": the report form, the needs list, the service record card.

A unit's party organisation reports to a community (``UnitReport``, 报到单). The community keeps
a needs list of service posts (``ServicePost``, 需求表) in seven categories. A party member —
an in-service one (在职党员) above all, though any member may serve — reports to the community
where they live and takes a post (``MemberReport``, 岗位认领); the community confirms. Each
service is a ``ServiceRecord`` (服务登记卡): date, hours, what was done, confirmed or returned by
the community. Every change of status is a change row (who, when, from, to).

A member's report and records hang on the grid the member lives in, so the community's staff
see them through their subtree and a party member holding no office sees only their own
(``dualreport.scope``). The community's own rows (needs list, unit reports) hang on it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from grassroots.kernel.crypto import mask_phone
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped

OWN_ROWS = "grassroots.dualreport.scope:own_rows"
MAX_HOURS = Decimal("24")


class Category(models.TextChoices):
    ORGANISATION = "organisation", "组织建设"
    LEGAL = "legal", "法律咨询与援助"
    HARDSHIP = "hardship", "助困扶残"
    GOVERNANCE = "governance", "社区治理"
    HEALTH = "health", "健康医疗"
    CULTURE = "culture", "文化体育"
    SAFETY = "safety", "安全宣传与治安巡逻"


class UnitReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    CONFIRMED = "confirmed", "已确认"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回"


class RecordStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回"


def _node_fk(verbose_name: str) -> models.ForeignKey:
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


@scoped(node="community", url_kwargs=("service_post_id",))
class ServicePost(models.Model):
    """A service post on a community's needs list (需求表): what the community needs members
    for, and how many places it has."""

    community = _node_fk("社区")
    category = models.CharField("类别", max_length=16, choices=Category.choices)
    title = models.CharField("岗位名称", max_length=60)
    description = models.CharField("岗位说明", max_length=500, blank=True)
    places = models.PositiveSmallIntegerField("需求人数", default=5)
    active = models.BooleanField("接受认领", default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "服务岗位"
        verbose_name_plural = "服务岗位"
        ordering = ["category", "pk"]
        indexes = [models.Index(fields=["community", "active"], name="dualreport_post_community")]

    def __str__(self) -> str:
        return self.title


@scoped(node="community", url_kwargs=("unit_report_id",))
class UnitReport(models.Model):
    """A unit party organisation's report to a community (单位党组织报到单)."""

    community = _node_fk("报到社区")
    unit_name = models.CharField("单位名称", max_length=120)
    party_org_name = models.CharField("单位党组织", max_length=120)
    contact_name = models.CharField("联系人", max_length=40)
    contact_phone = EncryptedTextField("联系电话", blank=True)
    reported_on = models.DateField("报到日期")
    status = models.CharField(
        "状态", max_length=10, choices=UnitReportStatus.choices, default=UnitReportStatus.SUBMITTED
    )
    confirmed_by = _actor_fk("确认人")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    recorded_by = _actor_fk("登记人")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "单位报到单"
        verbose_name_plural = "单位报到单"
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.unit_name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone) if self.contact_phone else ""


@scoped(node="community")
class UnitReportChange(models.Model):
    """One change of a unit report's status (who, when, from, to)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="changes")
    community = _node_fk("社区")
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


@scoped(node="grid", url_kwargs=("member_report_id",), rule=OWN_ROWS)
class MemberReport(models.Model):
    """A party member's report to the community where they live, taking a post (党员报到、
    岗位认领). A member has at most one report waiting or confirmed; a returned one stays."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    grid = _node_fk("居住网格")  # the member's, in the community reported to
    community = _node_fk("报到社区")
    post = models.ForeignKey(
        ServicePost, on_delete=models.PROTECT, related_name="reports", verbose_name="认领岗位"
    )
    reported_on = models.DateField("报到日期")
    note = models.CharField("特长或说明", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    decided_by = _actor_fk("确认人")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "党员报到"
        verbose_name_plural = "党员报到"
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["submitted", "confirmed"]),
                name="dualreport_one_current_report",
            )
        ]
        indexes = [
            models.Index(fields=["grid", "status"], name="dualreport_report_grid"),
            models.Index(fields=["community", "status"], name="dualreport_report_community"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.post_id}"


@scoped(node="grid", rule=OWN_ROWS)
class ReportChange(models.Model):
    """One change of a member's report (who, when, from, to, why)."""

    report = models.ForeignKey(MemberReport, on_delete=models.CASCADE, related_name="changes")
    grid = _node_fk("网格")
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(ReportStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(ReportStatus(self.to_status).label)


@scoped(node="grid", url_kwargs=("service_record_id",), rule=OWN_ROWS)
class ServiceRecord(models.Model):
    """One service at the member's post (服务登记卡的一栏): date, hours, what was done."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(MemberReport, on_delete=models.PROTECT, related_name="records")
    grid = _node_fk("居住网格")
    community = _node_fk("服务社区")
    served_on = models.DateField("服务日期")
    hours = models.DecimalField("服务时长（小时）", max_digits=4, decimal_places=1)
    work = models.CharField("服务内容", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING
    )
    decided_by = _actor_fk("确认人")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "服务登记"
        verbose_name_plural = "服务登记"
        ordering = ["-served_on", "-pk"]
        indexes = [
            models.Index(fields=["grid", "status"], name="dualreport_record_grid"),
            models.Index(fields=["community", "served_on"], name="dualreport_record_community"),
            models.Index(fields=["member", "served_on"], name="dualreport_record_member"),
        ]

    def __str__(self) -> str:
        return f"{self.served_on} {self.hours}"


@scoped(node="grid", rule=OWN_ROWS)
class RecordChange(models.Model):
    """One change of a service record (who, when, from, to, why)."""

    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="changes")
    grid = _node_fk("网格")
    at = models.DateTimeField(auto_now_add=True)
    actor = _actor_fk()
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(RecordStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(RecordStatus(self.to_status).label)


# The choice labels shown through ``|tr``, for the message catalogue (they are the stored
# Chinese display values; makemessages finds them here).
CHOICE_LABELS = [
    gettext_noop("组织建设"),
    gettext_noop("法律咨询与援助"),
    gettext_noop("助困扶残"),
    gettext_noop("社区治理"),
    gettext_noop("健康医疗"),
    gettext_noop("文化体育"),
    gettext_noop("安全宣传与治安巡逻"),
    gettext_noop("待确认"),
    gettext_noop("已确认"),
    gettext_noop("已退回"),
    gettext_noop("社区党员"),
    gettext_noop("在职党员"),
    gettext_noop("流动党员"),
]
