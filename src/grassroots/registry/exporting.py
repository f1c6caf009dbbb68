"""Registry out to Excel: the export a user may see, and the blank import template.

The export has the import's columns (plus 证件类型), so a street office can edit it and load it
back. It holds only what ``visible_to`` gives the user; ID numbers and phones are masked unless
the user holds the unmasked permission and asks for them, which is audit-logged as an export of
personal data. It is written by the one export writer (``kernel.exports``): text stays text,
an ID number never turns into 4.2e17, and nothing can run as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel import crypto
from grassroots.kernel.exports import write_table
from grassroots.kernel.permissions import has_permission
from grassroots.people.plugin import VIEW_PERSONAL_DATA
from grassroots.registry.choices import (
    Education,
    Ethnicity,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    labels,
    special_group_labels,
)
from grassroots.registry.importer import HEADERS, TEMPLATE_NOTE_GRID
from grassroots.registry.selectors import export_rows

EXPORT_HEADERS = (*HEADERS, "证件类型")
TEMPLATE_NOTES = {
    "网格编码": TEMPLATE_NOTE_GRID,
    "小区": "必填，小区名称",
    "楼栋": "必填，如3栋",
    "单元": "可空，如2单元",
    "房号": "必填，如502",
    "房屋用途": "可空（默认自住）：" + labels(RoomUse),
    "姓名": "空置房屋整行只填房屋信息，人员各列留空",
    "公民身份号码": "18位公民身份号码；其他证件填证件号码并填写证件类型",
    "性别": "男/女；填写身份证号码时可空（由号码推出）",
    "民族": "如汉族（GB/T 3304名称）",
    "出生日期": "如1990-01-31；填写身份证号码时可空",
    "联系电话": "手机号或固定电话",
    "与户主关系": labels(Relation),
    "人口类型": labels(PopulationType),
    "政治面貌": labels(PoliticalStatus),
    "文化程度": labels(Education),
    "特殊人群": "可填多项，用;或、分隔，如独居老人、低保",
    "备注": "可空",
    "证件类型": "可空（默认居民身份证）：" + labels(IdType),
}
_USE = dict(RoomUse.choices)
_CHOICES = {
    "relation": dict(Relation.choices),
    "population_type": dict(PopulationType.choices),
    "political_status": dict(PoliticalStatus.choices),
    "education": dict(Education.choices),
    "ethnicity": dict(Ethnicity.choices),
    "id_type": dict(IdType.choices),
}


def write_template(path: str | Path) -> None:
    """The blank import template: the headers, then a row saying what goes in each column."""
    _write(path, EXPORT_HEADERS, [[TEMPLATE_NOTES[h] for h in EXPORT_HEADERS]])


def export_registry(
    path: str | Path,
    *,
    user: Any,
    unmasked: bool = False,
    node: Any = None,
    progress: Callable[[int], None] | None = None,
    request: Any = None,
) -> int:
    """Write what ``user`` may see (below ``node`` if given); return the number of rows."""
    if unmasked and not has_permission(user, VIEW_PERSONAL_DATA):
        raise PermissionError(_("您没有导出完整个人信息的权限"))
    rows = (_cells(row, unmasked) for row in export_rows(user, node=node))
    count = _write(path, EXPORT_HEADERS, rows, progress)
    saved = user if getattr(user, "pk", None) else None  # the command line's operator is not
    record(
        Action.PERSONAL_DATA_EXPORTED if unmasked else Action.REGISTRY_EXPORTED,
        actor=saved,
        username="" if saved else "cli",
        request=request,
        target=Path(path).name,
        rows=count,
        unit=getattr(node, "code", ""),
        unmasked=unmasked,
    )
    return count


def _cells(row: dict[str, Any], unmasked: bool) -> list[str]:
    place = [
        row["grid__code"],
        row["building__estate__name"],
        row["building__name"],
        row["unit"],
        row["number"],
        _USE.get(row["use"], ""),
    ]
    if row.get("resident_id") is None:
        return place + [""] * (len(EXPORT_HEADERS) - len(place))
    id_number, phone = row["id_number"] or "", row["phone"] or ""  # decrypted by the field
    if not unmasked:
        id_number = crypto.mask_id_number(id_number) if id_number else ""
        phone = crypto.mask_phone(phone) if phone else ""
    choice = {f: _CHOICES[f].get(row[f], "") for f in _CHOICES}
    birth = row["birth_date"]
    return place + [
        row["name"],
        id_number,
        "男" if row["gender"] == "M" else "女",
        choice["ethnicity"],
        birth.isoformat() if birth else "",
        phone,
        choice["relation"],
        choice["population_type"],
        choice["political_status"],
        choice["education"],
        "、".join(special_group_labels(row["special_groups"])),
        row["notes"],
        choice["id_type"],
    ]


WIDE = {"公民身份号码": 22, "备注": 22}


def _write(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[list[str]],
    progress: Callable[[int], None] | None = None,
) -> int:
    return write_table(
        path, headers, rows, title="人口房屋", widths=WIDE | _narrow(headers), progress=progress
    )


def _narrow(headers: Sequence[str]) -> dict[str, int]:
    return {h: 12 for h in headers if h not in WIDE}
