"""Simplified Chinese formats: Django's, except that a form's date is written ISO first.

A form field renders its value in the first of its input formats. Django's zh_Hans puts
2025/09/22 first, which ``<input type="date">`` cannot read: a pre-filled date came up blank
and a form saved unchanged lost it (or was refused as missing). ISO first, then Django's own,
so every form of every app reads back what it wrote; typed 2025/09/22 is still accepted.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403 - the rest stays Django's
from django.conf.locale.zh_Hans.formats import DATE_INPUT_FORMATS as _DJANGO_DATES
from django.conf.locale.zh_Hans.formats import DATETIME_INPUT_FORMATS as _DJANGO_DATETIMES

DATE_INPUT_FORMATS = ["%Y-%m-%d", *(f for f in _DJANGO_DATES if f != "%Y-%m-%d")]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends and reads
    "%Y-%m-%d %H:%M:%S",
    *(f for f in _DJANGO_DATETIMES if f != "%Y-%m-%d %H:%M:%S"),
]
