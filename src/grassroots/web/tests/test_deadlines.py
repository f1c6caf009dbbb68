"""A deadline in a list reads as its date (the year only when it is not this year) and how
long is left or how long it is overdue."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from grassroots.web.templatetags.deadlines import countdown_of, deadline_text

NOW = timezone.make_aware(datetime.datetime(2026, 5, 3, 10, 0))


def at(**delta: float) -> datetime.datetime:
    return NOW + datetime.timedelta(**delta)


@pytest.mark.parametrize(
    ("deadline", "text", "state"),
    [
        (at(minutes=25), "剩余25分钟", "soon"),
        (at(hours=5, minutes=30), "剩余5小时", "soon"),
        (at(hours=47), "剩余47小时", "soon"),
        (at(days=3, hours=2), "剩余3天", ""),
        (at(minutes=-10), "超期10分钟", "overdue"),
        (at(hours=-7), "超期7小时", "overdue"),
        (at(days=-2, hours=-3), "超期2天", "overdue"),
    ],
)
def test_a_date_and_time_counts_hours_near_the_deadline_and_days_further(deadline, text, state):
    assert countdown_of(deadline, NOW) == (text, state)


@pytest.mark.parametrize(
    ("days", "text", "state"),
    [
        (0, "今天到期", "soon"),
        (1, "剩余1天", "soon"),
        (9, "剩余9天", ""),
        (-4, "超期4天", "overdue"),
    ],
)
def test_a_date_counts_whole_days_and_falls_due_at_the_end_of_it(days, text, state):
    deadline = NOW.date() + datetime.timedelta(days=days)
    assert countdown_of(deadline, NOW) == (text, state)


def test_the_year_shows_only_when_it_is_not_this_year():
    assert deadline_text(at(days=2), NOW) == "05-05 10:00"
    assert deadline_text(timezone.make_aware(datetime.datetime(2027, 1, 5, 18, 0)), NOW) == (
        "2027-01-05 18:00"
    )
    assert deadline_text(datetime.date(2026, 12, 31), NOW) == "12-31"
    assert deadline_text(datetime.date(2025, 12, 31), NOW) == "2025-12-31"


def test_the_time_is_the_local_one():
    utc = datetime.datetime(2026, 5, 3, 23, 30, tzinfo=datetime.UTC)  # 07:30 next day in 北京
    assert deadline_text(utc, NOW) == "05-04 07:30"


def render(source: str, **context: object) -> str:
    return Template("{% load deadlines %}" + source).render(Context(context))


def test_an_open_item_shows_its_countdown_marked_overdue_when_past():
    late = timezone.now() - datetime.timedelta(days=3, hours=1)
    html = render("{{ due|countdown }}", due=late)
    assert '<span class="countdown overdue">超期3天</span>' in html
    assert f'<time datetime="{timezone.localtime(late).isoformat(timespec="minutes")}">' in html


def test_a_done_item_shows_only_its_date():
    html = render("{{ due|countdown:done }}", due=timezone.now(), done=timezone.now())
    assert "<time" in html and "countdown" not in html


def test_no_deadline_shows_nothing():
    assert render("{{ due|countdown }}", due=None) == ""


def test_the_countdown_reads_in_english():
    with translation.override("en"):
        assert countdown_of(at(hours=5), NOW).text == "5 hours left"
        assert countdown_of(at(days=-1, hours=-1), NOW).text == "1 day overdue"
        assert countdown_of(NOW.date(), NOW).text == "due today"
