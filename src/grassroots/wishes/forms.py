"""The forms of the micro-wish pages: posting, claiming, the fulfilment photo, and the
community's confirmation, return and cancellation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.wishes.models import WishCategory


class WishForm(forms.Form):
    household = forms.TypedChoiceField(
        label=_("心愿户"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请先搜索地址并选择一户")},
    )
    text = forms.CharField(
        label=_("心愿内容"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写清需要什么，不要写姓名、电话、身份证号"),
    )
    value = forms.DecimalField(
        label=_("心愿价值（元）"),
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", "—"), *WishCategory.choices], required=False
    )

    def __init__(self, *args: Any, households: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [(h.pk, h.room.address) for h in households]


class ClaimForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    unit = forms.TypedChoiceField(label=_("认领方"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, units: Any = (), as_member: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("本人（党员）"))] if as_member else []
        choices += [(u.pk, u.name) for u in units]
        self.fields["unit"].choices = choices
        if not units:  # the member claims as themself: nothing to choose
            self.fields["unit"].widget = forms.HiddenInput()
            self.initial.setdefault("unit", choices[0][0] if choices else "")


class FulfilForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    photo = forms.FileField(
        label=_("完成照片"),
        help_text=_("JPEG、PNG 或 WebP 照片，最大 8 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        error_messages={"required": _("请上传完成照片")},
    )
    note = forms.CharField(label=_("完成情况"), max_length=300, required=False)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label=_("确认意见"), max_length=300, required=False)


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("原因"), max_length=300, error_messages={"required": _("请填写原因")}
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label
