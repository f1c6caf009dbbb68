"""The person form: checks what a clerk typed; the services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.kernel import phones
from grassroots.kernel.idnumbers import IdNumber, IdNumberError, parse_id_number
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.models import Gender, Person
from grassroots.people.selectors import branches_for, person_with_id_number, units_for
from grassroots.people.services import PersonFields

PARTY_MIN_AGE = 18


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgNode) -> str:
        return "\u3000" * (obj.depth - 1) + f"{obj.name}（{obj.code}）"


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PartyOrganization) -> str:
        return "\u3000" * (obj.depth - 1) + obj.name


class DateInput(forms.DateInput):
    input_type = "date"


class PersonForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    id_number = forms.CharField(
        label=gettext_lazy("公民身份号码"),
        max_length=24,
        required=False,
        help_text=gettext_lazy("填写后，出生日期和性别以号码为准"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("性别"),
        required=False,
        choices=[("", "—"), *((value, gettext_lazy(label)) for value, label in Gender.choices)],
    )
    birth_date = forms.DateField(label=gettext_lazy("出生日期"), required=False, widget=DateInput)
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    post = forms.CharField(label=gettext_lazy("职务"), max_length=60, required=False)
    org_node = NodeChoiceField(label=gettext_lazy("所属单位"), queryset=OrgNode.objects.none())
    is_party_member = forms.BooleanField(label=gettext_lazy("中共党员"), required=False)
    party_joined_on = forms.DateField(
        label=gettext_lazy("入党时间"), required=False, widget=DateInput
    )
    party_branch = BranchChoiceField(
        label=gettext_lazy("所在党组织"), required=False, queryset=PartyOrganization.objects.none()
    )

    def __init__(self, *args: Any, user: Any, person: Person | None = None, **kwargs: Any) -> None:
        if person is not None:
            kwargs.setdefault("initial", initial_for(person))
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields, no colon
        super().__init__(*args, **kwargs)
        self.person = person
        self.id_info: IdNumber | None = None
        self.fields["org_node"].queryset = units_for(user)
        self.fields["party_branch"].queryset = branches_for(user)
        if person is not None:
            # The stored numbers are never put in the page unmasked: blank keeps them.
            for name, masked in (
                ("id_number", person.masked_id_number),
                ("phone", person.masked_phone),
            ):
                if masked:
                    self.fields[name].widget.attrs["placeholder"] = masked
                    self.fields[name].help_text = _("已登记%(masked)s；留空则保持不变") % {
                        "masked": masked
                    }

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        if not value.strip():
            stored = self.person.id_number if self.person is not None else ""
            if stored:
                try:
                    self.id_info = parse_id_number(stored)
                except IdNumberError:
                    self.id_info = None  # an old record's number: checked when replaced
            return ""
        try:
            self.id_info = parse_id_number(value)
        except IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None
        holder = person_with_id_number(self.id_info.number)
        if holder is not None and (self.person is None or holder.pk != self.person.pk):
            raise forms.ValidationError(
                _("该公民身份号码已登记在其他人员名下，同一号码不能登记两次")
            )
        return self.id_info.number

    def clean_phone(self) -> str:
        value = phones.normalise_phone(self.cleaned_data["phone"])
        if value and not phones.is_phone(value):
            raise forms.ValidationError(phones.MESSAGE)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_against_id_number(data)
        if not data.get("gender") and "gender" not in self.errors:
            self.add_error("gender", _("请选择性别"))
        birth = data.get("birth_date")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", _("出生日期不能晚于今天"))
        if data.get("is_party_member"):
            self._clean_party(data)
        else:
            data["party_joined_on"] = None
            data["party_branch"] = None
        return data

    def _clean_against_id_number(self, data: dict[str, Any]) -> None:
        info = self.id_info
        if info is None:
            return
        birth, gender = data.get("birth_date"), data.get("gender")
        if birth and birth != info.birth_date:
            self.add_error(
                "birth_date",
                _("出生日期与公民身份号码不符：号码中为%(date)s")
                % {"date": info.birth_date.isoformat()},
            )
        else:
            data["birth_date"] = info.birth_date
        if gender and gender != info.gender:
            self.add_error(
                "gender",
                _("性别与公民身份号码不符：号码中为%(gender)s")
                % {"gender": _(Gender(info.gender).label)},
            )
        else:
            data["gender"] = info.gender

    def _clean_party(self, data: dict[str, Any]) -> None:
        if not data.get("party_branch") and "party_branch" not in self.errors:
            self.add_error("party_branch", _("中共党员须选择所在党组织"))
        joined, birth = data.get("party_joined_on"), data.get("birth_date")
        if not joined:
            return
        if joined > timezone.localdate():
            self.add_error("party_joined_on", _("入党时间不能晚于今天"))
        elif birth and joined < _years_after(birth, PARTY_MIN_AGE):
            self.add_error("party_joined_on", _("入党时间早于年满18周岁之日，请核对"))

    def to_fields(self) -> PersonFields:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "name",
                "gender",
                "org_node",
                "birth_date",
                "post",
                "is_party_member",
                "party_joined_on",
                "party_branch",
            )
        }
        stored = self.person
        values["id_number"] = data["id_number"] or (stored.id_number if stored else "") or ""
        values["phone"] = data["phone"] or (stored.phone if stored else "") or ""
        return PersonFields(**values)


def initial_for(person: Person) -> dict[str, Any]:
    """A person's current values for the edit form, without the personal data."""
    return {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "post": person.post,
        "org_node": person.org_node_id,
        "is_party_member": person.is_party_member,
        "party_joined_on": person.party_joined_on,
        "party_branch": person.party_branch_id,
    }


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
