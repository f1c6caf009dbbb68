"""Chinese telephone numbers (联系电话): what every form, import and API call accepts.

A mobile number is 11 digits starting 13-19; a landline is its area code (0 and 2-3 digits),
an optional hyphen and 7-8 digits, with an optional extension. Spaces are ignored and a
leading +86 / 86 is dropped, since numbers copied from a phone's contacts carry them. "12345"
is the hotline itself, not a caller's number.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# For pydantic and HTML patterns, where the text is matched as typed (spaces not removed).
PATTERN = r"^(?:\+?86[ -]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$"
_PHONE = re.compile(PATTERN)
# A number already in its stored form (no spaces, no country code): a fast path's check.
BARE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?")
MESSAGE = _("请填写11位手机号码，或带区号的固定电话（如0710-3456789）")


def normalise_phone(text: str) -> str:
    """The number without spaces and without the country code."""
    value = "".join((text or "").split())
    return re.sub(r"^\+?86-?(?=1|0)", "", value) if len(value) > 11 else value


def is_phone(text: str) -> bool:
    """Whether ``text`` is a Chinese mobile or landline number (spaces ignored)."""
    return bool(_PHONE.fullmatch("".join((text or "").split())))
