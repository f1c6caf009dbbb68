"""Forms of the roster pages. A by-elected member is checked by the roster's own row rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from grassroots.cadres import rows
from grassroots.cadres.models import CommitteePost, Education, PartyPost, Term
from grassroots.cadres.selectors import communities_for
from grassroots.org.models import OrgNode
from grassroots.people.models import Gender
from grassroots.web.fields import PastDateField


class DateInput(forms.DateInput):
    input_type = "date"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgNode) -> str:
        return f"{obj.name}（{obj.code}）"


def _choices(enum: Any, *, none: bool = False) -> list[tuple[str, Any]]:
    head = [("", gettext_lazy("无"))] if none else []
    return head + [(str(label), gettext_lazy(label)) for _value, label in enum.choices]


# Form field → roster column, so the row rules name the field that is wrong.
COLUMNS = {
    "unit": rows.UNIT,
    "name": rows.NAME,
    "gender": rows.GENDER,
    "birth_date": rows.BIRTH,
    "id_number": rows.ID_NUMBER,
    "education": rows.EDUCATION,
    "party_post": rows.PARTY_POST,
    "committee_post": rows.COMMITTEE_POST,
}


class ByElectionForm(forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("单位"), queryset=OrgNode.objects.none())
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    gender = forms.ChoiceField(label=gettext_lazy("性别"), choices=_choices(Gender))
    birth_date = PastDateField(label=gettext_lazy("出生日期"), widget=DateInput)
    id_number = forms.CharField(
        label=gettext_lazy("公民身份号码"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    education = forms.ChoiceField(label=gettext_lazy("学历"), choices=_choices(Education))
    party_post = forms.ChoiceField(
        label=gettext_lazy("党组织职务"), required=False, choices=_choices(PartyPost, none=True)
    )
    committee_post = forms.ChoiceField(
        label=gettext_lazy("村(居)委会职务"),
        required=False,
        choices=_choices(CommitteePost, none=True),
    )
    on = forms.DateField(label=gettext_lazy("补选日期"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term = term
        self.row: rows.RosterRow | None = None
        self.fields["unit"].queryset = communities_for(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        cells = {column: self._text(data.get(field)) for field, column in COLUMNS.items()}
        self.row = rows.read_row(0, cells, reference_date=self.term.reference_date)
        by_column = {column: field for field, column in COLUMNS.items()}
        for column, reason in self.row.problems:
            self.add_error(by_column.get(column), reason)
        return data

    @staticmethod
    def _text(value: Any) -> str:
        if isinstance(value, OrgNode):
            return value.name
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value or "")


class DepartureForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("离任日期"), widget=DateInput)
    reason = forms.CharField(
        label=gettext_lazy("离任原因"),
        max_length=100,
        help_text=gettext_lazy("如：辞职、免职、调离、去世"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名册文件"), help_text=gettext_lazy("xlsx，或 UTF-8/GBK 编码的 csv")
    )
    term = forms.IntegerField(
        label=gettext_lazy("届别（换届年份）"), min_value=1949, max_value=2100
    )
    reference_date = forms.DateField(
        label=gettext_lazy("统计基准日（选举结束之日）"), widget=DateInput
    )
    create_units = forms.BooleanField(
        label=gettext_lazy("组织架构中没有的村(社区)自动新建"),
        required=False,
        help_text=gettext_lazy("新建在“待划转村(社区)”街道下，之后再移到所属街道"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext_lazy("文件不能超过10MB"))
        return upload
