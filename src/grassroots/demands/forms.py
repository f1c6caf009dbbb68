"""Forms of the demand pages: record, move on, supervise, add a task; the public ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from grassroots.demands.models import Category, Channel, Priority, Satisfaction
from grassroots.demands.selectors import (
    active_categories,
    buildings_for,
    grids_for,
    rooms_of_building,
)
from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import Building, Room
from grassroots.web.fields import DeadlineField, NaturalOrderChoiceField, PhoneField


def _phone(required: bool) -> PhoneField:
    return PhoneField(label=_("联系电话"), required=required, max_length=24)


class GridChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgNode) -> str:
        return obj.name


class DemandForm(forms.Form):
    """Recording a demand on the page (a grid worker on a phone, a secretary at a desk)."""

    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none())
    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=Channel.choices, initial=Channel.GRID_REPORT
    )
    priority = forms.ChoiceField(
        label=_("紧急程度"), choices=Priority.choices, initial=Priority.NORMAL
    )
    grid = GridChoiceField(label=_("网格"), queryset=OrgNode.objects.none())
    building = NaturalOrderChoiceField(
        label=_("楼栋（人口房屋库）"), required=False, queryset=Building.objects.none()
    )
    room = NaturalOrderChoiceField(label=_("房屋"), required=False, queryset=Room.objects.none())
    address = forms.CharField(
        label=_("地址"),
        max_length=200,
        required=False,
        help_text=_("选了楼栋或房屋可不填，按人口房屋库的地址记录"),
    )
    reporter_name = forms.CharField(label=_("反映人"), max_length=50, required=False)
    reporter_phone = _phone(required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        grids = grids_for(user)
        self.fields["grid"].queryset = grids
        if grids.count() == 1:
            self.fields["grid"].initial = grids.first().pk
        self.fields["grid"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("demands:grid_buildings"),
                "hx-target": "#id_building",
                "hx-trigger": "change",
            }
        )
        self._places(user)

    def _places(self, user: Any) -> None:
        """The buildings of the grid chosen, the rooms of the building chosen (htmx fills them
        in when the grid or the building changes: ``views.demand.grid_buildings`` and
        ``building_rooms``)."""
        field = self.fields["building"]
        grid = _id(self.data.get("grid")) if self.is_bound else self.fields["grid"].initial
        field.queryset = buildings_for(user, grid) if grid else Building.objects.none()
        field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("demands:building_rooms"),
                "hx-target": "#id_room",
                "hx-trigger": "change",
            }
        )
        chosen = _id(self.data.get("building")) if self.is_bound else None
        if chosen:
            self.fields["room"].queryset = rooms_of_building(user, chosen)
        self.fields["room"].label_from_instance = room_label


def _id(value: Any) -> int | None:
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def room_label(room: Room) -> str:
    """A room as its building's people say it: 2单元301 (the unit is kept as written)."""
    return f"{room.unit}{room.number}"


class PublicDemandForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none())
    grid = GridChoiceField(label=_("所在网格"), queryset=OrgNode.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    reporter_name = forms.CharField(label=_("称呼"), max_length=50, required=False)
    reporter_phone = _phone(required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["grid"].queryset = OrgNode.objects.filter(level=Level.GRID).order_by("path")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20)
    phone = _phone(required=True)


class MoveForm(forms.Form):
    to = forms.CharField(max_length=16)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    satisfaction = forms.ChoiceField(
        label=_("满意度"), choices=[("", "—"), *Satisfaction.choices], required=False
    )
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    paired_unit = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class OwnIdsForm(forms.Form):
    """A form that shares its page with others: its fields' ids start with ``id_prefix``, so
    the task form's and the supervision form's 时限 are two fields with two labels, not one id
    given twice."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SuperviseForm(OwnIdsForm):
    id_prefix = "supervise"
    due = DeadlineField(
        label=_("督办时限"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(label=_("督办要求"), max_length=200)


class TaskForm(OwnIdsForm):
    id_prefix = "task"
    action = forms.CharField(label=_("任务内容"), max_length=200)
    assignee = forms.CharField(label=_("承办人"), max_length=50, required=False)
    due = DeadlineField(
        label=_("完成时限"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
