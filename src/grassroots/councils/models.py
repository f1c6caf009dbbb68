"""Joint meetings and residents' councils, their decisions, and conventions (三方共治).

A meeting (三方联席会议, 居民议事会, 小院议事厅) belongs to a community and optionally one of its
estates. It records which parties took part and who came for each (社区党组织, 居委会, 业委会,
物业服务企业, 结对单位, 居民代表), its agenda items (a topic may come from a resident's demand),
the number present, the minutes and its decisions. A decision names who does what by when and
is closed out (销号) with evidence on the shared close-out ledger (``kernel.closeout``), exactly
like a pairing's task.

A convention (居民公约, 村规民约, 管理规约) of a community or estate is a list of versions; a new
version is proposed, then adopted or rejected by a recorded vote: a show of hands at a meeting
(for, against, abstaining) or an owners' vote of the owners' module, known here by its id
only. The text in force on a day is the adopted version with the latest ``effective_from`` on or
before it.

Scope: the rows hang on the community. Residents and party members also read the adopted
conventions of their own community (``scope.public_conventions``).
"""

from __future__ import annotations

import datetime

from django.db import models

from grassroots.kernel.closeout import (
    CloseoutChange,
    CloseoutEvidence,
    CloseoutItem,
    CloseoutProgress,
)
from grassroots.kernel.scope import ScopedManager, scoped

CONVENTION_RULE = "grassroots.councils.scope:public_conventions"


class MeetingKind(models.TextChoices):
    JOINT = "joint", "三方联席会议"
    COUNCIL = "council", "居民议事会"
    COURTYARD = "courtyard", "小院议事厅"


class PartyKind(models.TextChoices):
    PARTY_ORG = "party_org", "社区党组织"
    RESIDENTS_COMMITTEE = "residents_committee", "居民委员会"
    OWNERS_COMMITTEE = "owners_committee", "业主委员会"
    PROPERTY_COMPANY = "property_company", "物业服务企业"
    PAIRED_UNIT = "paired_unit", "结对单位"
    RESIDENTS = "residents", "居民代表"


@scoped(node="community", url_kwargs=("meeting_id",))
class Meeting(models.Model):
    """One joint meeting or council of a community (or one of its estates)."""

    community = models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="council_meetings",
        verbose_name="社区（村）",
    )
    estate = models.ForeignKey(
        "registry.Estate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_meetings",
        verbose_name="小区",
    )
    kind = models.CharField("会议形式", max_length=12, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    place = models.CharField("地点", max_length=100, blank=True)
    present = models.PositiveIntegerField("到会人数", default=0)
    minutes = models.TextField("会议纪要", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "议事会议"
        verbose_name_plural = "议事会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["community", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


@scoped(node="meeting__community")
class MeetingParty(models.Model):
    """A party that took part in a meeting, and who came for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("参会方", max_length=20, choices=PartyKind.choices)
    name = models.CharField("单位名称", max_length=100, blank=True)
    attendees = models.CharField("参会人员", max_length=300)

    objects = ScopedManager()

    class Meta:
        verbose_name = "参会方"
        verbose_name_plural = "参会方"
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


@scoped(node="meeting__community")
class AgendaItem(models.Model):
    """A topic on a meeting's agenda (议题), from a resident's demand or raised at the table."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField("议题", max_length=200)
    demand = models.ForeignKey(
        "demands.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_topics",
        verbose_name="群众诉求",
    )
    discussion = models.TextField("讨论情况", blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title


@scoped(node="meeting__community", url_kwargs=("decision_id",))
class Decision(CloseoutItem):
    """A decision of a meeting: who does what by when, tracked until closed out (销号)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name="议题",
    )
    text = models.CharField("决议事项", max_length=300)
    responsible = models.CharField("责任方（人）", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "决议事项"
        verbose_name_plural = "决议事项"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["meeting", "status", "deadline"])]

    def __str__(self) -> str:
        return self.text


@scoped(node="decision__meeting__community")
class DecisionProgress(CloseoutProgress):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="progress_log")

    objects = ScopedManager()

    class Meta:
        verbose_name = "决议进度"
        verbose_name_plural = "决议进度"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="decision_progress_at_most_100"
            )
        ]


@scoped(node="decision__meeting__community", url_kwargs=("decision_evidence_id",))
class DecisionEvidence(CloseoutEvidence):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="councils/evidence/%Y/%m")

    objects = ScopedManager()

    class Meta:
        verbose_name = "决议佐证材料"
        verbose_name_plural = "决议佐证材料"
        ordering = ["uploaded_at", "id"]


@scoped(node="decision__meeting__community")
class DecisionChange(CloseoutChange):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="changes")

    objects = ScopedManager()

    class Meta:
        verbose_name = "决议状态变更"
        verbose_name_plural = "决议状态变更"
        ordering = ["at", "id"]


# --- conventions ----------------------------------------------------------------------------


class ConventionKind(models.TextChoices):
    RESIDENTS = "residents", "居民公约"
    VILLAGE = "village", "村规民约"
    OWNERS = "owners", "管理规约"


class VersionStatus(models.TextChoices):
    PROPOSED = "proposed", "待表决"
    ADOPTED = "adopted", "已通过"
    REJECTED = "rejected", "未通过"


class AdoptionMethod(models.TextChoices):
    SHOW_OF_HANDS = "show_of_hands", "议事会举手表决"
    OWNERS_VOTE = "owners_vote", "业主投票"


@scoped(node="community", url_kwargs=("convention_id",), rule=CONVENTION_RULE)
class Convention(models.Model):
    """A residents' convention, village rules or an estate's owners' rules, by its code."""

    community = models.ForeignKey(
        "org.OrgNode",
        on_delete=models.PROTECT,
        related_name="conventions",
        verbose_name="社区（村）",
    )
    estate = models.ForeignKey(
        "registry.Estate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conventions",
        verbose_name="小区",
    )
    code = models.CharField("编码", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=12, choices=ConventionKind.choices)
    title = models.CharField("名称", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "公约"
        verbose_name_plural = "公约"
        ordering = ["community_id", "code"]

    def __str__(self) -> str:
        return self.title


@scoped(node="convention__community", url_kwargs=("convention_version_id",), rule=CONVENTION_RULE)
class ConventionVersion(models.Model):
    """One version of a convention's text and the vote that adopted or rejected it."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    text = models.TextField("条文")
    status = models.CharField(
        "状态", max_length=10, choices=VersionStatus.choices, default=VersionStatus.PROPOSED
    )
    method = models.CharField("表决方式", max_length=15, choices=AdoptionMethod.choices)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="convention_votes",
        verbose_name="表决会议",
    )
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    # The owners' module's vote, by id only: the two modules stay apart.
    owners_vote_id = models.PositiveIntegerField("业主投票编号", null=True, blank=True)
    effective_from = models.DateField("施行日期")
    decided_on = models.DateField("表决日期", null=True, blank=True)
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = "公约版本"
        verbose_name_plural = "公约版本"
        ordering = ["convention_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"], name="convention_version_unique_number"
            )
        ]
        indexes = [models.Index(fields=["owners_vote_id"])]

    def __str__(self) -> str:
        return f"{self.convention} 第{self.number}版"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.status == VersionStatus.ADOPTED and self.effective_from <= day
