"""Forms of the training pages; they check input and hand plain values to the services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.training.models import AttendanceStatus, SessionKind, TrainingClass
from grassroots.training.services import ClassSpec, SessionSpec

DATE = {"type": "date"}


class ClassForm(forms.Form):
    title = forms.CharField(label=_("班次名称"), max_length=100)
    organizer = forms.CharField(label=_("主办单位"), max_length=100)
    start_date = forms.DateField(label=_("开班日期"), widget=forms.DateInput(DATE))
    end_date = forms.DateField(label=_("结业日期"), widget=forms.DateInput(DATE))
    place = forms.CharField(label=_("培训地点"), max_length=100, required=False)
    required_hours = forms.DecimalField(
        label=_("应修学时"), min_value=0, max_digits=5, decimal_places=1, initial=0
    )
    code_minutes = forms.IntegerField(
        label=_("签到码有效分钟"),
        min_value=1,
        max_value=240,
        initial=10,
        help_text=_("签到二维码生成后多少分钟内有效"),
    )
    late_grace_minutes = forms.IntegerField(
        label=_("迟到宽限分钟"),
        min_value=0,
        max_value=120,
        initial=5,
        help_text=_("开始后多少分钟内签到不算迟到"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", _("结业日期早于开班日期"))
        return data

    def to_spec(self) -> ClassSpec:
        data = self.cleaned_data
        return ClassSpec(
            title=data["title"],
            organizer=data["organizer"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            place=data["place"],
            required_hours=data["required_hours"],
            code_minutes=data["code_minutes"],
            late_grace_minutes=data["late_grace_minutes"],
        )


class SessionForm(forms.Form):
    # The labels are in the catalogue through labels.py; shown in the reader's language.
    kind = forms.ChoiceField(
        label=_("类型"), choices=[(value, _(label)) for value, label in SessionKind.choices]
    )
    title = forms.CharField(label=_("题目"), max_length=200, required=False)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(DATE))
    start = forms.TimeField(
        label=_("开始时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    speaker = forms.CharField(label=_("授课人/主持人"), max_length=50, required=False)
    speaker_post = forms.CharField(label=_("职务"), max_length=100, required=False)
    hours = forms.DecimalField(
        label=_("学时"), min_value=0, max_digits=5, decimal_places=1, initial=0
    )

    def __init__(self, *args: Any, training_class: TrainingClass, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.training_class = training_class
        self.fields["date"].initial = training_class.start_date

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if not self.training_class.start_date <= day <= self.training_class.end_date:
            raise forms.ValidationError(_("课程日期须在开班日期与结业日期之间"))
        return day

    def to_spec(self) -> SessionSpec:
        data = self.cleaned_data
        return SessionSpec(
            kind=data["kind"],
            title=data["title"],
            date=data["date"],
            start=data["start"],
            speaker=data["speaker"],
            speaker_post=data["speaker_post"],
            hours=data["hours"],
        )


class EnrolForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    group = forms.CharField(label=_("讨论组"), max_length=50, required=False)


class SpeechForm(forms.Form):
    speaker = forms.CharField(label=_("发言人"), max_length=50)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    text = forms.CharField(
        label=_("发言内容"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每段另起一行"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    takeaway = forms.CharField(
        label=_("学习收获"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MarkForm(forms.Form):
    enrolment = forms.IntegerField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class BriefForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(DATE))
    number = forms.IntegerField(label=_("期数"), min_value=1, max_value=999)
    editor = forms.CharField(label=_("编辑姓名"), max_length=20, required=False)
    title = forms.CharField(
        label=_("标题"), max_length=100, required=False, help_text=_("留空则自动拟定")
    )

    def __init__(self, *args: Any, training_class: TrainingClass, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.training_class = training_class

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if not self.training_class.start_date <= day <= self.training_class.end_date:
            raise forms.ValidationError(_("日期须在开班日期与结业日期之间"))
        return day
