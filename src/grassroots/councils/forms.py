"""Forms of the council pages: plain fields, the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.councils.models import AdoptionMethod, MeetingKind, PartyKind


class MeetingForm(forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=_("社区（村）"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_("会议形式"))
    title = forms.CharField(max_length=200, label=_("会议名称"))
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(max_length=100, required=False, label=_("地点"))
    present = forms.IntegerField(min_value=0, initial=0, label=_("到会人数"))
    minutes = forms.CharField(required=False, label=_("会议纪要"), widget=forms.Textarea)
    agenda = forms.CharField(
        required=False,
        label=_("议题"),
        help_text=_("每行一项"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    demands = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("来自群众诉求的议题"),
        help_text=_("勾选本社区群众反映的诉求，作为议题提交会议"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: object, communities: object, demands: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["demands"].queryset = demands  # type: ignore[attr-defined]
        self.fields["demands"].label_from_instance = lambda d: f"{d.title}（{d.grid.name}）"
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


class ProposeForm(forms.Form):
    """A new text of a convention, and how it is to be adopted."""

    text = forms.CharField(label=_("公约条文"), widget=forms.Textarea(attrs={"rows": 10}))
    effective_from = forms.DateField(
        label=_("通过后施行日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(choices=AdoptionMethod.choices, label=_("表决方式"))
    owners_vote = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("业主投票编号"),
        help_text=_("业主投票表决时填写：投票结束并通过即施行"),
    )


def agenda_lines(text: str) -> list[str]:
    """The agenda typed one item a line, blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
