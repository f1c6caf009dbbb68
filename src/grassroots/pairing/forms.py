"""The forms of the pairing pages: progress, evidence, close-out and reopening."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.pairing.models import Answer, Side, Task, VisitKind

DATE = forms.DateInput(attrs={"type": "date"})


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


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    period_start = forms.DateField(label=_("协议期开始"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("协议期结束"), widget=DATE, required=False)
    document = forms.FileField(
        label=_("协议书文件"),
        required=False,
        help_text=_("签字盖章的协议书扫描件（PDF 或照片）或 Word 文档，最大 20 MB"),
    )


class PledgeForm(forms.Form):
    text = forms.CharField(label=_("承诺事项"), max_length=300)
    task = forms.ChoiceField(label=_("任务类别"), choices=Task.choices)
    responsible = forms.CharField(label=_("责任人"), max_length=50)
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    target = forms.CharField(label=_("量化目标"), max_length=200, required=False)
    agreement = forms.TypedChoiceField(
        label=_("所属协议"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, agreements: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "—")] + [
            (a.pk, a.signed_on.isoformat()) for a in agreements
        ]


class BoardFilterForm(forms.Form):
    """The board's filters: a street (for the department), a unit and the day counted to."""

    EARLIEST = datetime.date(2000, 1, 1)
    LATEST = datetime.date(2099, 12, 31)

    street = forms.ChoiceField(
        label=_("街道（镇）"),
        required=False,
        error_messages={"invalid_choice": _("没有这个街道（镇），或不在您的范围内")},
    )
    unit = forms.ChoiceField(
        label=_("结对单位"),
        required=False,
        error_messages={"invalid_choice": _("没有这个结对单位，或它不在您的范围内")},
    )
    as_of = forms.DateField(
        label=_("统计日期"),
        required=False,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("日期应为YYYY-MM-DD，如2026-06-30")},
    )

    def __init__(
        self, data: Any = None, *, streets: list[Any], units: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        self.fields["street"].choices = [("", _("全部街道（镇）"))] + [
            (s.code, s.name) for s in streets
        ]
        self.fields["unit"].choices = [("", _("全部结对单位"))] + [
            (code, f"{name}（{code}）") for code, name in units
        ]
        self.streets = {s.code: s for s in streets}

    def clean_as_of(self) -> datetime.date | None:
        day = self.cleaned_data.get("as_of")
        if day is not None and not self.EARLIEST <= day <= self.LATEST:
            raise forms.ValidationError(_("统计日期应在2000年至2099年之间"))
        return day


# --- the three lists and visits -------------------------------------------------------------


class ProblemForm(forms.Form):
    """A problem for the list: typed, or from one of the community's demands."""

    demand = forms.TypedChoiceField(
        label=_("来自群众诉求"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("可选：从本社区的诉求中选一条，问题默认取诉求标题"),
    )
    text = forms.CharField(label=_("问题"), max_length=300, required=False)
    side = forms.ChoiceField(label=_("责任方"), choices=Side.choices)
    responsible = forms.CharField(label=_("责任人"), max_length=50)

    def __init__(self, *args: Any, demands: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["demand"].choices = [("", "—")] + [
            (d.pk, f"{d.received_at:%Y-%m-%d} {d.title}") for d in demands
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("demand") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请填写问题，或选择一条群众诉求"))
        return data


class FindingProblemForm(forms.Form):
    """One action: a finding becomes a problem, with its responsible side and person."""

    side = forms.ChoiceField(label=_("责任方"), choices=Side.choices)
    responsible = forms.CharField(label=_("责任人"), max_length=50)


class TaskForm(forms.Form):
    problem = forms.TypedChoiceField(label=_("所属问题"), coerce=int)
    text = forms.CharField(label=_("任务"), max_length=300)
    responsible = forms.CharField(label=_("责任人"), max_length=50)
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)
    is_practical = forms.BooleanField(label=_("列为民生实事"), required=False)
    beneficiaries = forms.CharField(
        label=_("受益群众"),
        max_length=200,
        required=False,
        help_text=_("民生实事填写，如：3栋至8栋居民"),
    )
    beneficiary_count = forms.IntegerField(
        label=_("受益人数"), min_value=1, max_value=10_000_000, required=False
    )

    def __init__(self, *args: Any, problems: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [(p.pk, p.text) for p in problems]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_practical") and (
            not (data.get("beneficiaries") or "").strip() or not data.get("beneficiary_count")
        ):
            raise forms.ValidationError(_("民生实事须写明受益群众和受益人数"))
        return data


class VisitForm(forms.Form):
    on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("形式"), choices=VisitKind.choices)
    topic = forms.CharField(label=_("调研主题"), max_length=200)
    participants = forms.CharField(label=_("参加人员"), max_length=300, required=False)
    findings = forms.CharField(
        label=_("调研发现"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一条，每条可转为问题清单"),
    )


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    answer = forms.ChoiceField(
        label=_("这次走访对社区"), choices=Answer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("说明（可选）"), max_length=500, required=False)
