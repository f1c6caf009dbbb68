"""Forms of the vote pages: a new vote, a paper ballot entered by staff, an online ballot."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.owners.choices import CommitteePost, MatterKind, Opinion, parse_label
from grassroots.owners.selectors import committee_account, estates
from grassroots.registry.models import Estate

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _in_a_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


class VoteForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("小区"), queryset=Estate.objects.none())
    title = forms.CharField(label=_("表决事项"), max_length=200)
    matter = forms.CharField(
        label=_("事项说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("事项类别"),
        choices=MatterKind.choices,
        help_text=_(
            "使用维修资金、改建重建建筑物、改变共有部分用途等为重大事项（民法典第二百七十八条第一款第六项至第八项）"
        ),
    )
    buildings = forms.CharField(
        label=_("部分楼栋"),
        required=False,
        help_text=_("只由部分楼栋业主表决时填写，用逗号分隔，如：1号楼,2号楼"),
    )
    closes_on = forms.DateField(label=_("截止日期"), widget=DAY, initial=_in_a_month)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["estate"]
        field.queryset = estates(user)
        field.label_from_instance = lambda e: f"{e.name}（{e.grid.name}）"

    def clean_closes_on(self) -> datetime.date:
        day = self.cleaned_data["closes_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("截止日期不能早于今天"))
        return day


class PaperBallotForm(forms.Form):
    building = forms.CharField(
        label=_("楼栋"), max_length=50, widget=forms.TextInput(attrs={"list": "vote-buildings"})
    )
    unit = forms.CharField(label=_("单元"), max_length=20, required=False)
    number = forms.CharField(label=_("房号"), max_length=30)
    opinion = forms.ChoiceField(
        label=_("表决意见"), choices=Opinion.choices, widget=forms.RadioSelect
    )


class OnlineBallotForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("表决意见"), choices=Opinion.choices, widget=forms.RadioSelect
    )


class CompanyForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("小区"), queryset=Estate.objects.none())
    name = forms.CharField(label=_("企业名称"), max_length=100)
    contract_starts = forms.DateField(label=_("合同开始日期"), widget=DAY)
    contract_ends = forms.DateField(label=_("合同结束日期"), widget=DAY, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estates(self.fields["estate"], user)


class CommitteeForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("小区"), queryset=Estate.objects.none())
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    elected_on = forms.DateField(label=_("选举日期"), widget=DAY)
    term_ends = forms.DateField(label=_("任期届满日期"), widget=DAY)
    members = forms.CharField(
        label=_("成员"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一人：姓名,职务(主任/副主任/委员)[,登录账号]；登录账号须为业委会成员角色"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _estates(self.fields["estate"], user)

    def clean_members(self) -> list[tuple[str, str, Any]]:
        found = []
        for n, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            post = parse_label(CommitteePost, parts[1]) if len(parts) > 1 else None
            if not parts[0] or post is None:
                raise forms.ValidationError(
                    _("第%(n)d行应为“姓名,职务”，职务为主任、副主任或委员") % {"n": n}
                )
            account = None
            if len(parts) > 2 and parts[2]:
                account = committee_account(self.user, parts[2])
                if account is None:
                    raise forms.ValidationError(
                        _("第%(n)d行：没有业委会成员角色的登录账号“%(u)s”")
                        % {"n": n, "u": parts[2]}
                    )
            found.append((parts[0], post, account))
        if not found:
            raise forms.ValidationError(_("请至少填写一名成员"))
        return found


def _estates(field: forms.ModelChoiceField, user: Any) -> None:
    field.queryset = estates(user)
    field.label_from_instance = lambda e: f"{e.name}（{e.grid.name}）"
