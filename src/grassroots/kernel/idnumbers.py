"""Citizen ID numbers (公民身份号码, GB 11643): validation and what the number itself says.

Every module that takes an ID number from a user (people, registry, cadres) calls
``parse_id_number``: it checks the check character (ISO 7064 MOD 11-2), that the birth date is
a real past date and that the region code exists, and returns the birth date and gender the
number encodes, so a form can refuse an entry that contradicts them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy
from stdnum import numdb
from stdnum.cn import ric

MALE = "M"
FEMALE = "F"
EARLIEST_BIRTH_YEAR = 1890

# Each reason written once: the phone sweep checks a number before it is queued (all but the
# region code) and shows these same words, sent to the page by registry.validation.
MESSAGES = {
    "length": gettext_lazy("公民身份号码应为18位，当前为%(n)d位"),
    "characters": gettext_lazy("公民身份号码前17位应为数字，最后一位为数字或X"),
    "check": gettext_lazy("公民身份号码校验位不正确，请逐位核对"),
    "birth_invalid": gettext_lazy("公民身份号码中的出生日期%(text)s不是有效日期"),
    "birth_unreasonable": gettext_lazy("公民身份号码中的出生日期%(text)s不合理"),
    "region": gettext_lazy("公民身份号码前6位%(code)s不是有效的行政区划代码"),
}


class IdNumberError(ValueError):
    """The text is not a valid citizen ID number; the message says why, in the user's language."""


@dataclass(frozen=True)
class IdNumber:
    number: str  # compact, upper case: 18 characters, last one a digit or X
    birth_date: datetime.date
    gender: str  # "M" or "F", the same codes as people.Gender

    @property
    def region_code(self) -> str:
        return self.number[:6]


def compact(value: str) -> str:
    return "".join(value.split()).upper()


def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdNumber:
    """Validate ``value`` as an 18-character citizen ID number; raise IdNumberError if not."""
    number = compact(value)
    if len(number) != 18:
        raise IdNumberError(MESSAGES["length"] % {"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(str(MESSAGES["characters"]))
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(str(MESSAGES["check"]))
    birth_date = _birth_date(number, today or datetime.date.today())
    if not region_exists(number[:6]):
        raise IdNumberError(MESSAGES["region"] % {"code": number[:6]})
    gender = MALE if int(number[16]) % 2 == 1 else FEMALE
    return IdNumber(number=number, birth_date=birth_date, gender=gender)


@lru_cache(maxsize=65536)
def _date_of(text: str) -> datetime.date | None:
    """YYYYMMDD as a date, or None; cached, since a district has only ~40,000 birthdays."""
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _birth_date(number: str, today: datetime.date) -> datetime.date:
    birth_date = _date_of(number[6:14])
    if birth_date is None:
        raise IdNumberError(MESSAGES["birth_invalid"] % {"text": number[6:14]}) from None
    if birth_date > today or birth_date.year < EARLIEST_BIRTH_YEAR:
        raise IdNumberError(MESSAGES["birth_unreasonable"] % {"text": birth_date.isoformat()})
    return birth_date


@lru_cache(maxsize=8192)
def region_exists(code: str) -> bool:
    """True if ``code`` is, or once was, a county-level division code (GB/T 2260).

    The number keeps the code of the place that first issued it, so a code abolished or created
    after the holder's birth is still valid; stdnum's birth-year check would refuse, for
    example, 樊城区 (420606, created 1995) for anyone born earlier.
    """
    parts = numdb.get("cn/loc").info(code)
    return any("county" in props for _part, props in parts)


def is_valid_id_number(value: str) -> bool:
    try:
        parse_id_number(value)
    except IdNumberError:
        return False
    return True
