"""The forms of the pairing pages: progress, evidence, close-out and reopening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("进展说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("照片或文档"),
        help_text=_("照片（JPEG、PNG、WebP）或文档（PDF、Word、Excel），最大 20 MB"),
    )


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    evidence = forms.TypedMultipleChoiceField(
        label=_("佐证材料"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("销号须附至少一份佐证材料（照片或文档）")},
    )
    note = forms.CharField(label=_("核实意见"), max_length=500, required=False)

    def __init__(self, *args: Any, evidence: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [(e.pk, e.name) for e in evidence]


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("重新打开的原因"), max_length=500)
