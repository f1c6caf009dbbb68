"""Residents' demands (民情诉求): the record, its place, its history, tasks and tallies.

A demand's place is kept in one small part of the model (``DemandPlace``): the grid it belongs
to (which is also how it is scoped), the registry's building or room where there is one, and
a free-text address.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from grassroots.demands.workflow import Status
from grassroots.kernel import crypto
from grassroots.kernel.db.around import written_around_orm
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped

# A resident sees the demands they reported themselves (demands.scope).
OWN = "grassroots.demands.scope:own_demands"


class Channel(models.TextChoices):
    HOTLINE = "hotline", "12345热线"
    OPINION_BOX = "opinion_box", "意见箱"
    DOOR_VISIT = "door_visit", "入户走访"
    VILLAGE_TALK = "village_talk", "乡村夜话/庭院座谈"
    GRID_REPORT = "grid_report", "网格员上报"
    WEB = "web", "网上诉求"
    MEMBER_CONTACT = "member_contact", "党员联系"  # heard by a member of 一联十


class Priority(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class DispatchLevel(models.TextChoices):
    """Where a category's demands are handled: 小事不出网格、大事不出社区."""

    GRID = "grid", "网格"
    COMMUNITY = "community", "社区村"
    STREET = "street", "街道乡镇"


class OverdueAction(models.TextChoices):
    REMIND = "remind", "催办提醒"
    ESCALATE = "escalate", "自动上报"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


SATISFIED_VALUES = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


class Mediation(models.TextChoices):
    """How a demand of a dispute category (矛盾纠纷) was resolved, recorded when it is resolved."""

    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解不成功（转其他途径）"
    OTHER = "other", "其他方式办结"


# The demands that went to mediation: the denominator of 调解成功率 (demands.indicators).
MEDIATED = (Mediation.SUCCEEDED, Mediation.FAILED)


