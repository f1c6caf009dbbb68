"""Forms of the campaign pages: a new campaign, a hazard's rectification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.org.models import OrgNode
from grassroots.sweeps.selectors import campaign_units

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "2026年第四季度扫楼"}),
    )
    node = forms.ModelChoiceField(
        label=_("范围"), queryset=OrgNode.objects.none(), help_text=_("该单位及其下级的全部房屋")
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    start = forms.BooleanField(label=_("立即开始"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["node"]
        field.queryset = campaign_units(user)
        field.label_from_instance = lambda n: f"{n.name}（{n.code}）"
        if user.org_node_id:
            field.initial = user.org_node_id

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期"))
        return data


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(label=_("整改日期"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("整改情况"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("整改照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-resize": "1"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
