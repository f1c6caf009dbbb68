"""A form's pre-filled date is written so that the browser's date input can read it back."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import translation


class Dated(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    due = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_pre_filled_date_and_time_render_as_the_browser_inputs_read_them(language):
    initial = {"day": datetime.date(2025, 9, 22), "due": datetime.datetime(2025, 9, 22, 17, 30)}
    with translation.override(language):
        html = str(Dated(initial=initial))
    assert 'value="2025-09-22"' in html
    assert 'value="2025-09-22T17:30"' in html


@pytest.mark.parametrize("typed", ["2025-09-22", "2025/09/22"])
def test_a_date_typed_either_way_is_still_accepted(typed):
    with translation.override("zh-hans"):
        form = Dated(data={"day": typed, "due": "2025-09-22T17:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2025, 9, 22)


class Named(forms.Form):
    name = forms.CharField(max_length=20)


def test_django_s_own_messages_read_as_plain_chinese():
    with translation.override("zh-hans"):
        missing = Named(data={}).errors["name"]
        long = Named(data={"name": "长" * 21}).errors["name"]
    assert missing == ["必填"]
    assert long == ["最多20个字，现在是21个"]