class Category(models.Model):
    """A node of the configurable category tree, with its dispatch rule and deadlines."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级类别",
    )
    code = models.CharField("编码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50)
    full_name = models.CharField("完整名称", max_length=120, editable=False)
    dispatch_level = models.CharField(
        "派单层级", max_length=16, choices=DispatchLevel.choices, default=DispatchLevel.GRID
    )
    response_hours = models.PositiveIntegerField("响应时限（小时）", default=24)
    resolve_hours = models.PositiveIntegerField("办结时限（小时）", default=7 * 24)
    urgent_response_hours = models.PositiveIntegerField("紧急响应时限（小时）", default=2)
    urgent_resolve_hours = models.PositiveIntegerField("紧急办结时限（小时）", default=48)
    overdue_action = models.CharField(
        "超时处理", max_length=16, choices=OverdueAction.choices, default=OverdueAction.REMIND
    )
    # 矛盾纠纷: its demands record how they were resolved (调解结果) and count in 调解成功率.
    dispute = models.BooleanField(
        "矛盾纠纷", default=False, help_text="该类诉求办结时须记录调解结果"
    )
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "诉求类别"
        verbose_name_plural = "诉求类别"
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="demands_category_unique_name")
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = f"{self.parent.full_name}/{self.name}" if self.parent else self.name
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def hours(self, priority: str) -> tuple[int, int]:
        """(response, resolution) hours for a demand of this priority."""
        if priority == Priority.URGENT:
            return self.urgent_response_hours, self.urgent_resolve_hours
        return self.response_hours, self.resolve_hours


class DemandPlace(models.Model):
    """Where a demand is: its grid (the scope), a building or room of the registry in that grid
    when the demand is about one (电梯故障 in a building, 漏水 in a room), and an address."""

    grid = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="demands", verbose_name="网格"
    )
    # The address text stays when a registry record is later removed.
    building = models.ForeignKey(
        "registry.Building",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="楼栋",
    )
    room = models.ForeignKey(
        "registry.Room",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="房屋",
    )
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        abstract = True


@scoped(node="grid", url_kwargs=("demand_id",), rule=OWN)
class Demand(DemandPlace):
    """One demand, from intake to close-out (诉求)."""

    code = models.CharField("查询码", max_length=16, unique=True)
    hotline_order_no = models.CharField(
        "12345工单号", max_length=40, null=True, blank=True, unique=True
    )
    title = models.CharField("标题", max_length=100)
    description = models.TextField("诉求内容", max_length=4000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="demands", verbose_name="类别"
    )
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    priority = models.CharField(
        "紧急程度", max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    reporter_phone = EncryptedTextField("联系电话", blank=True, default="")
    reporter_phone_index = models.CharField(max_length=crypto.INDEX_LENGTH, blank=True, default="")

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    version = models.PositiveIntegerField(default=1)
    owner_unit = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    owner = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="责任人",
    )
    # Set when the demand was escalated to a unit paired with its community (结对单位协办);
    # the community stays the responsible unit, the paired unit's liaison takes it on.
    paired_unit = models.ForeignKey(
        "pairing.PairedUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
        verbose_name="上报结对单位",
    )
    created_by = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="重复于",
    )
    repeat_count = models.PositiveIntegerField("重复反映次数", default=0)

    received_at = models.DateTimeField("接收时间", db_index=True)
    response_due = models.DateTimeField("响应时限")
    resolve_due = models.DateTimeField("办结时限")
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    # Set when a demand of a dispute category is resolved; cleared when it is reopened.
    mediation = models.CharField(
        "调解结果", max_length=12, choices=Mediation.choices, blank=True, default=""
    )
    last_reminded_at = models.DateTimeField("最近催办", null=True, blank=True)
    # Set by the sweep once an unresolved demand is past its resolution deadline, and counted
    # then in its tally's ``overdue_open``; cleared when it is resolved (see rates.py).
    overdue_marked = models.BooleanField(default=False)

    supervised_at = models.DateTimeField("督办时间", null=True, blank=True)
    supervision_due = models.DateTimeField("督办时限", null=True, blank=True)
    supervision_note = models.CharField("督办要求", max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["grid", "received_at"], name="demands_grid_received"),
            models.Index(fields=["reporter_phone_index"], name="demands_phone_index"),
            models.Index(
                fields=["resolve_due"],
                condition=Q(resolved_at__isnull=True),
                name="demands_open_resolve_due",
            ),
            # Unresolved demands the sweep has not marked overdue yet (rates.py counts them).
            # (A partial index: SQLite uses it when the query repeats its condition's terms.)
            models.Index(
                fields=["resolve_due"],
                condition=Q(resolved_at__isnull=True, overdue_marked=False),
                name="demands_unmarked_due",
            ),
            models.Index(
                fields=["response_due"],
                condition=Q(responded_at__isnull=True),
                name="demands_open_response_due",
            ),
            models.Index(
                fields=["supervised_at"],
                condition=Q(supervised_at__isnull=False),
                name="demands_supervised",
            ),
            # 调解成功率 counts the demands that went to mediation by when they were resolved:
            # two ranges of this index, nothing else read. Its condition keeps the unresolved
            # demands out of it, so SQLite never takes it for "resolved_at IS NULL" (the
            # demands fallen overdue, demands_unmarked_due); a condition on the mediation
            # itself would not be matched against a query's bound parameters.
            models.Index(
                fields=["mediation", "resolved_at", "grid"],
                condition=Q(resolved_at__isnull=False),
                name="demands_mediated_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def set_reporter_phone(self, phone: str) -> None:
        phone = (phone or "").strip()
        self.reporter_phone = phone
        self.reporter_phone_index = crypto.blind_index(phone) if phone else ""

    @property
    def masked_phone(self) -> str:
        return crypto.mask_phone(self.reporter_phone) if self.reporter_phone else ""


class EventKind(models.TextChoices):
    TRANSITION = "transition", "流转"
    REMINDER = "reminder", "催办"
    SUPERVISION = "supervision", "督办"
    REPEAT = "repeat", "重复反映"
    TASK = "task", "任务"


@scoped(node="demand__grid", rule=OWN)
class DemandEvent(models.Model):
    """The history of a demand: every transition (actor, time, from, to, note) and more."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类型", max_length=12, choices=EventKind.choices)
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    mediation = models.CharField(
        "调解结果", max_length=12, choices=Mediation.choices, blank=True, default=""
    )
    unit = models.ForeignKey(
        "org.OrgNode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="责任单位",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "诉求记录"
        verbose_name_plural = "诉求记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.from_status}→{self.to_status}"


@scoped(node="demand__grid", url_kwargs=("photo_id",), rule=OWN)
class DemandPhoto(models.Model):
    """A photo of the problem, stored in the data directory and served only within scope."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="demands/%Y/%m/")
    content_type = models.CharField(max_length=40)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "诉求照片"
        verbose_name_plural = "诉求照片"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.image.name


@scoped(node="demand__grid", url_kwargs=("demand_task_id",), rule=OWN)
class DemandTask(models.Model):
    """One action with a deadline on the task list (任务清单)."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="tasks")
    action = models.CharField("任务内容", max_length=200)
    assignee = models.CharField("承办人", max_length=50, blank=True)
    due = models.DateTimeField("完成时限")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "诉求任务"
        verbose_name_plural = "诉求任务"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.action


@scoped(node="grid")
class DemandTally(models.Model):
    """Counters for the three rates per grid and month of receipt, kept by the services.

    Every service that changes a counted fact updates the row in the same transaction, so the
    rates of any unit are one sum over its grids (``rates.py``) with no nightly batch.
    """

    grid = models.ForeignKey("org.OrgNode", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    received = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    responded_in_time = models.PositiveIntegerField(default=0)
    response_seconds = models.BigIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolve_seconds = models.BigIntegerField(default=0)
    followed_up = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    overdue_open = models.PositiveIntegerField(default=0)  # marked overdue, still unresolved
    # Received by channel (one column per Channel) and now in each status (one per Status).
    ch_hotline = models.PositiveIntegerField(default=0)
    ch_opinion_box = models.PositiveIntegerField(default=0)
    ch_door_visit = models.PositiveIntegerField(default=0)
    ch_village_talk = models.PositiveIntegerField(default=0)
    ch_grid_report = models.PositiveIntegerField(default=0)
    ch_web = models.PositiveIntegerField(default=0)
    ch_member_contact = models.PositiveIntegerField(default=0)
    st_received = models.PositiveIntegerField(default=0)
    st_dispatched = models.PositiveIntegerField(default=0)
    st_accepted = models.PositiveIntegerField(default=0)
    st_in_progress = models.PositiveIntegerField(default=0)
    st_resolved = models.PositiveIntegerField(default=0)
    st_followed_up = models.PositiveIntegerField(default=0)
    st_closed = models.PositiveIntegerField(default=0)
    st_returned = models.PositiveIntegerField(default=0)
    st_escalated = models.PositiveIntegerField(default=0)
    st_reopened = models.PositiveIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grid", "month"], name="demands_tally_grid_month")
        ]
        indexes = [models.Index(fields=["month", "grid"], name="demands_tally_month")]

    def __str__(self) -> str:
        return f"{self.grid_id} {self.month:%Y-%m}"


@scoped(node="community")
class CategoryTally(models.Model):
    """Demands received per community, month and top-level category, kept like the tally."""

    community = models.ForeignKey("org.OrgNode", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "month", "category"], name="demands_category_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m} {self.category_id}: {self.received}"


class IntakeThrottle(models.Model):
    """Requests per client address per window on the public pages, shared by all workers."""

    key = models.CharField(max_length=80)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="demands_throttle_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.window}: {self.count}"


# Intake and every move write these with statements written once (kernel/db/rows.py): no
# save() override or save signal may appear on them, which start-up checks.
for _model in (Demand, DemandEvent, DemandTally, CategoryTally):
    written_around_orm(_model)
