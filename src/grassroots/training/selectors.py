"""Reads of training classes. Staff reads start from ``visible_to(user)``; a participant's
own check-in and feedback go through ``own_enrolment``, which reads only the signed-in
person's own enrolment. A class's participants are read through ``Enrolment.visible_to``: a
unit reading a class its people attend (``training.scope``) sees its own people in it, the
unit running it every participant."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from grassroots.people.models import Person
from grassroots.training.models import (
    RATED_KINDS,
    Attendance,
    AttendanceStatus,
    Enrolment,
    Feedback,
    Session,
    TrainingClass,
)

COUNTED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def classes_for(user: Any) -> QuerySet[TrainingClass]:
    """The classes the user sees, each marked ``own`` when the user's unit runs it (else its
    people attend it)."""
    own = TrainingClass.objects.editable_by(user).filter(pk=OuterRef("pk"))
    return (
        TrainingClass.objects.visible_to(user)
        .select_related("org_node")
        .annotate(
            session_count=Count("sessions", distinct=True),
            enrolment_count=Count("enrolments", distinct=True),
            own=Exists(own),
        )
    )


def runs(user: Any, training_class: TrainingClass) -> bool:
    """Whether the user's unit runs the class (may change it), rather than reads it because
    its people attend."""
    return TrainingClass.objects.editable_by(user).filter(pk=training_class.pk).exists()


def participants(user: Any, training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The class's participants the user sees."""
    return Enrolment.objects.visible_to(user).filter(training_class=training_class)


def sessions_of(training_class: TrainingClass) -> QuerySet[Session]:
    return training_class.sessions.annotate(
        attended=Count("attendances", filter=_counted("attendances__status"), distinct=True),
        late=Count("attendances", filter=_late("attendances__status"), distinct=True),
        speech_count=Count("speeches", distinct=True),
    ).prefetch_related("classrooms")


def _counted(lookup: str) -> Q:
    return Q(**{f"{lookup}__in": COUNTED})


def _late(lookup: str) -> Q:
    return Q(**{lookup: AttendanceStatus.LATE})


def candidates_for(user: Any, training_class: TrainingClass, query: str = "") -> QuerySet:
    """People in the user's scope who are not yet in the class."""
    people = (
        Person.objects.visible_to(user)
        .select_related("org_node")
        .exclude(training_enrolments__training_class=training_class)
    )
    if query.strip():
        people = people.filter(name__icontains=query.strip())
    return people.order_by("org_node__path", "name", "pk")


@dataclass(frozen=True)
class StudyHours:
    enrolment: Enrolment
    hours: Decimal
    attended: int
    late: int

    @property
    def complete(self) -> bool:
        return self.hours >= self.enrolment.training_class.required_hours


def study_hours(training_class: TrainingClass, user: Any) -> list[StudyHours]:
    """Each participant's study hours (of those the user sees): the hours of every session
    attended (on time or late)."""
    enrolments = (
        participants(user, training_class)
        .select_related("person__org_node", "group", "training_class")
        .annotate(
            hours=Sum("attendances__session__hours", filter=_counted("attendances__status")),
            attended=Count("attendances", filter=_counted("attendances__status")),
            late=Count("attendances", filter=_late("attendances__status")),
        )
    )
    return [
        StudyHours(enrolment=e, hours=e.hours or Decimal("0"), attended=e.attended, late=e.late)
        for e in enrolments
    ]


def completion_list(training_class: TrainingClass, user: Any) -> list[StudyHours]:
    """Those who met the class's required study hours (结业名单)."""
    return [row for row in study_hours(training_class, user) if row.complete]


COMPLETION_HEADERS = ["序号", "姓名", "单位", "职务", "讨论组", "学时", "应修学时"]


def completion_rows(training_class: TrainingClass, user: Any) -> list[list[str]]:
    return [
        [
            str(n),
            row.enrolment.person.name,
            row.enrolment.person.org_node.name,
            row.enrolment.post,
            row.enrolment.group.name if row.enrolment.group else "",
            f"{row.hours:.1f}",
            f"{training_class.required_hours:.1f}",
        ]
        for n, row in enumerate(completion_list(training_class, user), start=1)
    ]


@dataclass(frozen=True)
class RosterLine:
    enrolment: Enrolment
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else AttendanceStatus.ABSENT


def roster(session: Session, user: Any, classroom: Any = None) -> list[RosterLine]:
    """Every participant the user sees of the session's class (or of one classroom) with
    their attendance."""
    enrolments = participants(user, session.training_class).select_related(
        "person__org_node", "group"
    )
    if classroom is not None:
        enrolments = enrolments.filter(classrooms=classroom)
    marks = {a.enrolment_id: a for a in session.attendances.all()}
    return [RosterLine(enrolment=e, attendance=marks.get(e.pk)) for e in enrolments]


@dataclass(frozen=True)
class Rating:
    session: Session
    average: float | None
    count: int


def ratings(training_class: TrainingClass) -> tuple[list[Rating], Rating | None]:
    """Each rated session's average and count, and the class's figure over all its ratings."""
    rated = training_class.sessions.filter(kind__in=list(RATED_KINDS)).annotate(
        average=Avg("feedback__rating"), count=Count("feedback")
    )
    lines = [Rating(session=s, average=s.average, count=s.count) for s in rated]
    overall = Feedback.objects.filter(session__training_class=training_class).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    total = Rating(session=None, average=overall["average"], count=overall["count"])  # type: ignore[arg-type]
    return lines, total


def feedback_of(session: Session, user: Any) -> QuerySet[Feedback]:
    """The feedback on a session from the participants the user sees."""
    seen = participants(user, session.training_class).values("pk")
    return (
        session.feedback.filter(enrolment__in=seen)
        .select_related("enrolment__person")
        .order_by("-created_at")
    )


def speeches_of(session: Session) -> QuerySet:
    return session.speeches.select_related("enrolment").order_by("position", "pk")


def own_enrolments(account: Any) -> QuerySet[Enrolment]:
    """The signed-in person's own enrolments, whichever unit runs the class (我的培训)."""
    person = getattr(account, "person", None)
    if person is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person=person)
        .select_related("training_class")
        .prefetch_related(Prefetch("feedback"))
        .order_by("-training_class__start_date")
    )


def own_rated_session(account: Any, session_id: Any) -> tuple[Session, Enrolment] | None:
    """A rated session of one of the account's own classes, with the enrolment, or None."""
    try:
        session = Session.objects.select_related("training_class").get(pk=int(session_id))
    except (Session.DoesNotExist, TypeError, ValueError, OverflowError):
        return None
    enrolment = own_enrolment(account, session)
    return (session, enrolment) if enrolment is not None and session.is_rated else None


def own_enrolment(account: Any, session: Session) -> Enrolment | None:
    person = getattr(account, "person", None)
    if person is None:
        return None
    return Enrolment.objects.filter(
        person=person, training_class_id=session.training_class_id
    ).first()
