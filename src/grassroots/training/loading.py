"""Loading a class from JSON (``grassroots training load FILE.json``).

    {"title", "organizer", "start_date", "end_date", "place"?, "required_hours"?,
     "sessions": [{"kind", "title", "date", "start"?, "speaker"?, "speaker_post"?, "hours"?,
                   "classrooms"?, "speeches"?: [{"speaker", "post", "text"}]}]}

Every field is checked before anything is written; every problem is reported with the path of
its field (``sessions[1].start``) and nothing is created if there is any.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from grassroots.training.models import SessionKind
from grassroots.training.services import ClassSpec, SessionSpec, SpeechSpec

CLASS_FIELDS = {
    "title",
    "organizer",
    "start_date",
    "end_date",
    "place",
    "required_hours",
    "sessions",
}
SESSION_FIELDS = {
    "kind",
    "title",
    "date",
    "start",
    "speaker",
    "speaker_post",
    "hours",
    "classrooms",
    "speeches",
}
SPEECH_FIELDS = {"speaker", "post", "text"}


class LoadFailed(ValueError):
    """The file cannot be loaded; ``problems`` are lines naming the field and the reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}")

    def text(
        self, data: dict, key: str, path: str, *, required: bool = True, limit: int = 100
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{path}{key}", _("缺少此字段"))
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}{key}", _("应为文字"))
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"{path}{key}", _("不能为空"))
        elif len(value) > limit:
            self.fail(f"{path}{key}", _("不能超过%(n)d个字") % {"n": limit})
        return value

    def date(self, data: dict, key: str, path: str) -> datetime.date | None:
        value = data.get(key)
        if value is None:
            self.fail(f"{path}{key}", _("缺少此字段"))
            return None
        try:
            return (
                datetime.date.fromisoformat(value)
                if isinstance(value, str) and len(value) == 10
                else _raise()
            )
        except ValueError:
            self.fail(
                f"{path}{key}",
                _("应为 YYYY-MM-DD 格式的日期（如 2020-09-21），而不是 %(v)s")
                % {"v": json.dumps(value, ensure_ascii=False)},
            )
            return None

    def time(self, data: dict, key: str, path: str) -> datetime.time | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            hours, minutes = value.split(":") if isinstance(value, str) else _raise()
            if len(minutes) != 2:
                _raise()
            return datetime.time(int(hours), int(minutes))
        except (ValueError, TypeError):
            self.fail(
                f"{path}{key}",
                _("应为 HH:MM 格式的时间（如 08:30），而不是 %(v)s")
                % {"v": json.dumps(value, ensure_ascii=False)},
            )
            return None

    def hours(self, data: dict, key: str, path: str) -> Decimal:
        value = data.get(key)
        if value is None:
            return Decimal("0")
        try:
            number = Decimal(str(value)) if not isinstance(value, bool) else _raise()
            if number < 0 or number >= 1000 or number != number.quantize(Decimal("0.1")):
                _raise()
            return number
        except (InvalidOperation, ValueError):
            self.fail(
                f"{path}{key}",
                _("应为不小于0的学时数，最多一位小数，而不是 %(v)s")
                % {"v": json.dumps(value, ensure_ascii=False)},
            )
            return Decimal("0")

    def unknown(self, data: dict, known: set[str], path: str) -> None:
        for key in sorted(set(data) - known):
            self.warnings.append(f"{path}{key}: " + _("未知字段，已忽略"))


def _raise() -> Any:
    raise ValueError


def read_json(path: str | Path) -> Any:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise LoadFailed(
            [
                _("无法读取文件 %(file)s：%(error)s")
                % {"file": path, "error": error.strerror or error}
            ]
        ) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LoadFailed([_("文件不是 UTF-8 编码的 JSON")]) from None
    except json.JSONDecodeError as error:
        raise LoadFailed(
            [
                _("JSON 格式错误：第%(line)d行第%(col)d列：%(msg)s")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg}
            ]
        ) from None


