"""三会一课: the meetings a party branch holds, and who attended each.

A meeting belongs to one branch (a party organisation of a kind in ``rules.BRANCH_KINDS``) and
reaches the org tree through the node that branch leads, so ``visible_to`` gives staff the
meetings of the branches in their subtree. A party member holding no office sees only their own
branch's meetings (``branchlife.scope``). A meeting dated after today with no minutes yet is
planned (待召开): members see it coming on their phone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from grassroots.kernel.scope import ScopedManager, scoped


class MeetingKind(models.TextChoices):
    """The three meetings and the one lesson, in the order the rule names them."""

    GENERAL = "general", gettext_noop("支部党员大会")
    COMMITTEE = "committee", gettext_noop("支委会")
    GROUP = "group", gettext_noop("党小组会")
    LESSON = "lesson", gettext_noop("党课")


class AbsenceReason(models.TextChoices):
    SICK = "sick", gettext_noop("病假")
    PERSONAL = "personal", gettext_noop("事假")
    DUTY = "duty", gettext_noop("因公")
    OTHER = "other", gettext_noop("其他")


@scoped(
    node="branch__org_node",
    url_kwargs=("branch_meeting_id",),
    rule="grassroots.branchlife.scope:own_branch",
)
class BranchMeeting(models.Model):
    """One meeting of a party branch (支部党员大会, 支委会, 党小组会 or 党课)."""

    branch = models.ForeignKey(
        "org.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="党支部",
    )
    kind = models.CharField("会议类型", max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    place = models.CharField("地点", max_length=120, blank=True)
    minutes = models.TextField("会议记录", blank=True)
    recorded_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "三会一课"
        verbose_name_plural = "三会一课"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "held_on"], name="branchlife_meeting_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()} {self.topic}"

    def is_planned(self, today: object) -> bool:
        """Dated after ``today`` and not yet minuted: a meeting to come (待召开)."""
        return self.held_on > today and not self.minutes  # type: ignore[operator]


class Attendance(models.Model):
    """One member at one meeting: present, or absent with a reason. A member of the branch with
    no row was not expected at that meeting (a 支委会 is for the committee only)."""

    meeting = models.ForeignKey(BranchMeeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="党员"
    )
    present = models.BooleanField("出席", default=True)
    reason = models.CharField("缺席原因", max_length=10, choices=AbsenceReason.choices, blank=True)

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="branchlife_one_attendance")
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="branchlife_attendance_person")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.person_id} {'出席' if self.present else self.reason}"
