"""Forms of the survey pages: a new survey, and a household's answers (a call, or its link)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.org.models import OrgNode
from grassroots.surveys.models import Question
from grassroots.surveys.selectors import survey_units

CONFIDENCES = [(95, "95%"), (90, "90%"), (99, "99%")]


class SurveyForm(forms.Form):
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "2026年第四季度群众满意度测评"}),
    )
    node = forms.ModelChoiceField(label=_("测评社区"), queryset=OrgNode.objects.none())
    margin = forms.DecimalField(
        label=_("允许误差（百分点）"),
        min_value=Decimal("0.5"),
        max_value=Decimal(20),
        decimal_places=1,
        initial=Decimal(3),
        help_text=_("如 3 表示 ±3 个百分点；误差越小，样本越大"),
    )
    confidence = forms.TypedChoiceField(
        label=_("置信水平"), choices=CONFIDENCES, coerce=int, initial=95
    )
    seed = forms.IntegerField(
        label=_("抽样种子"),
        min_value=0,
        max_value=2**53 - 1,
        required=False,
        help_text=_("留空则随机生成；同一种子、同一登记数据抽出同样的样本"),
    )
    satisfaction_question = forms.CharField(
        label=_("满意度问题"),
        max_length=200,
        required=False,
        initial="您对本社区的工作总体满意吗？",
    )
    safety_question = forms.CharField(
        label=_("安全感问题"),
        max_length=200,
        required=False,
        initial="您在本社区生活感到安全吗？",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["node"]
        field.queryset = survey_units(user)
        field.label_from_instance = lambda n: f"{n.name}（{n.code}）"
        if user.org_node_id and field.queryset.filter(pk=user.org_node_id).exists():
            field.initial = user.org_node_id

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("satisfaction_question") or data.get("safety_question")):
            self.add_error("satisfaction_question", _("请至少填写一个问题"))
        return data


def answer_fields(form: forms.Form, questions: list[Question]) -> None:
    """One radio field per question, named ``q<id>``, its scale as the choices."""
    for question in questions:
        form.fields[f"q{question.pk}"] = forms.ChoiceField(
            label=f"{question.number}. {question.text}",
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect,
            required=False,
        )


class AnswersForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        answer_fields(self, questions)

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}
