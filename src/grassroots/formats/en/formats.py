"""English formats: Django's, except that a form's date-and-time is written as
``<input type="datetime-local">`` reads it (see zh_Hans)."""

from django.conf.locale.en.formats import *  # noqa: F403 - the rest stays Django's
from django.conf.locale.en.formats import DATETIME_INPUT_FORMATS as _DJANGO_DATETIMES

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", *_DJANGO_DATETIMES]
