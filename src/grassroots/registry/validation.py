"""Reading one resident's fields from text, the same way for an import row, a form and the API.

``parse_resident(cells)`` takes the text of each column (keyed by the import's Chinese headers)
and returns a ``ResidentData`` or the list of ``(column, reason)`` problems, every one of them,
so an import can report all of a row's errors at once. It checks the document (GB 11643 for a
citizen number), derives birth date and gender from it, and refuses an entered birth date or
gender that contradicts the number.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.kernel import idnumbers, phones
from grassroots.kernel.idnumbers import IdNumberError
from grassroots.kernel.importing import TOO_LONG, max_length, too_long
from grassroots.registry.choices import (
    Education,
    Ethnicity,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    SpecialGroup,
    labels,
    parse_choice,
)
from grassroots.registry.iddocs import CARD_MESSAGES, check_document, document_formats
from grassroots.registry.models import Resident

GENDERS = {"男": "M", "女": "F", "M": "M", "F": "F", "男性": "M", "女性": "F"}
SPECIAL_GROUP_SEPARATORS = re.compile(r"[;；、,，\s]+")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")

C_NAME, C_ID, C_ID_TYPE, C_GENDER = "姓名", "公民身份号码", "证件类型", "性别"
C_ETHNICITY, C_BIRTH, C_PHONE, C_RELATION = "民族", "出生日期", "联系电话", "与户主关系"
C_POPULATION, C_POLITICAL, C_EDUCATION = "人口类型", "政治面貌", "文化程度"
C_SPECIAL, C_NOTES, C_ROOM_USE = "特殊人群", "备注", "房屋用途"
# Plain strings, not enum members: formatting and comparing members costs per row.
CITIZEN = IdType.CITIZEN.value
REGISTERED = PopulationType.REGISTERED.value
OWNER_OCCUPIED = RoomUse.OWNER_OCCUPIED.value
NAME_MAX_LENGTH = max_length(Resident, "name")
NOTES_MAX_LENGTH = max_length(Resident, "notes")

# The reasons a browser can check too, written once: ``browser_rules`` sends them to the phone
# sweep, which shows these same words next to the field before anything is queued.
MESSAGES = {
    "name_missing": gettext_lazy("缺少姓名"),
    "name_too_long": TOO_LONG,  # %(max)d is NAME_MAX_LENGTH, sent as name_max
    "gender_invalid": gettext_lazy("“%(text)s”不是性别，应为男或女"),
    "gender_missing": gettext_lazy("缺少性别（无证件号码时必须填写）"),
    "gender_mismatch": gettext_lazy("性别与证件号码不符：号码显示为%(gender)s"),
    "birth_invalid": gettext_lazy("“%(text)s”不是有效日期，请写成1990-01-31"),
    "birth_mismatch": gettext_lazy("出生日期与证件号码不符：号码显示为%(date)s"),
    "birth_future": gettext_lazy("出生日期晚于今天"),
    "phone": gettext_lazy("“%(text)s”不是有效的手机号或固定电话"),
}


@dataclass
class ResidentData:
    """A resident's fields, validated; personal data in plain text until it is stored."""

    name: str
    gender: str
    id_type: str = CITIZEN
    id_number: str = ""
    birth_date: datetime.date | None = None
    ethnicity: str = ""
    phone: str = ""
    relation: str = ""
    population_type: str = REGISTERED
    political_status: str = ""
    education: str = ""
    special_groups: list[str] = field(default_factory=list)
    notes: str = ""


