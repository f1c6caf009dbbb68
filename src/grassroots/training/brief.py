"""The daily brief of a class (培训简报): what goes in it, composed from what was recorded.

``build_brief`` gathers one day: the masthead (class title and 简报, 第N期, organiser and
date), a title, the lead paragraph (``lead.compose_lead``), then every discussion speech of the
day in recorded order, each headed by the speaker's post and name. The .docx, the web page and
the PDF are all drawn from the same ``Brief``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from grassroots.training.lead import DaySession, chinese_date, compose_lead
from grassroots.training.models import DISCUSSION_KINDS, Session, SessionKind, TrainingClass

SPEECHES_INTRO = "现将学员讨论发言情况整理如下："


class NoSuchDay(ValueError):
    """The date asked for is not a day of the class."""


@dataclass(frozen=True)
class BriefSpeech:
    speaker: str
    post: str
    paragraphs: list[str]

    @property
    def heading(self) -> str:
        """樊城区米公街道党工委书记 张三： (post, a space, the name, a full-width colon)."""
        return f"{self.post} {self.speaker}：" if self.post else f"{self.speaker}："


@dataclass(frozen=True)
class Brief:
    class_title: str
    number: int
    organizer: str
    day: datetime.date
    title: str
    lead: str
    speeches: list[BriefSpeech] = field(default_factory=list)
    editor: str = ""

    @property
    def masthead(self) -> str:
        return f"{self.class_title}简报"

    @property
    def issue(self) -> str:
        return f"第{self.number}期"

    @property
    def date_text(self) -> str:
        return chinese_date(self.day)

    @property
    def intro(self) -> str:
        return SPEECHES_INTRO if self.speeches else ""

    @property
    def editor_line(self) -> str:
        return f"（编辑：{self.editor}）" if self.editor else ""

    def file_stem(self) -> str:
        return f"{self.class_title}简报第{self.number}期"


def paragraphs_of(text: str) -> list[str]:
    """Body paragraphs of a speech: one per non-empty line, with its leading spaces dropped."""
    return [line.strip(" \t\u3000") for line in re.split(r"\r?\n", text) if line.strip(" \t\u3000")]


def default_title(training_class: TrainingClass, sessions: list[Session]) -> str:
    kinds = {s.kind for s in sessions}
    if SessionKind.OPENING in kinds:
        return f"{training_class.title}开班"
    if kinds & set(DISCUSSION_KINDS):
        return "学员分组讨论交流学习体会"
    return f"{training_class.title}学习情况"


def day_sessions(training_class: TrainingClass, day: datetime.date) -> list[Session]:
    return list(training_class.sessions.filter(date=day).prefetch_related("classrooms"))


def lead_for(training_class: TrainingClass, day: datetime.date, sessions: list[Session]) -> str:
    plain = [
        DaySession(
            kind=s.kind,
            title=s.title,
            start=s.start,
            speaker=s.speaker,
            speaker_post=s.speaker_post,
            classrooms=sum(1 for c in s.classrooms.all() if not c.is_main),
        )
        for s in sessions
    ]
    return compose_lead(day, plain, class_title=training_class.title)


def build_brief(
    training_class: TrainingClass,
    *,
    number: int,
    day: datetime.date | None = None,
    editor: str = "",
    title: str = "",
) -> Brief:
    """The brief of ``day`` (default: the class's first day), numbered 第``number``期."""
    day = day or training_class.start_date
    if not training_class.start_date <= day <= training_class.end_date:
        raise NoSuchDay(day)
    sessions = day_sessions(training_class, day)
    speeches = [
        BriefSpeech(speaker=speech.speaker, post=speech.post, paragraphs=paragraphs_of(speech.text))
        for session in sessions  # discussions, and any other session where speeches were taken
        for speech in session.speeches.order_by("position", "pk")
    ]
    return Brief(
        class_title=training_class.title,
        number=number,
        organizer=training_class.organizer,
        day=day,
        title=title.strip() or default_title(training_class, sessions),
        lead=lead_for(training_class, day, sessions),
        speeches=speeches,
        editor=editor.strip(),
    )
