"""Forms of the campaign pages: a new campaign, and one action on a case (on a phone)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.org.models import OrgNode
from grassroots.registry.choices import RoomUse
from grassroots.rentals.choices import Method, Outcome
from grassroots.rentals.selectors import campaign_units

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AFTER_USES = [("", "—")] + [(v, label) for v, label in RoomUse.choices if v != RoomUse.GROUP_RENTAL]


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "2026年群租房专项整治"}),
    )
    area = forms.ModelChoiceField(
        label=_("整治范围"),
        queryset=OrgNode.objects.none(),
        help_text=_("开始之日该单位及其下级所有群租房各建一本台账"),
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        field.queryset = campaign_units(user)
        field.label_from_instance = lambda n: f"{n.name}（{n.code}）"
        if user.org_node_id:
            field.initial = user.org_node_id


class ActionForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(label=_("措施"), choices=Method.choices)
    outcome = forms.ChoiceField(
        label=_("结果"), choices=Outcome.choices, initial=Outcome.IN_PROGRESS
    )
    new_use = forms.ChoiceField(
        label=_("整改后用途"),
        choices=AFTER_USES,
        required=False,
        help_text=_("仅在结果为已整改时填写"),
    )
    notes = forms.CharField(
        label=_("情况说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        outcome, new_use = data.get("outcome"), data.get("new_use")
        if outcome == Outcome.RECTIFIED and not new_use:
            self.add_error("new_use", _("结果为已整改时须填写整改后用途"))
        if outcome == Outcome.IN_PROGRESS and new_use:
            self.add_error("new_use", _("只有结果为已整改时才填写整改后用途"))
        return data