Problems = list[tuple[str, str]]


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)  # the common case, twenty times faster
    except ValueError:
        pass
    if " " in text:  # "1990-01-02 00:00:00" from a spreadsheet date cell
        text = text.split(" ", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_room_use(text: str, problems: Problems) -> str:
    if not text:
        return OWNER_OCCUPIED
    value = parse_choice(RoomUse, text)
    if value is None:
        problems.append(
            (
                C_ROOM_USE,
                _("“%(text)s”不是房屋用途，应为：%(choices)s")
                % {"text": text, "choices": labels(RoomUse)},
            )
        )
        return OWNER_OCCUPIED
    return value


def _choice(choices: type, column: str, text: str, problems: Problems, default: str = "") -> str:
    if not text:
        return default
    value = parse_choice(choices, text)
    if value is None:
        problems.append(
            (
                column,
                _("“%(text)s”不在可选范围内，应为：%(choices)s")
                % {"text": text, "choices": labels(choices)},
            )
        )
        return default
    return value


def _special_groups(text: str, problems: Problems) -> list[str]:
    codes = []
    for part in filter(None, SPECIAL_GROUP_SEPARATORS.split(text)):
        code = parse_choice(SpecialGroup, part)
        if code is None:
            problems.append(
                (
                    C_SPECIAL,
                    _("“%(text)s”不是特殊人群类别，应为：%(choices)s")
                    % {"text": part, "choices": labels(SpecialGroup)},
                )
            )
        else:
            codes.append(code)
    return codes


def _document(cells: dict[str, str], problems: Problems, today: datetime.date) -> tuple:
    id_type = _choice(IdType, C_ID_TYPE, cells.get(C_ID_TYPE, ""), problems, CITIZEN)
    number = cells.get(C_ID, "")
    if not number:
        return id_type, "", None, None
    try:
        document = check_document(id_type, number, today=today)
    except IdNumberError as error:
        problems.append((C_ID, str(error)))
        return id_type, "", None, None
    return id_type, document.number, document.birth_date, document.gender


def _gender_and_birth(
    cells: dict[str, str], problems: Problems, derived: tuple[datetime.date | None, str | None]
) -> tuple:
    derived_birth, derived_gender = derived
    gender_text = cells.get(C_GENDER, "").strip()
    gender = GENDERS.get(gender_text) if gender_text else derived_gender
    if gender_text and gender is None:
        problems.append((C_GENDER, MESSAGES["gender_invalid"] % {"text": gender_text}))
    elif gender is None and not cells.get(C_ID, "").strip():
        problems.append((C_GENDER, str(MESSAGES["gender_missing"])))
    elif derived_gender and gender != derived_gender:
        problems.append(
            (
                C_GENDER,
                MESSAGES["gender_mismatch"] % {"gender": "男" if derived_gender == "M" else "女"},
            )
        )
    birth_text = cells.get(C_BIRTH, "").strip()
    birth = parse_date(birth_text) if birth_text else derived_birth
    if birth_text and birth is None:
        problems.append((C_BIRTH, MESSAGES["birth_invalid"] % {"text": birth_text}))
    elif derived_birth and birth != derived_birth:
        problems.append((C_BIRTH, MESSAGES["birth_mismatch"] % {"date": derived_birth.isoformat()}))
    return gender, birth


def parse_resident(
    cells: dict[str, str], *, today: datetime.date | None = None
) -> tuple[ResidentData | None, Problems]:
    """Validate one resident's columns; return the data, or None and every problem found."""
    today = today or datetime.date.today()
    problems: Problems = []
    name = "".join(cells.get(C_NAME, "").split())
    if not name:
        problems.append((C_NAME, str(MESSAGES["name_missing"])))
    elif problem := too_long(NAME_MAX_LENGTH, name):
        problems.append((C_NAME, problem))
    id_type, number, derived_birth, derived_gender = _document(cells, problems, today)
    gender, birth = _gender_and_birth(cells, problems, (derived_birth, derived_gender))
    if birth is not None and birth > today:
        problems.append((C_BIRTH, str(MESSAGES["birth_future"])))
    phone = phones.normalise_phone(cells.get(C_PHONE, ""))
    if phone and not phones.is_phone(phone):
        problems.append((C_PHONE, MESSAGES["phone"] % {"text": phone}))
    notes = cells.get(C_NOTES, "").strip()
    if problem := too_long(NOTES_MAX_LENGTH, notes):
        problems.append((C_NOTES, problem))
    data = ResidentData(
        name=name,
        gender=gender or "",
        id_type=id_type,
        id_number=number,
        birth_date=birth,
        ethnicity=_choice(Ethnicity, C_ETHNICITY, cells.get(C_ETHNICITY, ""), problems),
        phone=phone,
        relation=_choice(Relation, C_RELATION, cells.get(C_RELATION, ""), problems),
        population_type=_choice(
            PopulationType,
            C_POPULATION,
            cells.get(C_POPULATION, ""),
            problems,
            REGISTERED,
        ),
        political_status=_choice(
            PoliticalStatus, C_POLITICAL, cells.get(C_POLITICAL, ""), problems
        ),
        education=_choice(Education, C_EDUCATION, cells.get(C_EDUCATION, ""), problems),
        special_groups=_special_groups(cells.get(C_SPECIAL, ""), problems),
        notes=notes,
    )
    return (None, problems) if problems else (data, problems)


def browser_rules() -> dict[str, Any]:
    """What a browser can check of a new resident before sending it, in the server's words.

    The patterns and messages above and in ``kernel.idnumbers``, ``kernel.phones`` and
    ``iddocs``, as JSON for the phone sweep's check (``sweeps/checks.js``), so the two cannot
    drift apart. The region code table and the numbers already registered stay on the server.
    """
    return {
        "citizen": str(IdType.CITIZEN.label),
        "earliest_birth_year": idnumbers.EARLIEST_BIRTH_YEAR,
        "name_max": NAME_MAX_LENGTH,
        "phone": phones.PATTERN,
        "documents": {
            label: {"pattern": pattern, "message": message}
            for label, (pattern, message) in document_formats().items()
        },
        "messages": {
            **{key: str(text) for key, text in MESSAGES.items()},
            **{f"id_{key}": str(text) for key, text in idnumbers.MESSAGES.items()},
            **{f"card_{key}": str(text) for key, text in CARD_MESSAGES.items()},
        },
    }
