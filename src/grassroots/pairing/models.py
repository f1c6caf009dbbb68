"""Paired units and their pairings with communities (结对单位、结对关系).

A county-level unit (a department such as 区住建局, through its party organisation) pairs with
village and community party organisations and helps them with what they cannot settle alone:
a demand can be escalated to a unit paired with its community.

A pairing has agreements (共建协议书, the signed file kept under the data directory) and pledges
(承诺事项): what the unit promised, under one of the three tasks, with a responsible person, a
deadline, a dated progress log and evidence. A pledge is closed out (销号) only with evidence and
the community's confirmation, never by the unit itself; every change of its state is a
``PledgeChange`` (who, when, from, to), and ``version`` lets two people's moves not cross.

Scope: the rows hang on the community. A paired unit's liaison sees the rows of its own units,
in every community they pair with, and nothing else (``scope.only_own_unit``, declared as the
models' scope ``rule``).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from grassroots.kernel.closeout import DUE_SOON as DUE_SOON
from grassroots.kernel.closeout import (
    CloseoutChange,
    CloseoutEvidence,
    CloseoutItem,
    CloseoutProgress,
    CloseoutStatus,
)
from grassroots.kernel.scope import ScopedManager, ScopedQuerySet, scoped

SCOPE_RULE = "grassroots.pairing.scope:only_own_unit"


@scoped(node="district", rule="grassroots.pairing.scope:own_units_in_subtree")
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
    liaisons = models.ManyToManyField(
        "accounts.Account",
        blank=True,
        related_name="liaison_units",
        verbose_name="联络员",
        help_text="本单位的联络员账号：只能看到本单位的结对、承诺事项和进度",
    )

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


@scoped(node="community", url_kwargs=("pairing_id",), rule=SCOPE_RULE)
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


class Task(models.TextChoices):
    """The three tasks of a pairing (三项任务)."""

    ORGANISATION = "organisation", "建强组织堡垒"
    GOVERNANCE = "governance", "攻坚治理难题"
    LIVELIHOOD = "livelihood", "服务民生改善"


# A pledge's and a task's status are the close-out ledger's (kernel.closeout).
PledgeStatus = CloseoutStatus


@scoped(node="pairing__community", url_kwargs=("agreement_id",), rule=SCOPE_RULE)
class Agreement(models.Model):
    """A signed co-construction agreement (共建协议书) of a pairing, for a period."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="agreements", verbose_name="结对关系"
    )
    signed_on = models.DateField("签订日期")
    period_start = models.DateField("协议期开始")
    period_end = models.DateField("协议期结束", null=True, blank=True)
    document = models.FileField("协议书文件", upload_to="pairing/agreements/%Y/%m", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "共建协议"
        verbose_name_plural = "共建协议"
        ordering = ["pairing_id", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "signed_on"], name="agreement_unique_signed_on"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pairing} {self.signed_on:%Y-%m-%d}"


@scoped(node="pairing__community", url_kwargs=("pledge_id",), rule=SCOPE_RULE)
class Pledge(CloseoutItem):
    """One pledge (承诺事项) of a paired unit to its community."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="pledges", verbose_name="结对关系"
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name="共建协议",
    )
    text = models.CharField("承诺事项", max_length=300)
    task = models.CharField("任务类别", max_length=20, choices=Task.choices)
    responsible = models.CharField("责任人", max_length=50)
    target = models.CharField("量化目标", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "承诺事项"
        verbose_name_plural = "承诺事项"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["pairing", "status", "deadline"])]

    def __str__(self) -> str:
        return self.text


@scoped(node="pledge__pairing__community", rule=SCOPE_RULE)
class ProgressEntry(CloseoutProgress):
    """One dated line of a pledge's progress log (进度): a percentage and a note."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="progress_log")

    objects = ScopedManager()

    class Meta:
        verbose_name = "承诺进度"
        verbose_name_plural = "承诺进度"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="progress_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.percent}%"


@scoped(node="pledge__pairing__community", url_kwargs=("evidence_id",), rule=SCOPE_RULE)
class Evidence(CloseoutEvidence):
    """A photo or document proving a pledge done (销号佐证), served only within scope."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="pairing/evidence/%Y/%m")

    objects = ScopedManager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]


@scoped(node="pledge__pairing__community", rule=SCOPE_RULE)
class PledgeChange(CloseoutChange):
    """A change of a pledge's state: who, when, from, to (and why)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="changes")

    objects = ScopedManager()

    class Meta:
        verbose_name = "承诺事项状态变更"
        verbose_name_plural = "承诺事项状态变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.from_status}→{self.to_status}"


# --- the three lists (问题清单、责任清单、任务清单) and joint studies ------------------------


class Side(models.TextChoices):
    """Who is responsible for a problem (责任清单): the paired unit or the community."""

    UNIT = "unit", "结对单位"
    COMMUNITY = "community", "社区"


class ProblemSource(models.TextChoices):
    DEMAND = "demand", "群众诉求"
    STUDY = "study", "联合调研"
    ENTERED = "entered", "直接录入"


class VisitKind(models.TextChoices):
    VISIT = "visit", "走访"
    STUDY = "study", "联合调研"


