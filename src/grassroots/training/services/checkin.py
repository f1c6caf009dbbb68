"""Check-in by QR code (扫码签到) and attendance marked by staff.

The QR code shown in the classroom holds a link with a signed token naming the session (and,
for a video class, the classroom). The token carries the time it was made and is refused once
the class's ``code_minutes`` have passed, so a photo of the code sent round afterwards does not
work. The screen showing the code renews it before it runs out. Checking in twice keeps the
first check-in; arriving after the session's start plus the class's grace period is late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.training.models import (
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    Classroom,
    Enrolment,
    Session,
)
from grassroots.training.services import TrainingError, log_change

SALT = "grassroots.training.check-in"


class CheckInRefused(TrainingError):
    """The code or the person cannot be checked in; the message says why."""


class CodeExpired(CheckInRefused):
    def __init__(self, message: str, session: Session) -> None:
        super().__init__(message)
        self.session = session


def make_code(session: Session, classroom: Classroom | None = None) -> str:
    payload = {"s": session.pk, "c": classroom.pk if classroom else None}
    return signing.TimestampSigner(salt=SALT).sign_object(payload, compress=True)


@dataclass(frozen=True)
class ReadCode:
    session: Session
    classroom: Classroom | None
    made_at: datetime.datetime


def read_code(code: str, *, now: datetime.datetime | None = None) -> ReadCode:
    """The session a code names, if it is genuine and still fresh."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(code.strip())
        session = Session.objects.select_related("training_class").get(pk=payload["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, Session.DoesNotExist):
        raise CheckInRefused(_("签到码无效，请扫描现场显示的二维码")) from None
    made_at = _signed_at(signer, code.strip())
    minutes = session.training_class.code_minutes
    if (now or timezone.now()) - made_at > datetime.timedelta(minutes=minutes):
        raise CodeExpired(
            _(
                "签到码已过期（二维码生成于%(time)s，有效期%(minutes)d分钟），"
                "请扫描现场屏幕上最新的二维码"
            )
            % {"time": timezone.localtime(made_at).strftime("%H:%M"), "minutes": minutes},
            session,
        )
    classroom = None
    if payload.get("c"):
        classroom = Classroom.objects.filter(pk=payload["c"], session=session).first()
    return ReadCode(session=session, classroom=classroom, made_at=made_at)


def _signed_at(signer: signing.TimestampSigner, code: str) -> datetime.datetime:
    value = signer.unsign(code)  # verified above; only the timestamp is wanted
    stamp = code[len(value) + 1 :].split(signer.sep)[0]
    return datetime.datetime.fromtimestamp(signing.b62_decode(stamp), tz=datetime.UTC)


def starts_at(session: Session) -> datetime.datetime | None:
    if session.start is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(session.date, session.start))


def is_late(session: Session, at: datetime.datetime) -> bool:
    start = starts_at(session)
    if start is None:
        return False
    grace = datetime.timedelta(minutes=session.training_class.late_grace_minutes)
    return at > start + grace


@dataclass(frozen=True)
class CheckInResult:
    attendance: Attendance
    already: bool  # checked in before: nothing changed


def check_in(
    *,
    code: str,
    account: Any,
    now: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> CheckInResult:
    """Check the signed-in participant in to the session the code names."""
    now = now or timezone.now()
    person = getattr(account, "person", None)
    try:
        read = read_code(code, now=now)
    except CodeExpired as expired:
        # Opening the old link again after checking in just confirms the check-in.
        earlier = Attendance.objects.filter(
            session=expired.session, enrolment__person=person, method=CheckInMethod.QR
        ).first()
        if person is None or earlier is None:
            raise
        return CheckInResult(attendance=earlier, already=True)
    enrolment = (
        Enrolment.objects.select_related("person")
        .filter(training_class=read.session.training_class, person=person)
        .first()
        if person
        else None
    )
    if enrolment is None:
        raise CheckInRefused(_("您不是本培训班的学员，无法签到；如有疑问请联系班务工作人员"))
    status = AttendanceStatus.LATE if is_late(read.session, now) else AttendanceStatus.PRESENT
    with transaction.atomic():  # get_or_create settles two scans at once: the first stands
        attendance, created = Attendance.objects.get_or_create(
            enrolment=enrolment,
            session=read.session,
            defaults={
                "status": status,
                "method": CheckInMethod.QR,
                "checked_in_at": now,
                "classroom": read.classroom,
            },
        )
        if created:
            log_change(
                read.session.training_class,
                actor=account,
                what="check_in",
                target=f"{read.session} / {enrolment.person.name}",
                after={"status": status, "classroom": getattr(read.classroom, "pk", None)},
            )
            record(
                Action.TRAINING_ATTENDANCE,
                actor=account,
                request=request,
                target=f"{read.session}（#{read.session.pk}）",
                status=status,
                enrolment_id=enrolment.pk,
            )
    return CheckInResult(attendance=attendance, already=not created)


@transaction.atomic
def mark_attendance(
    *,
    enrolment: Enrolment,
    session: Session,
    status: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Attendance | None:
    """Staff set a participant's attendance of a session; ``absent`` clears any record."""
    if session.training_class_id != enrolment.training_class_id:
        raise TrainingError(_("该学员不在这一培训班"))
    if status not in AttendanceStatus.values:
        raise TrainingError(_("考勤状态无效"))
    existing = (
        Attendance.objects.select_for_update().filter(enrolment=enrolment, session=session).first()
    )
    before = existing.status if existing else AttendanceStatus.ABSENT
    if before == status:
        return existing
    attendance = None
    if status == AttendanceStatus.ABSENT:
        if existing:
            existing.delete()
    elif existing:
        existing.status = status
        existing.method = CheckInMethod.STAFF
        existing.save(update_fields=["status", "method"])
        attendance = existing
    else:
        attendance = Attendance.objects.create(
            enrolment=enrolment,
            session=session,
            status=status,
            method=CheckInMethod.STAFF,
            checked_in_at=timezone.now() if status != AttendanceStatus.LEAVE else None,
        )
    log_change(
        session.training_class,
        actor=actor,
        what="mark_attendance",
        target=f"{session} / {enrolment.person.name}",
        before={"status": before},
        after={"status": status},
    )
    record(
        Action.TRAINING_ATTENDANCE,
        actor=actor,
        request=request,
        target=f"{session}（#{session.pk}）",
        status=status,
        before=before,
        enrolment_id=enrolment.pk,
    )
    return attendance
