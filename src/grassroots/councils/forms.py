"""Forms of the council pages: plain fields, the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.councils.models import MeetingKind, PartyKind


class MeetingForm(forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=_("社区（村）"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_("会议形式"))
    title = forms.CharField(max_length=200, label=_("会议名称"))
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(max_length=100, required=False, label=_("地点"))
    present = forms.IntegerField(min_value=0, initial=0, label=_("到会人数"))
    minutes = forms.CharField(required=False, label=_("会议纪要"), widget=forms.Textarea)

    def __init__(self, *args: object, communities: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        for kind, label in PartyKind.choices:
            self.fields[f"party_{kind}"] = forms.CharField(
                max_length=300,
                required=False,
                label=label,
                help_text=_("参会人员姓名，未参加的留空"),
            )


class DecisionForm(forms.Form):
    text = forms.CharField(max_length=300, label=_("决议事项"))
    responsible = forms.CharField(max_length=100, label=_("责任方（人）"))
    deadline = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs={"type": "date"}))


class ProgressForm(forms.Form):
    percent = forms.IntegerField(min_value=0, max_value=100, label=_("进度（%）"))
    note = forms.CharField(max_length=500, required=False, label=_("进展说明"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料（照片或文档）"))


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    evidence = forms.MultipleChoiceField(
        label=_("佐证材料"), widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(max_length=500, required=False, label=_("说明"))

    def __init__(self, *args: object, evidence: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["evidence"].choices = [(e.pk, e.name) for e in evidence]  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=500, label=_("重新打开的原因"))


class HandsForm(forms.Form):
    version_id = forms.IntegerField(widget=forms.HiddenInput)
    votes_for = forms.IntegerField(min_value=0, label=_("赞成"))
    votes_against = forms.IntegerField(min_value=0, label=_("反对"))
    votes_abstain = forms.IntegerField(min_value=0, label=_("弃权"))
