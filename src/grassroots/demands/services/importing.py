"""Importing 12345 hotline work orders (12345工单导入): ``grassroots demands import FILE``.

The hotline centre's workbook has one work order per row under the headers in ``HEADERS``
(紧急程度 may be left out). The order number is kept on the demand, so importing the same file
again, or a later file that repeats orders, creates nothing twice: an order already recorded
is counted as unchanged. Every row is checked first and every problem reported as
``第N行 列名: 原因``; one problem means nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.demands.models import Category, Channel, Demand, Priority
from grassroots.demands.services import DemandInput, create_demand
from grassroots.kernel import phones
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError, max_length, too_long
from grassroots.kernel.scope import user_root_path
from grassroots.kernel.tabular import Row, Table, read_table
from grassroots.org.models import Level, OrgNode

ORDER, RECEIVED, TITLE, TEXT = "工单编号", "受理时间", "标题", "诉求内容"
CATEGORY, GRID = "诉求类别", "网格编码"
ADDRESS, NAME, PHONE, PRIORITY = "地址", "来电人", "联系电话", "紧急程度"
HEADERS = (ORDER, RECEIVED, TITLE, TEXT, CATEGORY, GRID, ADDRESS, NAME, PHONE)
PRIORITIES = {
    "": Priority.NORMAL,
    "一般": Priority.NORMAL,
    "普通": Priority.NORMAL,
    "紧急": Priority.URGENT,
    "加急": Priority.URGENT,
}
ORDER_PATTERN = re.compile(r"^[0-9A-Za-z-]{4,40}$")
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
)
LIMITS = {
    TITLE: max_length(Demand, "title"),
    TEXT: max_length(Demand, "description"),
    ADDRESS: max_length(Demand, "address"),
    NAME: max_length(Demand, "reporter_name"),
}

Progress = Callable[[int, int], None]


def parse_time(text: str) -> datetime.datetime | None:
    for fmt in TIME_FORMATS:
        try:
            return timezone.make_aware(datetime.datetime.strptime(text.strip(), fmt))
        except ValueError:
            continue
    return None


class RowChecker:
    """Turns rows into DemandInput, collecting every problem as a RowError."""

    def __init__(self, actor: Any) -> None:
        self.errors: list[RowError] = []
        self.root = "" if actor is None else user_root_path(actor)
        self.categories = {c.code: c for c in Category.objects.filter(active=True)}
        self.categories.update({c.full_name: c for c in self.categories.values()})
        self.grids = {g.code: g for g in OrgNode.objects.filter(level=Level.GRID)}
        self.now = timezone.now()

    def fail(self, row: Row, column: str, reason: str) -> None:
        self.errors.append(RowError(row.number, column, reason))

    def check_text(self, row: Row) -> None:
        for column in (TITLE, TEXT):
            if not row[column]:
                self.fail(row, column, _("不能为空"))
        for column, limit in LIMITS.items():
            if problem := too_long(limit, row[column]):
                self.fail(row, column, problem)

    def check(self, row: Row) -> DemandInput | None:
        before = len(self.errors)
        order = row[ORDER]
        if not ORDER_PATTERN.match(order):
            self.fail(
                row,
                ORDER,
                _("不能为空，只能含字母、数字和连字符（4-40位）") if order else _("不能为空"),
            )
        received = parse_time(row[RECEIVED])
        if received is None:
            self.fail(row, RECEIVED, _("须为日期时间，如 2026-03-02 10:30"))
        elif received > self.now:
            self.fail(row, RECEIVED, _("不能晚于当前时间"))
        self.check_text(row)
        category = self.categories.get(row[CATEGORY])
        if category is None:
            self.fail(row, CATEGORY, _("没有这个类别：%(value)s") % {"value": row[CATEGORY]})
        grid = self.grids.get(row[GRID])
        if grid is None or self.root is None or not grid.path.startswith(self.root):
            self.fail(
                row, GRID, _("没有这个网格，或不在您的辖区内：%(value)s") % {"value": row[GRID]}
            )
        if row[PHONE] and not phones.is_phone(row[PHONE]):
            self.fail(row, PHONE, _("“%(text)s”不是有效的手机号或固定电话") % {"text": row[PHONE]})
        if row[PRIORITY] not in PRIORITIES:
            self.fail(row, PRIORITY, _("须为“一般”或“紧急”"))
        if len(self.errors) > before:
            return None
        return DemandInput(
            title=row[TITLE],
            description=row[TEXT],
            category=category,
            channel=Channel.HOTLINE,
            grid=grid,
            address=row[ADDRESS],
            reporter_name=row[NAME],
            reporter_phone=phones.normalise_phone(row[PHONE]),
            priority=PRIORITIES[row[PRIORITY]],
            hotline_order_no=order,
            received_at=received,
        )


def _check_rows(table: Table, actor: Any) -> list[DemandInput]:
    checker = RowChecker(actor)
    seen: dict[str, int] = {}
    orders: list[DemandInput] = []
    for row in table.rows:
        data = checker.check(row)
        order = row[ORDER]
        if order and order in seen:
            checker.fail(row, ORDER, _("与第%(n)d行的工单编号重复") % {"n": seen[order]})
            continue
        seen.setdefault(order, row.number)
        if data is not None:
            orders.append(data)
    if checker.errors:
        raise ImportFailed(checker.errors)
    return orders


def import_hotline_orders(
    source: str | Path | Table, *, actor: Any = None, progress: Progress | None = None
) -> ImportResult:
    """Import a 12345 workbook; raise ImportFailed (nothing written) on any row error."""
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*HEADERS, known=())
    orders = _check_rows(table, actor)
    result = ImportResult()
    with transaction.atomic():
        known = set(
            Demand.objects.filter(
                hotline_order_no__in=[o.hotline_order_no for o in orders]
            ).values_list("hotline_order_no", flat=True)
        )
        for done, data in enumerate(orders, start=1):
            if data.hotline_order_no in known:
                result.unchanged += 1
            else:
                create_demand(data=data, actor=actor)
                result.created += 1
            if progress is not None:
                progress(done, len(orders))
        record(
            Action.DEMAND_IMPORTED,
            actor=actor,
            target=table.name,
            rows=len(orders),
            created=result.created,
            unchanged=result.unchanged,
        )
    return result
