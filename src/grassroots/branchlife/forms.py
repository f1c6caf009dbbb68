"""The meeting form: what was held, when and where, who attended (ticked from the branch's
member list; an absent member may be given a reason), and the minutes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.branchlife.models import AbsenceReason, MeetingKind
from grassroots.branchlife.selectors import MemberLine
from grassroots.branchlife.services import PRESENT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)
    topic = forms.CharField(label=_("主题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    minutes = forms.CharField(
        label=_("会议记录"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("会议召开后填写；计划召开的会议留空"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(v, _(label)) for v, label in MeetingKind.choices]


def reason_choices() -> list[tuple[str, Any]]:
    return [("", _("不需参加"))] + [(v, _(label)) for v, label in AbsenceReason.choices]


def attendance_from(data: Mapping[str, Any], lines: Iterable[MemberLine]) -> dict[int, str]:
    """The attendance entered on the form: ticked members are present, unticked ones with a
    reason absent, the rest not expected. Only the branch's listed members are read."""
    ticked = (
        set(data.getlist("present")) if hasattr(data, "getlist") else set(data.get("present", ()))
    )
    found: dict[int, str] = {}
    for line in lines:
        pk = line.person.pk
        if str(pk) in ticked:
            found[pk] = PRESENT
        else:
            reason = str(data.get(f"reason_{pk}", "") or "")
            if reason:
                found[pk] = reason
    return found


def lines_with(lines: Iterable[MemberLine], attendance: Mapping[int, str]) -> list[MemberLine]:
    """The member list showing what was entered (to redisplay a form with errors)."""
    shown = []
    for line in lines:
        reason = attendance.get(line.person.pk)
        if reason is None:
            shown.append(MemberLine(line.person, ""))
        elif reason == PRESENT:
            shown.append(MemberLine(line.person, "present"))
        else:
            shown.append(MemberLine(line.person, "absent", reason))
    return shown
