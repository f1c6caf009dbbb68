"""Deadlines in lists: the date, with the year only when it is not this year, and how long is
left or how long it is overdue (剩余5小时, 剩余3天, 超期2天).

``{% load deadlines %}{{ d.resolve_due|countdown }}`` for an open item;
``{{ t.due|countdown:t.done_at }}`` shows only the date once the item is done (the argument is
true). A date (a pledge's 完成时限) counts whole days and falls due at the end of that day; a
date and time counts hours within the last two days. The countdown's class says how it
stands: ``overdue`` (past), ``soon`` (due within two days) or neither, for the page to colour.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, NamedTuple

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

register = template.Library()

# Within this many hours of a date-and-time deadline the countdown is in hours, not days.
HOURS_SHOWN = 48
SOON = datetime.timedelta(hours=HOURS_SHOWN)


class Countdown(NamedTuple):
    """How a deadline stands at a moment: the words and ``overdue``, ``soon`` or ``""``."""

    text: str
    state: str


def _hours(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def _left(delta: datetime.timedelta) -> str:
    if delta < datetime.timedelta(hours=1):
        minutes = max(1, math.ceil(delta.total_seconds() / 60))
        return ngettext("剩余%(n)d分钟", "剩余%(n)d分钟", minutes) % {"n": minutes}
    if delta < SOON:
        hours = _hours(delta)
        return ngettext("剩余%(n)d小时", "剩余%(n)d小时", hours) % {"n": hours}
    days = delta.days
    return ngettext("剩余%(n)d天", "剩余%(n)d天", days) % {"n": days}


def _late(delta: datetime.timedelta) -> str:
    if delta < datetime.timedelta(hours=1):
        minutes = max(1, math.ceil(delta.total_seconds() / 60))
        return ngettext("超期%(n)d分钟", "超期%(n)d分钟", minutes) % {"n": minutes}
    if delta < datetime.timedelta(days=1):
        hours = _hours(delta)
        return ngettext("超期%(n)d小时", "超期%(n)d小时", hours) % {"n": hours}
    days = delta.days
    return ngettext("超期%(n)d天", "超期%(n)d天", days) % {"n": days}


def countdown_of(deadline: datetime.date, now: datetime.datetime | None = None) -> Countdown:
    """How ``deadline`` (a date, or an aware date and time) stands at ``now``."""
    now = now or timezone.now()
    if isinstance(deadline, datetime.datetime):
        remaining = deadline - now
        if remaining > datetime.timedelta(0):
            return Countdown(_left(remaining), "soon" if remaining < SOON else "")
        return Countdown(_late(-remaining), "overdue")
    days = (deadline - timezone.localdate(now)).days
    if days < 0:
        return Countdown(ngettext("超期%(n)d天", "超期%(n)d天", -days) % {"n": -days}, "overdue")
    if days == 0:
        return Countdown(gettext("今天到期"), "soon")
    return Countdown(
        ngettext("剩余%(n)d天", "剩余%(n)d天", days) % {"n": days}, "soon" if days == 1 else ""
    )


def deadline_text(deadline: datetime.date, now: datetime.datetime | None = None) -> str:
    """The deadline as a list shows it: 05-03 18:00 this year, 2027-01-05 18:00 another."""
    now = now or timezone.now()
    this_year = timezone.localdate(now).year
    if isinstance(deadline, datetime.datetime):
        local = timezone.localtime(deadline)
        shape = "%m-%d %H:%M" if local.year == this_year else "%Y-%m-%d %H:%M"
        return local.strftime(shape)
    return deadline.strftime("%m-%d" if deadline.year == this_year else "%Y-%m-%d")


def _iso(deadline: datetime.date) -> str:
    if isinstance(deadline, datetime.datetime):
        return timezone.localtime(deadline).isoformat(timespec="minutes")
    return deadline.isoformat()


@register.filter
def deadline_date(deadline: datetime.date | None) -> SafeString | str:
    """``{{ d.resolve_due|deadline_date }}``: the date alone, the year only when not this year."""
    if not deadline:
        return ""
    return format_html('<time datetime="{}">{}</time>', _iso(deadline), deadline_text(deadline))


@register.filter
def countdown(deadline: datetime.date | None, done: Any = None) -> SafeString | str:
    """``{{ d.resolve_due|countdown }}``: the date and, unless ``done`` is true, the time left
    or overdue in a ``countdown`` span (with the class ``overdue`` or ``soon``)."""
    if not deadline:
        return ""
    when = deadline_date(deadline)
    if done:
        return format_html('<span class="deadline">{}</span>', when)
    state = countdown_of(deadline)
    classes = f"countdown {state.state}".strip()
    return format_html(
        '<span class="deadline">{} <span class="{}">{}</span></span>', when, classes, state.text
    )
