"""Template helpers of the sweep pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from grassroots.registry.validation import browser_rules

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """``{{ workers|get_item:flag.worker_id }}``."""
    return mapping.get(key, "")


def field_labels() -> dict[str, str]:
    """What the phone calls each field of a visit the server may refuse: the API's names
    (``new_residents.0.id_number``) never reach the page, these labels do."""
    return {
        "new_resident": _("新增居民%(n)s"),
        "name": _("姓名"),
        "id_type": _("证件类型"),
        "id_number": _("证件号码"),
        "gender": _("性别"),
        "birth_date": _("出生日期"),
        "phone": _("联系电话"),
        "relation": _("与户主关系"),
        "population_type": _("人口类型"),
        "ethnicity": _("民族"),
        "political_status": _("政治面貌"),
        "education": _("文化程度"),
        "special_groups": _("特殊人群"),
        "notes": _("备注"),
        "room": _("房屋"),
        "campaign": _("扫楼任务"),
        "visited_at": _("走访时间"),
        "outcome": _("走访结果"),
        "room_use": _("房屋用途"),
        "confirmed": _("现住人员"),
        "moved_out": _("现住人员"),
        "new_residents": _("新增居民"),
        "hazards": _("发现隐患"),
        "hazard_photo": _("隐患照片"),
        "photo": _("现场照片"),
        "note": _("备注"),
    }


@register.simple_tag
def sweep_rules() -> dict[str, Any]:
    """The checks the phone makes before queueing a visit, and the labels of its fields."""
    return {"resident": browser_rules(), "labels": field_labels()}
