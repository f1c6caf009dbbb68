"""Forms of the grid pages: appoint and end a post, a building's party organisation, a member's
published work phone, and the public building page's demand (the public demand form with the
grid and building fixed by the notice)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.demands.forms import PublicDemandBase
from grassroots.grids.models import PostRole
from grassroots.org.models import PartyOrganization
from grassroots.people.models import Person
from grassroots.web.fields import PhoneField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.post}）" if obj.post else obj.name


class PostForm(forms.Form):
    role = forms.ChoiceField(label=_("职责"), choices=PostRole.choices)
    person = PersonChoice(
        label=_("人员"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("从本网格和社区的人员中选择；不在名单中的，填写姓名"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    work_phone = PhoneField(
        label=_("工作电话"),
        required=False,
        help_text=_("将印在楼栋亮身份公示牌上"),
    )
    since = forms.DateField(
        label=_("任职日期"),
        widget=DATE,
        initial=timezone.localdate,
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(v, _(label)) for v, label in PostRole.choices]
        if people is not None:
            self.fields["person"].queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("person") and not (data.get("name") or "").strip():
            self.add_error("name", _("请选择人员或填写姓名"))
        return data


class EndPostForm(forms.Form):
    until = forms.DateField(
        label=_("离任日期"),
        widget=DATE,
        initial=timezone.localdate,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartyOrgChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PartyOrganization) -> str:
        return f"{obj.name}（{_(obj.get_kind_display())}）"


class BuildingBranchForm(forms.Form):
    party_org = PartyOrgChoice(
        label=_("楼栋党组织"),
        queryset=PartyOrganization.objects.none(),
        required=False,
        empty_label=_("（按网格党支部）"),
    )

    def __init__(self, *args: Any, party_orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if party_orgs is not None:
            self.fields["party_org"].queryset = party_orgs


class BoardPhoneForm(forms.Form):
    work_phone = PhoneField(
        label=_("公开的工作电话"),
        required=False,
        help_text=_("党员本人同意后填写；留空则撤回，公示牌只印姓名"),
    )
    agreed_on = forms.DateField(
        label=_("同意公开日期"),
        widget=DATE,
        initial=timezone.localdate,
    )


class BuildingDemandForm(PublicDemandBase):
    """The public demand form, its grid and building fixed by the notice the resident scanned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].label = _("单元房号")
        self.fields["address"].help_text = _("选填，如：2单元301")
