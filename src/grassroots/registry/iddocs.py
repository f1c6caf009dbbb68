"""Identity documents other than the citizen ID card, and one entry point for all of them.

``check_document(id_type, number)`` returns the normalised number and, where the document
encodes them, the holder's birth date and gender, or raises ``IdNumberError`` with the reason.
Citizen numbers go through ``core.idnumbers`` (GB 11643); the others are checked against the
formats the issuing authorities publish:

- 港澳居民来往内地通行证: H or M and 8 digits (10 digits on the 2013 card);
- 台湾居民来往大陆通行证: 8 digits (10 on the older booklet);
- 港澳台居民居住证: 18 characters like a citizen number, region 810000/820000/830000;
- 外国人永久居留身份证: 3 letters and 12 digits (2004 card), or 18 characters starting with 9
  and ending with a MOD 11-2 check character (2023 card);
- 护照: 5 to 17 letters and digits (every country numbers its own).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from stdnum.cn import ric

from grassroots.kernel.idnumbers import FEMALE, MALE, IdNumberError, compact, parse_id_number
from grassroots.registry.choices import IdType

CITIZEN = IdType.CITIZEN.value
_FORMATS = {
    IdType.PASSPORT: (re.compile(r"[A-Z0-9]{5,17}"), gettext_lazy("护照号码应为5至17位字母或数字")),
    IdType.HK_MACAO_PERMIT: (
        re.compile(r"[HM]\d{8}(\d{2})?"),
        gettext_lazy("港澳居民来往内地通行证号码应为H或M加8位或10位数字"),
    ),
    IdType.TAIWAN_PERMIT: (
        re.compile(r"\d{8}(\d{2})?"),
        gettext_lazy("台湾居民来往大陆通行证号码应为8位或10位数字"),
    ),
    IdType.FOREIGN_PERMANENT: (
        re.compile(r"[A-Z]{3}\d{12}|9\d{16}[\dX]"),
        gettext_lazy("外国人永久居留身份证号码应为3位字母加12位数字，或以9开头的18位号码"),
    ),
    IdType.HMT_RESIDENCE: (
        re.compile(r"8[123]0000\d{11}[\dX]"),
        gettext_lazy("港澳台居民居住证号码应为以810000、820000或830000开头的18位号码"),
    ),
}

# The 18-character cards' reasons, written once for the server and the phone sweep's own check.
CARD_MESSAGES = {
    "check": gettext_lazy("证件号码校验位不正确，请逐位核对"),
    "birth_invalid": gettext_lazy("证件号码中的出生日期%(text)s不是有效日期"),
    "birth_unreasonable": gettext_lazy("证件号码中的出生日期%(text)s不合理"),
}


@dataclass(frozen=True)
class Document:
    id_type: str
    number: str
    birth_date: datetime.date | None = None
    gender: str | None = None


def document_formats() -> dict[str, tuple[str, str]]:
    """Each other document's label (as the forms offer it), its pattern and its reason."""
    return {
        str(IdType(id_type).label): (pattern.pattern, str(message))
        for id_type, (pattern, message) in _FORMATS.items()
    }


def check_document(id_type: str, value: str, *, today: datetime.date | None = None) -> Document:
    """Validate ``value`` as a document of ``id_type``; raise IdNumberError if it is not one."""
    number = compact(value)
    if id_type == CITIZEN:
        parsed = parse_id_number(number, today=today)
        return Document(id_type, parsed.number, parsed.birth_date, parsed.gender)
    pattern, message = _FORMATS[IdType(id_type)]
    if not pattern.fullmatch(number):
        raise IdNumberError(str(message))
    if len(number) == 18:
        return _eighteen_character_card(id_type, number, today or datetime.date.today())
    return Document(id_type, number)


def _eighteen_character_card(id_type: str, number: str, today: datetime.date) -> Document:
    # Residence permits and the 2023 permanent residence card share GB 11643's check character
    # and carry the birth date in characters 7-14.
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(str(CARD_MESSAGES["check"]))
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(CARD_MESSAGES["birth_invalid"] % {"text": number[6:14]}) from None
    if birth > today:
        raise IdNumberError(CARD_MESSAGES["birth_unreasonable"] % {"text": birth.isoformat()})
    gender = MALE if int(number[16]) % 2 == 1 else FEMALE
    return Document(id_type, number, birth, gender)
