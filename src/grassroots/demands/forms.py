"""Forms of the demand pages: record, move on, supervise, add a task; the public ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from grassroots.demands.models import Category, Channel, Mediation, Priority, Satisfaction
from grassroots.demands.selectors import (
    active_categories,
    buildings_for,
    grids_for,
    rooms_of_building,
)
from grassroots.demands.services.actions import PhotoRefused, check_photo
from grassroots.org.models import OrgNode
from grassroots.registry.models import Building, Room
from grassroots.registry.selectors import public_buildings, public_estates
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


class PublicDemandBase(forms.Form):
    """What a resident tells on any public page: the matter, and how to reach them."""

    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    reporter_name = forms.CharField(label=_("称呼"), max_length=50, required=False)
    reporter_phone = _phone(required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)


class PhotoField(forms.FileField):
    """One optional photo of the problem: JPEG, PNG or WebP, checked by its first bytes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("照片"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("选填，JPEG、PNG 或 WebP，不超过 8 MB"))
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                check_photo(upload)
            except PhotoRefused as error:
                raise forms.ValidationError(str(error)) from None
        return upload


def estate_choices() -> list[Any]:
    """Every estate, grouped by its community (an option group each)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for estate in public_estates():
        groups.setdefault(estate.community, []).append((estate.pk, estate.name))
    return [("", _("请选择小区")), *groups.items()]


class PublicDemandForm(PublicDemandBase):
    """The public demand page: the place found by estate, then building, never by grid; the
    grid is the building's (or, for an estate-wide matter, the estate's)."""

    estate = forms.TypedChoiceField(label=_("小区"), coerce=int, empty_value=None, choices=())
    building = forms.TypedChoiceField(
        label=_("楼栋"), coerce=int, empty_value=None, required=False, choices=()
    )
    photo = PhotoField()

    field_order = [
        "title",
        "description",
        "category",
        "estate",
        "building",
        "address",
        "photo",
        "reporter_name",
        "reporter_phone",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].label = _("单元房号")
        self.fields["address"].help_text = _("选填，如：2单元301")
        self.fields["estate"].choices = estate_choices()
        self.fields["estate"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("demands:public_buildings"),
                "hx-target": "#id_building",
                "hx-trigger": "change",
            }
        )
        chosen = self.data.get("estate") if self.is_bound else self.initial.get("estate")
        self.buildings = self.buildings_of(chosen)
        self.fields["building"].choices = building_choices(self.buildings)

    @staticmethod
    def buildings_of(estate: Any) -> list[Building]:
        text = str(estate or "")
        return public_buildings(int(text)) if text.isdigit() and len(text) < 19 else []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("estate") and not self.buildings:
            self.add_error("estate", _("请从列表中选择小区"))
        wanted = data.get("building")
        building = next((b for b in self.buildings if b.pk == wanted), None)
        data["building"] = building
        if building is not None:
            data["grid"] = building.grid
        elif self.buildings:
            data["grid"] = self.buildings[0].grid  # an estate-wide matter: its first part's grid
        return data

    def place_text(self) -> str:
        """The address as the resident gave it: estate, building, then unit and room."""
        data = self.cleaned_data
        if not self.buildings:
            return data.get("address", "")
        building = data.get("building")
        estate = self.buildings[0].estate.name
        return f"{estate}{building.name if building else ''}{data.get('address', '')}"[:200]


def building_choices(buildings: list[Building]) -> list[tuple[Any, str]]:
    return [("", _("整个小区或不确定")), *((b.pk, b.name) for b in buildings)]


class OwnDemandForm(forms.Form):
    """A signed-in resident's demand: their own home or its building, the matter, a photo."""

    HOME, BUILDING = "home", "building"

    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(
        label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none())
    where = forms.ChoiceField(label=_("诉求地点"), widget=forms.RadioSelect, initial=HOME)
    photo = PhotoField()
    reporter_phone = _phone(required=False)

    def __init__(self, *args: Any, room: Room, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["where"].choices = [
            (self.HOME, _("我家：%(address)s") % {"address": room.address}),
            (
                self.BUILDING,
                _("所在楼栋的公共部位：%(building)s") % {"building": room.building},
            ),
        ]
        self.fields["reporter_phone"].help_text = _("办理人员回访时联系您，可以修改")


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
    mediation = forms.ChoiceField(
        label=_("调解结果"), choices=[("", "—"), *Mediation.choices], required=False
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
