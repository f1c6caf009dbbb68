"""Forms of 双报到: they parse and show errors next to the fields; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.dualreport.models import Category


class _Form(forms.Form):
    """Chinese messages for the common cases, whatever field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("此项为必填项")
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("请填写正确的日期，如2026-09-30")
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _("请填写整数")


class PostForm(_Form):
    community = forms.TypedChoiceField(label=_("社区"), coerce=int)
    category = forms.ChoiceField(label=_("岗位类别"), choices=Category.choices)
    title = forms.CharField(label=_("岗位名称"), max_length=60)
    description = forms.CharField(
        label=_("岗位说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    places = forms.IntegerField(label=_("需求人数"), min_value=1, max_value=999, initial=5)
    active = forms.BooleanField(label=_("接受认领"), required=False, initial=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, communities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        self.fields["places"].error_messages["min_value"] = _("需求人数应在1到999之间")
        self.fields["places"].error_messages["max_value"] = _("需求人数应在1到999之间")


class UnitReportForm(_Form):
    community = forms.TypedChoiceField(label=_("报到社区"), coerce=int)
    unit_name = forms.CharField(label=_("单位名称"), max_length=120)
    party_org_name = forms.CharField(label=_("单位党组织"), max_length=120)
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    reported_on = forms.DateField(
        label=_("报到日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, communities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        self.fields["reported_on"].initial = timezone.localdate()


class DecideForm(_Form):
    decision = forms.ChoiceField(
        label=_("处理"), choices=[("confirm", _("确认")), ("return", _("退回"))]
    )
    reason = forms.CharField(label=_("退回原因"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(_Form):
    post = forms.TypedChoiceField(label=_("认领岗位"), coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(label=_("特长或说明"), max_length=200, required=False)

    def __init__(self, *args: Any, posts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [(p.pk, p.title) for p in posts]
        self.fields["post"].error_messages["required"] = _("请选择一个岗位")
        self.fields["post"].error_messages["invalid_choice"] = _("请选择需求表中的岗位")


class ServiceForm(_Form):
    served_on = forms.DateField(label=_("服务日期"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.CharField(
        label=_("服务时长（小时）"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "2.5"}),
    )
    work = forms.CharField(
        label=_("服务内容"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["served_on"].initial = timezone.localdate()
