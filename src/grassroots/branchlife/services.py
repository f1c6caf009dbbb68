"""Writes of 三会一课: recording a branch's meeting and changing its record.

``record_meeting`` records a meeting (held, or planned for a later day) with the attendance of
the branch's members and the minutes; ``update_meeting`` changes it, if nobody else has since
(``version``: the loser is told and nothing is written). Each writes an audit record naming who
changed what from what to what. Attendance is taken only from the branch's own members, and
only for a meeting that has taken place; at a 支部党员大会 or a 党课 every member is expected, so
an absent member needs a reason (病假, 事假, 因公, 其他).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.branchlife.models import AbsenceReason, Attendance, BranchMeeting, MeetingKind
from grassroots.branchlife.rules import BRANCH_KINDS, EVERY_MEMBER
from grassroots.org.models import PartyOrganization
from grassroots.people.models import Person

RECORDED = "branch_meeting_recorded"
CHANGED = "branch_meeting_changed"
# person id -> "" (present) or an AbsenceReason value (absent); members left out were not due.
AttendanceMap = Mapping[int, str]
PRESENT = ""


class MeetingError(ValueError):
    """A meeting record that cannot be made; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleMeeting(MeetingError):
    """Someone else changed this meeting's record after it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("该会议记录已被他人修改，请刷新后重试"))


@dataclass(frozen=True)
class MeetingEntry:
    """What a secretary enters for one meeting."""

    kind: str
    held_on: datetime.date
    topic: str
    place: str = ""
    minutes: str = ""
    attendance: AttendanceMap = field(default_factory=dict)


def branch_members(branch: PartyOrganization) -> list[Person]:
    """The branch's members, by name: the people whose party organisation it is."""
    return list(
        Person.objects.filter(party_branch=branch, is_party_member=True).order_by("name", "pk")
    )


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _clean(
    branch: PartyOrganization, entry: MeetingEntry, recorded: frozenset[int] = frozenset()
) -> MeetingEntry:
    """The entry checked and trimmed; ``recorded`` are people already on the meeting's record
    (who may have left the branch since)."""
    if branch.kind not in BRANCH_KINDS:
        raise MeetingError(_("只有党支部（网格党支部、楼栋党支部）登记三会一课"))
    if entry.kind not in MeetingKind.values:
        raise MeetingError(_("请选择会议类型"), "kind")
    topic = entry.topic.strip()
    if not topic:
        raise MeetingError(_("请填写会议主题"), "topic")
    today = timezone.localdate()
    if entry.held_on > today + datetime.timedelta(days=366):
        raise MeetingError(_("会议日期不能晚于一年以后"), "held_on")
    minutes = entry.minutes.strip()
    if entry.held_on > today and minutes:
        raise MeetingError(_("会议尚未召开，不能填写会议记录"), "minutes")
    attendance = dict(entry.attendance)
    _check_attendance(branch, entry, attendance, recorded, planned=entry.held_on > today)
    return MeetingEntry(
        kind=entry.kind,
        held_on=entry.held_on,
        topic=topic,
        place=entry.place.strip(),
        minutes=minutes,
        attendance=attendance,
    )


def _check_attendance(
    branch: PartyOrganization,
    entry: MeetingEntry,
    attendance: dict[int, str],
    recorded: frozenset[int],
    *,
    planned: bool,
) -> None:
    members = {p.pk for p in branch_members(branch)}
    if set(attendance) - members - recorded:
        raise MeetingError(_("出席人员须是本支部党员"), "attendance")
    if any(r != PRESENT and r not in AbsenceReason.values for r in attendance.values()):
        raise MeetingError(_("缺席原因应为病假、事假、因公或其他"), "attendance")
    if planned:
        if attendance:
            raise MeetingError(_("会议尚未召开，不能登记出席情况"), "attendance")
    elif entry.kind in EVERY_MEMBER and members - set(attendance):
        raise MeetingError(
            _("支部党员大会和党课应到全体党员：未出席的党员请选择缺席原因"), "attendance"
        )
    elif not any(reason == PRESENT for reason in attendance.values()):
        raise MeetingError(_("已召开的会议请勾选出席的党员"), "attendance")


def _attendance_rows(meeting: BranchMeeting, attendance: AttendanceMap) -> list[Attendance]:
    return [
        Attendance(meeting=meeting, person_id=pk, present=reason == PRESENT, reason=reason)
        for pk, reason in sorted(attendance.items())
    ]


def _summary(attendance: AttendanceMap) -> dict[str, int]:
    present = sum(1 for r in attendance.values() if r == PRESENT)
    return {"present": present, "absent": len(attendance) - present}


@transaction.atomic
def record_meeting(
    branch: PartyOrganization,
    entry: MeetingEntry,
    *,
    actor: Any = None,
    request: Any = None,
) -> BranchMeeting:
    """Record one meeting of ``branch`` with its attendance and minutes."""
    entry = _clean(branch, entry)
    meeting = BranchMeeting.objects.create(
        branch=branch,
        kind=entry.kind,
        held_on=entry.held_on,
        topic=entry.topic,
        place=entry.place,
        minutes=entry.minutes,
        recorded_by=_actor(actor),
        updated_by=_actor(actor),
    )
    Attendance.objects.bulk_create(_attendance_rows(meeting, entry.attendance))
    record(
        RECORDED,
        actor=actor,
        request=request,
        target=f"{branch.name} {entry.topic}",
        node=branch.org_node,
        meeting_id=meeting.pk,
        kind=entry.kind,
        held_on=entry.held_on.isoformat(),
        **_summary(entry.attendance),
    )
    return meeting


def _fields(meeting: BranchMeeting) -> dict[str, str]:
    return {
        "kind": meeting.kind,
        "held_on": meeting.held_on.isoformat(),
        "topic": meeting.topic,
        "place": meeting.place,
        "minutes": meeting.minutes,
    }


@transaction.atomic
def update_meeting(
    meeting: BranchMeeting,
    entry: MeetingEntry,
    *,
    version: int,
    actor: Any = None,
    request: Any = None,
) -> BranchMeeting:
    """Change a meeting's record, if it is still at ``version``; the attendance is replaced by
    what was entered."""
    branch = PartyOrganization.objects.get(pk=meeting.branch_id)
    current = BranchMeeting.objects.select_for_update().get(pk=meeting.pk)
    if current.version != version:
        raise StaleMeeting
    old_attendance = {
        a.person_id: (PRESENT if a.present else a.reason) for a in current.attendance.all()
    }
    entry = _clean(branch, entry, frozenset(old_attendance))
    before = _fields(current)
    after = {
        "kind": entry.kind,
        "held_on": entry.held_on.isoformat(),
        "topic": entry.topic,
        "place": entry.place,
        "minutes": entry.minutes,
    }
    updated = BranchMeeting.objects.filter(pk=current.pk, version=version).update(
        kind=entry.kind,
        held_on=entry.held_on,
        topic=entry.topic,
        place=entry.place,
        minutes=entry.minutes,
        updated_by=_actor(actor),
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if not updated:
        raise StaleMeeting
    if old_attendance != dict(entry.attendance):
        Attendance.objects.filter(meeting=current).delete()
        Attendance.objects.bulk_create(_attendance_rows(current, entry.attendance))
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if old_attendance != dict(entry.attendance):
        changes["attendance"] = [_summary(old_attendance), _summary(entry.attendance)]
    record(
        CHANGED,
        actor=actor,
        request=request,
        target=f"{branch.name} {entry.topic}",
        node=branch.org_node,
        meeting_id=current.pk,
        changes=changes,
    )
    current.refresh_from_db()
    return current
