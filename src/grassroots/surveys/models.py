"""Satisfaction and safety surveys (群众满意度、安全感测评).

A ``Survey`` covers one community (or any unit: its households are the population) and asks
a few ``Question`` rows, each on one scale (满意度 or 安全感) and feeding one indicator. Drawing
the sample picks households of the registry into ``SampledHousehold`` rows, stratified by grid,
reproducibly from the survey's seed; each carries an unguessable one-time token for the QR
link. Staff call a sampled household and record its ``Answer`` rows (one per question), or that
it refused or could not be reached; the household may instead answer once through its link.

Status: draft (the sample may be drawn and drawn again) → running (answers are taken; the
sample stands) → closed. ``version`` guards every change of a survey or a sampled household
against two people at once; each change is audited.

Scope: a survey hangs on its unit and reaches down (a grid worker reads the community's survey
run above them); sampled households and answers hang on the household's grid.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from grassroots.kernel.scope import ScopedManager, scoped


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RUNNING = "running", _("进行中")
    CLOSED = "closed", _("已结束")


class Scale(models.TextChoices):
    SATISFACTION = "satisfaction", _("满意度")
    SAFETY = "safety", _("安全感")


# The answers of each scale, in order, and the ones counted favourable.
SCALE_CHOICES: dict[str, tuple[str, ...]] = {
    Scale.SATISFACTION: (
        gettext_noop("非常满意"),
        gettext_noop("满意"),
        gettext_noop("基本满意"),
        gettext_noop("不满意"),
        gettext_noop("非常不满意"),
    ),
    Scale.SAFETY: (
        gettext_noop("安全"),
        gettext_noop("比较安全"),
        gettext_noop("不太安全"),
        gettext_noop("不安全"),
    ),
}
FAVOURABLE: dict[str, tuple[str, ...]] = {
    Scale.SATISFACTION: ("非常满意", "满意"),
    Scale.SAFETY: ("安全", "比较安全"),
}


class Outcome(models.TextChoices):
    PENDING = "pending", _("待联系")
    ANSWERED = "answered", _("已回答")
    REFUSED = "refused", _("拒访")
    UNREACHABLE = "unreachable", _("无法联系")


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    QR = "qr", _("扫码")
    IMPORT = "import", _("导入")


def _actor_fk(name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=name,
    )


@scoped(node="node", url_kwargs=("survey_id",), reaches_down=True)
class Survey(models.Model):
    """One survey of a unit's households (测评)."""

    node = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="测评范围"
    )
    name = models.CharField("名称", max_length=100)
    margin = models.DecimalField("允许误差（百分点）", max_digits=4, decimal_places=1)
    confidence = models.PositiveSmallIntegerField("置信水平（%）", default=95)
    seed = models.PositiveBigIntegerField("抽样种子")
    status = models.CharField(
        "状态", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    population = models.PositiveIntegerField("在住户数", default=0)  # N when drawn
    frame = models.JSONField("各网格在住户数", default=dict)  # grid code → N_h when drawn
    drawn_at = models.DateTimeField("抽样时间", null=True, blank=True)
    drawn_by = _actor_fk("抽样人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = _actor_fk("创建人")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "测评"
        verbose_name_plural = "测评"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(margin__gt=0) & Q(margin__lt=50), name="surveys_margin_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


@scoped(node="survey__node", reaches_down=True)
class Question(models.Model):
    """A question of a survey, answered on one scale; it feeds the indicator of ``feeds``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("序号")
    text = models.CharField("问题", max_length=200)
    scale = models.CharField("量表", max_length=12, choices=Scale.choices)
    feeds = models.CharField("计入指标", max_length=12, choices=Scale.choices)

    objects = ScopedManager()

    class Meta:
        verbose_name = "测评问题"
        verbose_name_plural = "测评问题"
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="surveys_question_number")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> tuple[str, ...]:
        return SCALE_CHOICES[self.scale]


@scoped(node="grid", url_kwargs=("sampled_id",))
class SampledHousehold(models.Model):
    """A household of the registry drawn into a survey's sample, and what came of contacting
    it. ``token`` is the one-time link's (128 random bits); ``link_used_at`` is set when the
    household answered through it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sample")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name="户"
    )
    grid = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="所属网格"
    )
    address = models.CharField("地址", max_length=200)  # the room's, when drawn
    outcome = models.CharField(
        "联系结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    channel = models.CharField("方式", max_length=8, choices=Channel.choices, blank=True)
    attempts = models.PositiveSmallIntegerField("联系次数", default=0)
    contacted_at = models.DateTimeField("联系时间", null=True, blank=True)
    contacted_by = _actor_fk("记录人")
    token = models.CharField(max_length=43, unique=True)
    link_used_at = models.DateTimeField("扫码提交时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()

    class Meta:
        verbose_name = "样本户"
        verbose_name_plural = "样本户"
        ordering = ["survey", "grid", "address", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "household"], name="surveys_sampled_once")
        ]
        indexes = [models.Index(fields=["survey", "grid"], name="surveys_sample_grid")]

    def __str__(self) -> str:
        return self.address


@scoped(node="grid")
class Answer(models.Model):
    """One sampled household's answer to one question."""

    sampled = models.ForeignKey(SampledHousehold, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    grid = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="所属网格"
    )  # the sampled household's, for the indicator's count per grid
    feeds = models.CharField("计入指标", max_length=12, choices=Scale.choices)
    choice = models.CharField("回答", max_length=10)
    favourable = models.BooleanField("满意或安全")
    answered_on = models.DateField("回答日期")
    channel = models.CharField("方式", max_length=8, choices=Channel.choices)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    recorded_by = _actor_fk("记录人")

    objects = ScopedManager()

    class Meta:
        verbose_name = "测评回答"
        verbose_name_plural = "测评回答"
        ordering = ["sampled", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["sampled", "question"], name="surveys_answer_once")
        ]
        indexes = [models.Index(fields=["feeds", "answered_on"], name="surveys_answer_period")]

    def __str__(self) -> str:
        return self.choice
