"""Two-committee cadre rosters by term (村(社区)"两委"班子名册).

A ``Term`` is one election (换届): its year and reference date, the day the elections finished.
Each ``CadreMember`` is one row of that term's roster: a person of a 社区村 unit with a post in
the party organisation committee, in the villagers'/residents' committee, or both. Members
elected at the election have no ``joined_on``; a by-election (补选) adds a member with the date
they joined, a resignation or removal sets ``left_on``. The report as of a date counts the
members in office on it, so a change during the term never rewrites the figures as of the
reference date. ``MemberChange`` is the history of those changes; ``RosterImport`` the history
of imports (each replaces the term's roster).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from grassroots.kernel import crypto
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.scope import ScopedManager, scoped
from grassroots.people.models import Gender


class Education(models.TextChoices):
    """Highest education, lowest first (学历)."""

    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


# 大专及以上 (college or above).
COLLEGE_OR_ABOVE = frozenset(
    {Education.COLLEGE, Education.BACHELOR, Education.MASTER, Education.DOCTOR}
)


class PartyPost(models.TextChoices):
    """Post in the party organisation committee (党组织职务); "" for none."""

    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    MEMBER = "member", "委员"


class CommitteePost(models.TextChoices):
    """Post in the villagers'/residents' committee (村(居)委会职务); "" for none."""

    DIRECTOR = "director", "主任"
    DEPUTY_DIRECTOR = "deputy_director", "副主任"
    MEMBER = "member", "委员"


class Term(models.Model):
    """One election of the two committees (换届), e.g. 2021, and its reference date."""

    year = models.PositiveSmallIntegerField("届别（年份）", unique=True)
    reference_date = models.DateField("统计基准日")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "两委换届"
        verbose_name_plural = "两委换届"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年换届"


@scoped(node="unit", url_kwargs=("member_id",))
class CadreMember(models.Model):
    """A member of a unit's two committees in one term (两委成员)."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="members", verbose_name="届别"
    )
    unit = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="cadre_members", verbose_name="单位"
    )
    row = models.PositiveIntegerField("名册行号", default=0)
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    education = models.CharField("学历", max_length=24, choices=Education.choices)
    id_number = EncryptedTextField("公民身份号码", blank=True, default="")
    id_number_index = models.CharField(
        max_length=crypto.INDEX_LENGTH, blank=True, default="", db_index=True
    )
    party_post = models.CharField(
        "党组织职务", max_length=20, blank=True, choices=PartyPost.choices
    )
    committee_post = models.CharField(
        "村(居)委会职务", max_length=20, blank=True, choices=CommitteePost.choices
    )
    joined_on = models.DateField("补选日期", null=True, blank=True)
    left_on = models.DateField("离任日期", null=True, blank=True)
    left_reason = models.CharField("离任原因", max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = "两委成员"
        verbose_name_plural = "两委成员"
        ordering = ["unit__path", "row", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_post="", committee_post=""), name="cadres_member_holds_a_post"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def set_id_number(self, id_number: str) -> None:
        self.id_number = crypto.normalise(id_number)
        self.id_number_index = crypto.blind_index(id_number) if id_number else ""

    @property
    def masked_id_number(self) -> str:
        return crypto.mask_id_number(self.id_number) if self.id_number else ""

    def in_office_on(self, day: datetime.date) -> bool:
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.left_on is None or self.left_on > day)


class ChangeKind(models.TextChoices):
    BY_ELECTED = "by_elected", "补选"
    LEFT = "left", "离任"


@scoped(node="unit")
class MemberChange(models.Model):
    """A dated change to a term's roster during the term: who, when, from, to."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="changes")
    member = models.ForeignKey(
        CadreMember, null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    unit = models.ForeignKey("org.OrgNode", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("变动", max_length=16, choices=ChangeKind.choices)
    effective_on = models.DateField("生效日期")
    member_name = models.CharField("姓名", max_length=50)
    detail = models.JSONField("变动内容", default=dict)  # {"from": {...}, "to": {...}}
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "两委成员变动"
        verbose_name_plural = "两委成员变动"
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member_name} {self.get_kind_display()} {self.effective_on}"


class RosterImport(models.Model):
    """One import of a term's roster: the file, who, when, what it replaced."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField("文件", max_length=200)
    reference_date = models.DateField("统计基准日")
    members = models.PositiveIntegerField("成员数")
    replaced = models.PositiveIntegerField("替换原有成员数")
    units_created = models.JSONField("新建单位", default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "两委名册导入"
        verbose_name_plural = "两委名册导入"
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.term}"


# Choice labels are shown through ``|tr``; listing them puts them in the app's catalogue.
CHOICE_LABELS = [
    gettext_noop("小学"),
    gettext_noop("初中"),
    gettext_noop("高中"),
    gettext_noop("中专"),
    gettext_noop("大专"),
    gettext_noop("本科"),
    gettext_noop("硕士研究生"),
    gettext_noop("博士研究生"),
    gettext_noop("书记"),
    gettext_noop("副书记"),
    gettext_noop("委员"),
    gettext_noop("主任"),
    gettext_noop("副主任"),
    gettext_noop("补选"),
    gettext_noop("离任"),
]