def _speeches(check: _Checker, data: dict, path: str) -> list[SpeechSpec]:
    value = data.get("speeches")
    if value is None:
        return []
    if not isinstance(value, list):
        check.fail(f"{path}speeches", _("应为发言的列表"))
        return []
    speeches = []
    for n, item in enumerate(value):
        here = f"{path}speeches[{n}]."
        if not isinstance(item, dict):
            check.fail(here[:-1], _("应为包含 speaker、post、text 的对象"))
            continue
        check.unknown(item, SPEECH_FIELDS, here)
        speeches.append(
            SpeechSpec(
                speaker=check.text(item, "speaker", here, limit=50),
                post=check.text(item, "post", here, required=False),
                text=check.text(item, "text", here, limit=20000),
            )
        )
    return speeches


def _classrooms(check: _Checker, data: dict, path: str, kind: str) -> list[str]:
    value = data.get("classrooms")
    if value is None:
        return []
    if kind != SessionKind.VIDEO_CLASS:
        check.fail(f"{path}classrooms", _("只有视频课（video_class）可以设分课堂"))
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        check.fail(f"{path}classrooms", _("应为分课堂名称的列表"))
        return []
    return [v.strip() for v in value]


def _session(check: _Checker, data: Any, n: int, days: tuple[Any, Any]) -> SessionSpec | None:
    path = f"sessions[{n}]."
    if not isinstance(data, dict):
        check.fail(path[:-1], _("应为课程对象"))
        return None
    check.unknown(data, SESSION_FIELDS, path)
    kind = data.get("kind")
    if kind not in SessionKind.values:
        check.fail(
            f"{path}kind",
            _("应为以下之一：%(kinds)s，而不是 %(v)s")
            % {"kinds": ", ".join(SessionKind.values), "v": json.dumps(kind, ensure_ascii=False)},
        )
    title = check.text(data, "title", path, required=False, limit=200)
    if "title" not in data:
        check.fail(f"{path}title", _("缺少此字段"))
    day = check.date(data, "date", path)
    first, last = days
    if day and first and last and not first <= day <= last:
        check.fail(
            f"{path}date",
            _("%(day)s 不在开班日期 %(first)s 至结业日期 %(last)s 之间")
            % {"day": day, "first": first, "last": last},
        )
    spec = SessionSpec(
        kind=kind or "",
        title=title,
        date=day or datetime.date.min,
        start=check.time(data, "start", path),
        speaker=check.text(data, "speaker", path, required=False, limit=50),
        speaker_post=check.text(data, "speaker_post", path, required=False),
        hours=check.hours(data, "hours", path),
        classrooms=_classrooms(check, data, path, kind or ""),
        speeches=_speeches(check, data, path),
    )
    return spec


def parse_class(data: Any) -> tuple[ClassSpec, list[str]]:
    """A checked ``ClassSpec`` and warnings (unknown fields), or ``LoadFailed``."""
    check = _Checker()
    if not isinstance(data, dict):
        raise LoadFailed([_("顶层应为一个 JSON 对象（{...}），包含 title、organizer 等字段")])
    check.unknown(data, CLASS_FIELDS, "")
    title = check.text(data, "title", "")
    organizer = check.text(data, "organizer", "")
    first, last = check.date(data, "start_date", ""), check.date(data, "end_date", "")
    if first and last and last < first:
        check.fail("end_date", _("结业日期早于开班日期"))
        first = last = None
    sessions_data = data.get("sessions")
    if not isinstance(sessions_data, list):
        check.fail("sessions", _("缺少此字段") if sessions_data is None else _("应为课程的列表"))
        sessions_data = []
    sessions = [_session(check, item, n, (first, last)) for n, item in enumerate(sessions_data)]
    spec = ClassSpec(
        title=title,
        organizer=organizer,
        start_date=first or datetime.date.min,
        end_date=last or datetime.date.min,
        place=check.text(data, "place", "", required=False),
        required_hours=check.hours(data, "required_hours", ""),
        sessions=[s for s in sessions if s is not None],
    )
    if check.problems:
        raise LoadFailed(check.problems)
    return spec, check.warnings


def load_class_file(path: str | Path) -> tuple[ClassSpec, list[str]]:
    return parse_class(read_json(path))
