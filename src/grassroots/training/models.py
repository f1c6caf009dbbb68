"""Training classes for party secretaries (读书班 / 培训班): sessions, people, attendance,
feedback, discussion speeches and the history of every change.

A class belongs to the org node of the unit that runs it (usually the district's organisation
department); everything else reaches the tree through its class. A unit whose people attend a
class run elsewhere reads it too (``training.scope``: shared rows, read-only).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from grassroots.kernel.scope import ScopedManager, scoped

_SHARED = "grassroots.training.scope:"

HOURS = {"max_digits": 5, "decimal_places": 1}


class SessionKind(models.TextChoices):
    OPENING = "opening", "开班式"
    LECTURE = "lecture", "专题授课"
    CASE_EXCHANGE = "case_exchange", "案例交流"
    GROUP_DISCUSSION = "group_discussion", "分组讨论"
    EVENING_DISCUSSION = "evening_discussion", "夜谈"
    FILM = "film", "观影"
    VIDEO_CLASS = "video_class", "视频课"


# Kinds a participant rates afterwards (课后评价).
RATED_KINDS = (SessionKind.LECTURE, SessionKind.CASE_EXCHANGE, SessionKind.VIDEO_CLASS)
# Kinds in which participants speak and staff record the speeches (讨论发言).
DISCUSSION_KINDS = (SessionKind.GROUP_DISCUSSION, SessionKind.EVENING_DISCUSSION)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "已签到"
    LATE = "late", "迟到"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺勤"


class CheckInMethod(models.TextChoices):
    QR = "qr", "扫码签到"
    STAFF = "staff", "工作人员登记"


@scoped(node="org_node", url_kwargs=("class_id",), shared=_SHARED + "attended_classes")
class TrainingClass(models.Model):
    org_node = models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="training_classes",
        verbose_name="主办单位节点",
    )
    title = models.CharField("班次名称", max_length=100)
    organizer = models.CharField("主办单位", max_length=100)
    start_date = models.DateField("开班日期")
    end_date = models.DateField("结业日期")
    place = models.CharField("培训地点", max_length=100, blank=True)
    required_hours = models.DecimalField(
        "应修学时", default=Decimal("0"), **HOURS, validators=[MinValueValidator(0)]
    )
    code_minutes = models.PositiveSmallIntegerField(
        "签到码有效分钟", default=10, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    late_grace_minutes = models.PositiveSmallIntegerField(
        "迟到宽限分钟", default=5, validators=[MaxValueValidator(120)]
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def days(self) -> list[datetime.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=n) for n in range(max(count, 1))]


@scoped(
    node="training_class__org_node",
    url_kwargs=("session_id",),
    shared=_SHARED + "parts_of_attended_classes",
)
class Session(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="sessions", verbose_name="培训班"
    )
    kind = models.CharField("类型", max_length=20, choices=SessionKind.choices)
    title = models.CharField("题目", max_length=200, blank=True)
    date = models.DateField("日期")
    start = models.TimeField("开始时间", null=True, blank=True)
    speaker = models.CharField("授课人/主持人", max_length=50, blank=True)
    speaker_post = models.CharField("职务", max_length=100, blank=True)
    hours = models.DecimalField(
        "学时", default=Decimal("0"), **HOURS, validators=[MinValueValidator(0)]
    )
    position = models.PositiveIntegerField("顺序", default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        ordering = ["date", models.F("start").asc(nulls_last=True), "position", "pk"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_rated(self) -> bool:
        return self.kind in RATED_KINDS

    @property
    def is_discussion(self) -> bool:
        return self.kind in DISCUSSION_KINDS


@scoped(
    node="session__training_class__org_node",
    url_kwargs=("classroom_id",),
    shared=_SHARED + "parts_of_attended_classes",
)
class Classroom(models.Model):
    """Where a video class is watched: the main classroom or a sub-classroom (分课堂)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="classrooms", verbose_name="视频课"
    )
    name = models.CharField("课堂名称", max_length=100)
    place = models.CharField("地点", max_length=100, blank=True)
    is_main = models.BooleanField("主课堂", default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "课堂"
        verbose_name_plural = "课堂"
        ordering = ["-is_main", "pk"]

    def __str__(self) -> str:
        return self.name


class DiscussionGroup(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="groups", verbose_name="培训班"
    )
    name = models.CharField("组名", max_length=50)

    class Meta:
        verbose_name = "讨论组"
        verbose_name_plural = "讨论组"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "name"], name="training_unique_group_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


@scoped(
    node="training_class__org_node",
    url_kwargs=("enrolment_id",),
    shared=_SHARED + "own_peoples_enrolments",
)
class Enrolment(models.Model):
    """A participant of a class (学员), with the post they hold."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="enrolments", verbose_name="培训班"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="training_enrolments",
        verbose_name="学员",
    )
    post = models.CharField("职务", max_length=100, blank=True)
    group = models.ForeignKey(
        DiscussionGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name="讨论组",
    )
    classrooms = models.ManyToManyField(
        Classroom, blank=True, related_name="roster", verbose_name="所在课堂"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"
        ordering = ["group__pk", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "person"], name="training_unique_enrolment"
            )
        ]

    def __str__(self) -> str:
        return self.person.name


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    status = models.CharField("状态", max_length=10, choices=AttendanceStatus.choices)
    method = models.CharField("方式", max_length=10, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="training_one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.get_status_display()}"

    @property
    def counts_hours(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Feedback(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        "评分", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    takeaway = models.TextField("学习收获", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "课程评价"
        verbose_name_plural = "课程评价"
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="training_one_feedback"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="training_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.rating}"


@scoped(
    node="session__training_class__org_node",
    url_kwargs=("speech_id",),
    shared=_SHARED + "parts_of_attended_classes",
)
class Speech(models.Model):
    """One participant's discussion speech, as recorded by staff (讨论发言)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speeches", verbose_name="讨论"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
        verbose_name="学员",
    )
    speaker = models.CharField("发言人", max_length=50)
    post = models.CharField("职务", max_length=100, blank=True)
    text = models.TextField("发言内容")
    position = models.PositiveIntegerField("顺序", default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "讨论发言"
        verbose_name_plural = "讨论发言"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.post} {self.speaker}".strip()


class Change(models.Model):
    """History of every change in a class: who, when, what, from and to (变更记录)."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="changes"
    )
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=60)
    target = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} {self.target}"
