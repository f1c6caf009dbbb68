"""Sample rows for the scope walk (testing/scopewalk.py): one class per place, and its parts."""

from __future__ import annotations

import datetime

from grassroots.org.models import OrgNode
from grassroots.people.models import Gender, Person
from grassroots.testing.scopewalk import register_sample
from grassroots.training.models import (
    Classroom,
    Enrolment,
    Session,
    SessionKind,
    Speech,
    TrainingClass,
)

DAY = datetime.date(2020, 9, 21)


def make_class(node: OrgNode, tag: str) -> TrainingClass:
    return TrainingClass.objects.create(
        org_node=node,
        title=f"巡检培训班{tag}",
        organizer=f"巡检主办{tag}",
        start_date=DAY,
        end_date=DAY,
    )


def make_session(node: OrgNode, tag: str) -> Session:
    return Session.objects.create(
        training_class=make_class(node, tag),
        kind=SessionKind.VIDEO_CLASS,
        title=f"巡检课程{tag}",
        date=DAY,
        start=datetime.time(9, 0),
    )


def make_classroom(node: OrgNode, tag: str) -> Classroom:
    return Classroom.objects.create(session=make_session(node, tag), name=f"巡检课堂{tag}")


def make_enrolment(node: OrgNode, tag: str) -> Enrolment:
    person = Person.objects.create(org_node=node, name=f"巡检学员{tag}", gender=Gender.MALE)
    return Enrolment.objects.create(
        training_class=make_class(node, tag), person=person, post=f"巡检职务{tag}"
    )


def make_speech(node: OrgNode, tag: str) -> Speech:
    session = make_session(node, tag)
    return Speech.objects.create(session=session, speaker=f"巡检发言人{tag}", text=f"巡检发言{tag}")


register_sample(TrainingClass, marker=lambda c: c.title, make=make_class)
register_sample(Session, marker=lambda s: s.title, make=make_session)
register_sample(Classroom, marker=lambda c: c.name, make=make_classroom)
register_sample(Enrolment, marker=lambda e: e.post, make=make_enrolment)
register_sample(Speech, marker=lambda s: s.speaker, make=make_speech)