class Answer(models.TextChoices):
    """The community secretary's answer after a visit (帮与扰)."""

    HELPFUL = "helpful", "有帮助"
    NEUTRAL = "neutral", "一般"
    BURDEN = "burden", "增加负担"


@scoped(node="pairing__community", url_kwargs=("pairing_visit_id",), rule=SCOPE_RULE)
class Visit(models.Model):
    """A unit's visit or joint study with the community (走访、联合调研), and the community
    secretary's one answer afterwards: helpful, neutral or a burden."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="visits", verbose_name="结对关系"
    )
    on = models.DateField("日期")
    kind = models.CharField("形式", max_length=10, choices=VisitKind.choices)
    topic = models.CharField("调研主题", max_length=200)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    answer = models.CharField("社区评价", max_length=10, choices=Answer.choices, blank=True)
    answer_note = models.CharField("评价说明", max_length=500, blank=True)
    answered_at = models.DateTimeField("评价时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "走访调研"
        verbose_name_plural = "走访调研"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["pairing", "on"])]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.topic}"


@scoped(node="visit__pairing__community", url_kwargs=("pairing_finding_id",), rule=SCOPE_RULE)
class Finding(models.Model):
    """One finding of a visit or joint study (调研发现), which can become a problem."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    text = models.CharField("调研发现", max_length=300)

    objects = ScopedManager()

    class Meta:
        verbose_name = "调研发现"
        verbose_name_plural = "调研发现"
        ordering = ["visit_id", "id"]

    def __str__(self) -> str:
        return self.text


@scoped(node="visit__pairing__community", rule=SCOPE_RULE)
class AnswerChange(models.Model):
    """A change of the secretary's answer to a visit: who, when, from, to."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answer_changes")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    from_answer = models.CharField("原评价", max_length=10, blank=True)
    to_answer = models.CharField("新评价", max_length=10)
    note = models.CharField("说明", max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "走访评价变更"
        verbose_name_plural = "走访评价变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.from_answer}→{self.to_answer}"


@scoped(node="pairing__community", url_kwargs=("pairing_problem_id",), rule=SCOPE_RULE)
class Problem(models.Model):
    """One entry of a pairing's problem list (问题清单) with its responsible side and person
    (责任清单): from a resident's demand, a joint study's finding, or entered."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="problems", verbose_name="结对关系"
    )
    text = models.CharField("问题", max_length=300)
    source = models.CharField("来源", max_length=10, choices=ProblemSource.choices)
    demand = models.ForeignKey(
        "demands.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairing_problems",
        verbose_name="群众诉求",
    )
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name="调研发现",
    )
    side = models.CharField("责任方", max_length=10, choices=Side.choices)
    responsible = models.CharField("责任人", max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "问题清单"
        verbose_name_plural = "问题清单"
        ordering = ["pairing_id", "id"]

    def __str__(self) -> str:
        return self.text


@scoped(node="problem__pairing__community", url_kwargs=("pairing_task_id",), rule=SCOPE_RULE)
class ListTask(CloseoutItem):
    """One task of the task list (任务清单), turned out of a problem, with a deadline; closed out
    like a pledge. A practical project (民生实事) is a task marked so, with its beneficiaries."""

    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, related_name="tasks", verbose_name="问题"
    )
    text = models.CharField("任务", max_length=300)
    responsible = models.CharField("责任人", max_length=50)
    is_practical = models.BooleanField("民生实事", default=False)
    beneficiaries = models.CharField("受益群众", max_length=200, blank=True)
    beneficiary_count = models.PositiveIntegerField("受益人数", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "任务清单"
        verbose_name_plural = "任务清单"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["problem", "status", "deadline"])]

    def __str__(self) -> str:
        return self.text

    @property
    def pairing(self) -> Pairing:
        return self.problem.pairing


@scoped(node="task__problem__pairing__community", rule=SCOPE_RULE)
class TaskProgress(CloseoutProgress):
    """One dated line of a task's progress log."""

    task = models.ForeignKey(ListTask, on_delete=models.CASCADE, related_name="progress_log")

    objects = ScopedManager()

    class Meta:
        verbose_name = "任务进度"
        verbose_name_plural = "任务进度"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="task_progress_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.percent}%"


@scoped(
    node="task__problem__pairing__community",
    url_kwargs=("pairing_task_evidence_id",),
    rule=SCOPE_RULE,
)
class TaskEvidence(CloseoutEvidence):
    """A photo or document proving a task done, served only within scope."""

    task = models.ForeignKey(ListTask, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="pairing/evidence/%Y/%m")

    objects = ScopedManager()

    class Meta:
        verbose_name = "任务佐证材料"
        verbose_name_plural = "任务佐证材料"
        ordering = ["uploaded_at", "id"]


@scoped(node="task__problem__pairing__community", rule=SCOPE_RULE)
class TaskChange(CloseoutChange):
    """A change of a task's state: who, when, from, to (and why)."""

    task = models.ForeignKey(ListTask, on_delete=models.CASCADE, related_name="changes")

    objects = ScopedManager()

    class Meta:
        verbose_name = "任务状态变更"
        verbose_name_plural = "任务状态变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.from_status}→{self.to_status}"
