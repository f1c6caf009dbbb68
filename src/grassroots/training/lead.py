"""The lead paragraph of a brief (简报导语), written from one day's sessions.

A pure function of plain values, so every shape of day can be tested without a database:

    9月21日上午，2020年全区党组织书记读书班开班。区委常委、组织部部长王某出席开班式并作动员
    讲话。下午，市委党校教授李某作《……》专题授课。随后，学员分组进行了讨论。

Sessions are told in time order. The first sentence carries the date and part of day; a
later session in the same part of day begins 随后, one in a new part of day begins with it
(下午，晚上，). The same kind of work twice in a row is told once (several discussion groups
meeting at once are one discussion).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from grassroots.kernel.documents import chinese_date

NOON = datetime.time(12, 0)
EVENING = datetime.time(18, 0)


@dataclass(frozen=True)
class DaySession:
    kind: str  # a SessionKind value
    title: str = ""
    start: datetime.time | None = None
    speaker: str = ""
    speaker_post: str = ""
    classrooms: int = 0  # sub-classrooms of a video class, the main one excluded


def part_of_day(start: datetime.time | None) -> str:
    if start is None:
        return ""
    if start < NOON:
        return "上午"
    return "下午" if start < EVENING else "晚上"


def _quoted(title: str) -> str:
    title = title.strip().strip('《》“”"')
    return f"《{title}》" if title else ""


def _who(post: str, name: str) -> str:
    # Chinese official prose puts the post straight before the name: 区委常委、组织部部长王某
    return f"{post.strip()}{name.strip()}"


def _opening(session: DaySession, class_title: str) -> list[str]:
    sentences = [f"{class_title}开班。"]
    if session.speaker:
        sentences.append(f"{_who(session.speaker_post, session.speaker)}出席开班式并作动员讲话。")
    return sentences


def _lecture(session: DaySession) -> str:
    title = _quoted(session.title)
    if session.speaker:
        return f"{_who(session.speaker_post, session.speaker)}作{title}专题授课。"
    return f"学员学习了{title}专题课程。" if title else "学员参加了专题授课。"


def _case_exchange(session: DaySession) -> str:
    topic = f"围绕“{session.title.strip()}”" if session.title.strip() else ""
    if session.speaker:
        return f"{_who(session.speaker_post, session.speaker)}{topic}作案例交流。"
    return f"学员{topic}进行了案例交流。"


def _video_class(session: DaySession) -> str:
    where = "主课堂"
    if session.classrooms:
        where += f"和{session.classrooms}个分课堂"
    title = _quoted(session.title)
    if session.speaker:
        return (
            f"{_who(session.speaker_post, session.speaker)}通过视频作{title}专题授课，"
            f"学员在{where}同步收看。"
        )
    return f"学员在{where}同步收看了{title or ''}视频课。"


def _evening(session: DaySession) -> str:
    topic = f"围绕“{session.title.strip()}”" if session.title.strip() else ""
    return f"学员{topic}开展了夜谈交流。"


def _film(session: DaySession) -> str:
    title = _quoted(session.title)
    return f"学员集中观看了{title}。" if title else "学员集中观看了教育影片。"


_TELLERS = {
    "lecture": _lecture,
    "case_exchange": _case_exchange,
    "video_class": _video_class,
    "evening_discussion": _evening,
    "film": _film,
    "group_discussion": lambda session: "学员分组进行了讨论。",
}


def _sentences(session: DaySession, class_title: str) -> list[str]:
    if session.kind == "opening":
        return _opening(session, class_title)
    return [_TELLERS[session.kind](session)]


def _in_time_order(sessions: Iterable[DaySession]) -> list[DaySession]:
    indexed = list(enumerate(sessions))
    # Sessions without a start time keep their place after the timed ones of the day.
    indexed.sort(key=lambda pair: (pair[1].start is None, pair[1].start or NOON, pair[0]))
    return [session for _, session in indexed]


def _merged(sessions: list[DaySession]) -> list[DaySession]:
    kept: list[DaySession] = []
    for session in sessions:
        previous = kept[-1] if kept else None
        if previous is not None and session.kind == previous.kind == "group_discussion":
            continue
        kept.append(session)
    return kept


def compose_lead(day: datetime.date, sessions: Iterable[DaySession], *, class_title: str) -> str:
    """The lead paragraph for ``day``; an empty string when nothing happened that day."""
    ordered = _merged(_in_time_order(sessions))
    text = ""
    current_part: str | None = None
    for index, session in enumerate(ordered):
        part = part_of_day(session.start)
        sentences = _sentences(session, class_title)
        if index == 0:
            prefix = f"{chinese_date(day, year=False)}{part}，"
        elif part and part != current_part:
            prefix = f"{part}，"
        else:
            prefix = "随后，"
        if part:
            current_part = part
        text += prefix + "".join(sentences)
    return text


__all__ = ["DaySession", "chinese_date", "compose_lead", "part_of_day"]
