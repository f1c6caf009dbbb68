"""What a training class shares beyond the unit that runs it: the classes a unit's people attend.

A class belongs to the unit that runs it (usually the district's organisation department), so a
community's secretary would not see the class its own people sit in. The training models
declare these functions as their ``shared`` rows (``kernel.scope``): a unit reads the classes
its people attend, their sessions, classrooms and speeches (the brief is published to every
participant's unit), and of their enrolments only its own people's. Shared rows are read, never
changed: the views that run a class take ``editable_by``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grassroots.people.models import Person
from grassroots.training.models import Enrolment, TrainingClass

# The lookup from each model to its class.
_CLASS_LOOKUP = {
    "Session": "training_class",
    "Classroom": "session__training_class",
    "Speech": "session__training_class",
}


def _attended(user: Any) -> QuerySet:
    """The ids of the classes in which someone of the user's scope is enrolled."""
    people = Person.objects.visible_to(user).values("pk")
    return Enrolment.objects.filter(person__in=people).values("training_class_id")


def attended_classes(user: Any, all_rows: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    return all_rows.filter(pk__in=_attended(user))


def parts_of_attended_classes(user: Any, all_rows: QuerySet) -> QuerySet:
    lookup = _CLASS_LOOKUP[all_rows.model.__name__]
    return all_rows.filter(**{f"{lookup}__in": _attended(user)})


def own_peoples_enrolments(user: Any, all_rows: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return all_rows.filter(person__in=Person.objects.visible_to(user).values("pk"))
