"""Writes to training classes. Each is one named action that owns its transaction, its audit
record and its line in the class's change history; views, API and commands only call these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min
from django.http import HttpRequest
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.org.models import OrgNode
from grassroots.people.models import Person
from grassroots.training.models import (
    Change,
    Classroom,
    DiscussionGroup,
    Enrolment,
    Feedback,
    Session,
    Speech,
    TrainingClass,
)


class TrainingError(ValueError):
    """A change that cannot be made, with the reason in Chinese."""


class StaleEdit(TrainingError):
    """Someone else saved this first; the caller reloads and tries again."""

    def __init__(self) -> None:
        super().__init__(_("内容已被他人修改，请刷新后再编辑"))


def log_change(
    training_class: TrainingClass,
    *,
    actor: Any,
    what: str,
    target: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> Change:
    return Change.objects.create(
        training_class=training_class,
        actor=_account(actor),
        what=what,
        target=target[:200],
        before=before or {},
        after=after or {},
    )


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class SpeechSpec:
    speaker: str
    post: str
    text: str


@dataclass
class SessionSpec:
    kind: str
    title: str
    date: datetime.date
    start: datetime.time | None = None
    speaker: str = ""
    speaker_post: str = ""
    hours: Decimal = Decimal("0")
    classrooms: list[str] = field(default_factory=list)  # sub-classrooms of a video class
    speeches: list[SpeechSpec] = field(default_factory=list)


@dataclass
class ClassSpec:
    title: str
    organizer: str
    start_date: datetime.date
    end_date: datetime.date
    place: str = ""
    required_hours: Decimal = Decimal("0")
    code_minutes: int = 10
    late_grace_minutes: int = 5
    sessions: list[SessionSpec] = field(default_factory=list)

    EDITABLE = (
        "title",
        "organizer",
        "start_date",
        "end_date",
        "place",
        "required_hours",
        "code_minutes",
        "late_grace_minutes",
    )


def _create_session(training_class: TrainingClass, spec: SessionSpec, position: int) -> Session:
    session = Session.objects.create(
        training_class=training_class,
        kind=spec.kind,
        title=spec.title,
        date=spec.date,
        start=spec.start,
        speaker=spec.speaker,
        speaker_post=spec.speaker_post,
        hours=spec.hours,
        position=position,
    )
    if spec.kind == "video_class":
        Classroom.objects.create(
            session=session, name=_("主课堂"), is_main=True, place=training_class.place
        )
        Classroom.objects.bulk_create(
            Classroom(session=session, name=name) for name in spec.classrooms
        )
    Speech.objects.bulk_create(
        Speech(session=session, speaker=s.speaker, post=s.post, text=s.text, position=n)
        for n, s in enumerate(spec.speeches, start=1)
    )
    return session


@transaction.atomic
def create_class(
    *, spec: ClassSpec, node: OrgNode, actor: Any = None, request: HttpRequest | None = None
) -> TrainingClass:
    """Create a class with its sessions (and their speeches) in one transaction."""
    training_class = TrainingClass.objects.create(
        org_node=node,
        title=spec.title,
        organizer=spec.organizer,
        start_date=spec.start_date,
        end_date=spec.end_date,
        place=spec.place,
        required_hours=spec.required_hours,
        code_minutes=spec.code_minutes,
        late_grace_minutes=spec.late_grace_minutes,
    )
    for position, session_spec in enumerate(spec.sessions, start=1):
        _create_session(training_class, session_spec, position)
    log_change(
        training_class,
        actor=actor,
        what="create",
        target=training_class.title,
        after={"sessions": len(spec.sessions)},
    )
    record(
        Action.TRAINING_CLASS_CHANGED,
        actor=_account(actor),
        request=request,
        node=node if _account(actor) is None else None,
        target=f"{training_class.title}（#{training_class.pk}）",
        change="created",
        class_id=training_class.pk,
    )
    return training_class


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


@transaction.atomic
def update_class(
    *,
    training_class: TrainingClass,
    spec: ClassSpec,
    version: int,
    actor: Any,
    request: HttpRequest | None = None,
) -> TrainingClass:
    """Change a class's particulars, made on the version the editor saw (else ``StaleEdit``)."""
    first, last = training_class.sessions.aggregate(first=Min("date"), last=Max("date")).values()
    if first and (spec.start_date > first or spec.end_date < last):
        raise TrainingError(
            _("已有课程排在 %(first)s 至 %(last)s，班次日期须包含这些日期")
            % {"first": first, "last": last}
        )
    before = {name: _plain(getattr(training_class, name)) for name in spec.EDITABLE}
    after = {name: _plain(getattr(spec, name)) for name in spec.EDITABLE}
    changed = {name: getattr(spec, name) for name in spec.EDITABLE if before[name] != after[name]}
    if not changed:
        return training_class
    updated = TrainingClass.objects.filter(pk=training_class.pk, version=version).update(
        **changed, version=F("version") + 1
    )
    if not updated:
        raise StaleEdit
    log_change(
        training_class,
        actor=actor,
        what="update_class",
        target=spec.title,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    record(
        Action.TRAINING_CLASS_CHANGED,
        actor=actor,
        request=request,
        target=f"{spec.title}（#{training_class.pk}）",
        change="updated",
        fields=sorted(changed),
    )
    training_class.refresh_from_db()
    return training_class


@transaction.atomic
def add_session(
    *,
    training_class: TrainingClass,
    spec: SessionSpec,
    actor: Any,
    request: HttpRequest | None = None,
) -> Session:
    if not training_class.start_date <= spec.date <= training_class.end_date:
        raise TrainingError(_("课程日期须在开班日期与结业日期之间"))
    top = training_class.sessions.aggregate(top=Max("position"))["top"] or 0
    session = _create_session(training_class, spec, top + 1)
    log_change(
        training_class,
        actor=actor,
        what="add_session",
        target=str(session),
        after={"kind": spec.kind, "date": spec.date.isoformat()},
    )
    record(
        Action.TRAINING_CLASS_CHANGED,
        actor=actor,
        request=request,
        target=f"{training_class.title}（#{training_class.pk}）",
        change="session_added",
        session_id=session.pk,
    )
    return session


@transaction.atomic
def add_classroom(*, session: Session, name: str, place: str, actor: Any) -> Classroom:
    if session.kind != "video_class":
        raise TrainingError(_("只有视频课可以设分课堂"))
    classroom = Classroom.objects.create(session=session, name=name, place=place)
    log_change(session.training_class, actor=actor, what="add_classroom", target=name)
    return classroom


@transaction.atomic
def enrol(
    *,
    training_class: TrainingClass,
    person: Person,
    post: str = "",
    group_name: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> Enrolment:
    """Enrol a person; enrolling someone already in the class updates their post and group."""
    group = None
    if group_name.strip():
        group, _created = DiscussionGroup.objects.get_or_create(
            training_class=training_class, name=group_name.strip()
        )
    enrolment, created = Enrolment.objects.get_or_create(
        training_class=training_class,
        person=person,
        defaults={"post": post or person.post, "group": group},
    )
    if not created:
        before = {"post": enrolment.post, "group": enrolment.group_id}
        enrolment.post = post or enrolment.post
        enrolment.group = group or enrolment.group
        enrolment.save(update_fields=["post", "group"])
        log_change(
            training_class,
            actor=actor,
            what="update_enrolment",
            target=person.name,
            before=before,
            after={"post": enrolment.post, "group": enrolment.group_id},
        )
        return enrolment
    log_change(
        training_class,
        actor=actor,
        what="enrol",
        target=person.name,
        after={"post": enrolment.post, "group": group_name},
    )
    record(
        Action.TRAINING_CLASS_CHANGED,
        actor=actor,
        request=request,
        target=f"{training_class.title}（#{training_class.pk}）",
        change="enrolled",
        person_id=person.pk,
    )
    return enrolment


@transaction.atomic
def assign_classroom(*, enrolment: Enrolment, classroom: Classroom, actor: Any) -> None:
    """Put a participant on one classroom's roster for that video class (and no other)."""
    others = Classroom.objects.filter(session=classroom.session).exclude(pk=classroom.pk)
    enrolment.classrooms.remove(*others)
    enrolment.classrooms.add(classroom)
    log_change(
        enrolment.training_class,
        actor=actor,
        what="assign_classroom",
        target=enrolment.person.name,
        after={"classroom": classroom.name},
    )


@transaction.atomic
def submit_feedback(
    *, enrolment: Enrolment, session: Session, rating: int, takeaway: str = "", actor: Any
) -> Feedback:
    """A participant's rating (1-5) and takeaway; submitting again replaces the earlier one."""
    if not session.is_rated:
        raise TrainingError(_("这一课程不需要评价"))
    if session.training_class_id != enrolment.training_class_id:
        raise TrainingError(_("该学员不在这一培训班"))
    if not 1 <= int(rating) <= 5:
        raise TrainingError(_("评分须为1到5分"))
    feedback, created = Feedback.objects.update_or_create(
        enrolment=enrolment,
        session=session,
        defaults={"rating": int(rating), "takeaway": takeaway.strip()},
    )
    log_change(
        session.training_class,
        actor=actor,
        what="feedback",
        target=f"{session} / {enrolment.person.name}",
        after={"rating": int(rating)},
    )
    return feedback


def _speech_target(speech: Speech) -> str:
    return f"{speech.session}（#{speech.session_id}）/ {speech.speaker}"


@transaction.atomic
def record_speech(
    *,
    session: Session,
    speaker: str,
    post: str,
    text: str,
    enrolment: Enrolment | None = None,
    actor: Any,
    request: HttpRequest | None = None,
) -> Speech:
    if not speaker.strip() or not text.strip():
        raise TrainingError(_("发言人和发言内容不能为空"))
    Session.objects.select_for_update().get(pk=session.pk)  # one position each, in turn
    top = session.speeches.aggregate(top=Max("position"))["top"] or 0
    speech = Speech.objects.create(
        session=session,
        enrolment=enrolment,
        speaker=speaker.strip(),
        post=post.strip(),
        text=text.strip(),
        position=top + 1,
    )
    log_change(
        session.training_class,
        actor=actor,
        what="record_speech",
        target=_speech_target(speech),
        after={"speaker": speech.speaker},
    )
    record(
        Action.TRAINING_SPEECH_CHANGED,
        actor=actor,
        request=request,
        target=_speech_target(speech),
        change="recorded",
        speech_id=speech.pk,
    )
    return speech


@transaction.atomic
def edit_speech(
    *,
    speech: Speech,
    speaker: str,
    post: str,
    text: str,
    version: int,
    actor: Any,
    request: HttpRequest | None = None,
) -> Speech:
    """Save an edit made on the version the editor saw; an edit of an older version fails."""
    if not speaker.strip() or not text.strip():
        raise TrainingError(_("发言人和发言内容不能为空"))
    before = {"speaker": speech.speaker, "post": speech.post, "text": speech.text}
    updated = Speech.objects.filter(pk=speech.pk, version=version).update(
        speaker=speaker.strip(), post=post.strip(), text=text.strip(), version=F("version") + 1
    )
    if not updated:
        raise StaleEdit
    speech.refresh_from_db()
    log_change(
        speech.session.training_class,
        actor=actor,
        what="edit_speech",
        target=_speech_target(speech),
        before=before,
        after={"speaker": speech.speaker, "post": speech.post, "text": speech.text},
    )
    record(
        Action.TRAINING_SPEECH_CHANGED,
        actor=actor,
        request=request,
        target=_speech_target(speech),
        change="edited",
        speech_id=speech.pk,
    )
    return speech


@transaction.atomic
def move_speech(
    *, speech: Speech, up: bool, actor: Any, request: HttpRequest | None = None
) -> None:
    """Swap a speech with its neighbour above (or below) in the recorded order."""
    Session.objects.select_for_update().get(pk=speech.session_id)
    ordered = list(Speech.objects.filter(session_id=speech.session_id).order_by("position", "pk"))
    index = next(n for n, s in enumerate(ordered) if s.pk == speech.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    before = [s.pk for s in sorted(ordered, key=lambda s: (s.position, s.pk))]
    for position, item in enumerate(ordered, start=1):
        Speech.objects.filter(pk=item.pk).update(position=position, version=F("version") + 1)
    log_change(
        speech.session.training_class,
        actor=actor,
        what="move_speech",
        target=_speech_target(speech),
        before={"order": before},
        after={"order": [s.pk for s in ordered]},
    )
    record(
        Action.TRAINING_SPEECH_CHANGED,
        actor=actor,
        request=request,
        target=_speech_target(speech),
        change="moved",
        speech_id=speech.pk,
    )


@transaction.atomic
def delete_speech(*, speech: Speech, actor: Any, request: HttpRequest | None = None) -> None:
    log_change(
        speech.session.training_class,
        actor=actor,
        what="delete_speech",
        target=_speech_target(speech),
        before={"speaker": speech.speaker, "post": speech.post, "text": speech.text},
    )
    record(
        Action.TRAINING_SPEECH_CHANGED,
        actor=actor,
        request=request,
        target=_speech_target(speech),
        change="deleted",
        speech_id=speech.pk,
    )
    speech.delete()
