"""Form fields whose values must make sense in time, with plain Chinese messages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.kernel import phones
from grassroots.kernel.natural import natural_key


class PhoneField(forms.CharField):
    """A Chinese mobile or landline number, spaces and +86 dropped (kernel.phones)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = phones.normalise_phone(super().clean(value))
        if value and not phones.is_phone(value):
            raise forms.ValidationError(phones.MESSAGE, code="invalid")
        return value


class PastDateField(forms.DateField):
    """A date that has happened: a birth, a move, a departure (not after today)."""

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("不能晚于今天"), code="future")


class DeadlineField(forms.DateTimeField):
    """A time limit set now: it lies ahead (a deadline of 1999-01-01 is a typing slip)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("时限应晚于当前时间"), code="past")


class _NaturalOrder(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_instance
        for obj in sorted(self.queryset, key=lambda o: natural_key(label(o))):
            yield self.choice(obj)


class NaturalOrderChoiceField(forms.ModelChoiceField):
    """A choice of rows shown in natural order of their labels (1栋, 2栋, 10栋), which the
    database cannot sort by; for short lists, as they are sorted in Python."""

    iterator = _NaturalOrder
