"""Registry forms. A resident form checks what was typed with the import's own rules
(``validation.parse_resident``), so a page and a spreadsheet can never disagree on what is valid."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from grassroots.org.models import OrgNode
from grassroots.registry.choices import (
    Education,
    Ethnicity,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    SpecialGroup,
)
from grassroots.registry.models import Resident
from grassroots.registry.selectors import export_units, grids_for
from grassroots.registry.validation import ResidentData, parse_resident

# Form field → the column name parse_resident reads and reports problems under.
COLUMNS = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "公民身份号码",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "relation": "与户主关系",
    "population_type": "人口类型",
    "political_status": "政治面貌",
    "education": "文化程度",
    "special_groups": "特殊人群",
    "notes": "备注",
}
GENDERS = [("", "—"), ("男", "男"), ("女", "女")]


def _choices(choices: Any) -> list[tuple[str, str]]:
    return [("", "—"), *((str(label), str(label)) for label in choices.labels)]


class DateInput(forms.DateInput):
    input_type = "date"


class ResidentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    id_type = forms.ChoiceField(
        label=gettext_lazy("证件类型"), choices=_choices(IdType), required=False
    )
    id_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=20, required=False)
    gender = forms.ChoiceField(
        label=gettext_lazy("性别"),
        choices=GENDERS,
        required=False,
        help_text=gettext_lazy("填写身份证号码时可不填，由号码推出"),
    )
    birth_date = forms.CharField(label=gettext_lazy("出生日期"), required=False, widget=DateInput())
    ethnicity = forms.ChoiceField(
        label=gettext_lazy("民族"), choices=_choices(Ethnicity), required=False
    )
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False)
    relation = forms.ChoiceField(
        label=gettext_lazy("与户主关系"), choices=_choices(Relation), required=False
    )
    population_type = forms.ChoiceField(
        label=gettext_lazy("人口类型"), choices=_choices(PopulationType)[1:]
    )
    political_status = forms.ChoiceField(
        label=gettext_lazy("政治面貌"), choices=_choices(PoliticalStatus), required=False
    )
    education = forms.ChoiceField(
        label=gettext_lazy("文化程度"), choices=_choices(Education), required=False
    )
    special_groups = forms.MultipleChoiceField(
        label=gettext_lazy("特殊人群"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(label), str(label)) for label in SpecialGroup.labels],
    )
    notes = forms.CharField(
        label=gettext_lazy("备注"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, resident: Resident | None = None, **kwargs: Any) -> None:
        if resident is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(resident)
        super().__init__(*args, **kwargs)
        self.data_out: ResidentData | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cells = {column: _text(cleaned.get(name)) for name, column in COLUMNS.items()}
        data, problems = parse_resident(cells, today=timezone.localdate())
        by_column = {column: name for name, column in COLUMNS.items()}
        for column, reason in problems:
            self.add_error(by_column.get(column), reason)
        self.data_out = data
        return cleaned


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(value)
    return "" if value is None else str(value)


def initial_for(resident: Resident) -> dict[str, Any]:
    def label(choices: Any, value: str) -> str:
        return str(dict(choices.choices).get(value, "")) if value else ""

    return {
        "name": resident.name,
        "id_type": label(IdType, resident.id_type),
        "id_number": resident.id_number,
        "gender": "男" if resident.gender == "M" else "女",
        "birth_date": resident.birth_date.isoformat() if resident.birth_date else "",
        "ethnicity": label(Ethnicity, resident.ethnicity),
        "phone": resident.phone,
        "relation": label(Relation, resident.relation),
        "population_type": label(PopulationType, resident.population_type),
        "political_status": label(PoliticalStatus, resident.political_status),
        "education": label(Education, resident.education),
        "special_groups": resident.special_group_names,
        "notes": resident.notes,
        "version": resident.version,
    }


class AddressForm(forms.Form):
    """Where someone lives: a grid in scope and the room's address within it."""

    grid = forms.ModelChoiceField(label=gettext_lazy("网格"), queryset=OrgNode.objects.none())
    estate = forms.CharField(label=gettext_lazy("小区"), max_length=100)
    building = forms.CharField(label=gettext_lazy("楼栋"), max_length=50)
    unit = forms.CharField(label=gettext_lazy("单元"), max_length=20, required=False)
    number = forms.CharField(label=gettext_lazy("房号"), max_length=30)
    moved_in_on = forms.DateField(
        label=gettext_lazy("迁入日期"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids_for(user)

    def clean_moved_in_on(self) -> datetime.date:
        day = self.cleaned_data["moved_in_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext_lazy("迁入日期不能晚于今天"))
        return day


class MoveOutForm(forms.Form):
    moved_out_on = forms.DateField(
        label=gettext_lazy("迁出日期"), widget=DateInput(), initial=timezone.localdate
    )


class RoomUseForm(forms.Form):
    use = forms.ChoiceField(label=gettext_lazy("房屋用途"), choices=RoomUse.choices)
    effective_on = forms.DateField(
        label=gettext_lazy("变更日期"), widget=DateInput(), initial=timezone.localdate
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("人口房屋文件（.xlsx 或 .csv）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(gettext_lazy("请上传 .xlsx 或 .csv 文件"))
        return upload


class ExportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("单位"),
        required=False,
        queryset=OrgNode.objects.none(),
        empty_label=gettext_lazy("全部辖区"),
    )
    unmasked = forms.BooleanField(
        label=gettext_lazy("导出完整证件号码和电话（记入审计日志）"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = export_units(user)
