"""The three lists (问题清单、责任清单、任务清单) as pages and xlsx exports, and 'my demands'."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.demands.models import Channel, Demand
from grassroots.demands.plugin import MANAGE_DEMANDS, RECORD_DEMANDS, VIEW_DEMANDS
from grassroots.demands.selectors import (
    DemandFilters,
    active_categories,
    category_by_id,
    demands_for,
    filter_demands,
    my_demands,
    tasks_for,
    unit_choices,
    visible_unit,
)
from grassroots.demands.workflow import Status
from grassroots.kernel.permissions import has_permission
from grassroots.kernel.tabular import write_table
from grassroots.web.decorators import requires

PAGE_SIZE = 20
EXPORT_LIMIT = 100_000


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def parse_filters(request: HttpRequest) -> DemandFilters:
    """The list filters from the query string; a value that is not valid is ignored."""
    q = request.GET
    unit_id, category_id = _int(q.get("unit")), _int(q.get("category"))
    return DemandFilters(
        unit=visible_unit(request.user, pk=unit_id) if unit_id else None,
        category=category_by_id(category_id) if category_id else None,
        status=q.get("status") if q.get("status") in Status.values else "",
        channel=q.get("channel") if q.get("channel") in Channel.values else "",
        start=_date(q.get("start")),
        end=_date(q.get("end")),
        overdue=q.get("overdue") == "1",
        supervised=q.get("supervised") == "1",
    )


def _filter_context(request: HttpRequest, filters: DemandFilters) -> dict[str, Any]:
    return {
        "filters": filters,
        "units": unit_choices(request.user),
        "categories": active_categories(),
        "statuses": Status.choices,
        "channels": Channel.choices,
        "can_export": has_permission(request.user, MANAGE_DEMANDS),
        "now": timezone.now(),
    }


def _listing(
    request: HttpRequest, template: str, rows: QuerySet[Any], filters: DemandFilters
) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, **_filter_context(request, filters)})


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


PROBLEM_HEADERS = [
    "查询码",
    "12345工单号",
    "受理时间",
    "来源渠道",
    "类别",
    "标题",
    "诉求内容",
    "网格",
    "地址",
    "反映人",
    "联系电话",
    "状态",
    "响应时限",
    "办结时限",
    "办结时间",
    "满意度",
]
RESPONSIBILITY_HEADERS = [
    "查询码",
    "标题",
    "类别",
    "状态",
    "责任单位",
    "责任人",
    "响应时限",
    "办结时限",
    "是否督办",
]
TASK_HEADERS = ["查询码", "诉求标题", "任务内容", "承办人", "责任单位", "完成时限", "完成时间"]


def _problem_row(d: Demand) -> list[str]:
    return [
        d.code,
        d.hotline_order_no or "",
        _local(d.received_at),
        _(d.get_channel_display()),
        d.category.full_name,
        d.title,
        d.description,
        d.grid.name,
        d.address,
        d.reporter_name,
        d.masked_phone,
        _(d.get_status_display()),
        _local(d.response_due),
        _local(d.resolve_due),
        _local(d.resolved_at),
        _(d.get_satisfaction_display()) if d.satisfaction else "",
    ]


def _responsibility_row(d: Demand) -> list[str]:
    owner = (d.owner.display_name or d.owner.username) if d.owner else ""
    return [
        d.code,
        d.title,
        d.category.full_name,
        _(d.get_status_display()),
        d.owner_unit.name,
        owner,
        _local(d.response_due),
        _local(d.resolve_due),
        _("是") if d.supervised_at else "",
    ]


def _task_row(t: Any) -> list[str]:
    return [
        t.demand.code,
        t.demand.title,
        t.action,
        t.assignee,
        t.demand.owner_unit.name,
        _local(t.due),
        _local(t.done_at),
    ]


def _export(
    request: HttpRequest, name: str, headers: list[str], rows: Any, make_row: Any
) -> HttpResponse:
    if not has_permission(request.user, MANAGE_DEMANDS):
        return HttpResponse(_("您的角色无权导出"), status=403)
    folder = Path(tempfile.mkdtemp(prefix="demands-export-"))
    path = folder / f"{name}.xlsx"
    count = write_table(
        path,
        [_(h) for h in headers],
        (make_row(r) for r in rows[:EXPORT_LIMIT].iterator(chunk_size=2000)),
    )
    record(
        Action.DEMAND_EXPORTED,
        request=request,
        target=name,
        rows=count,
        query=request.GET.urlencode()[:500],
    )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"{name}-{stamp}.xlsx")
    path.unlink()  # the open handle keeps the data until the response is sent
    folder.rmdir()
    return response


@requires(VIEW_DEMANDS)
def problem_list(request: HttpRequest) -> HttpResponse:
    """问题清单: every demand, filtered."""
    filters = parse_filters(request)
    rows = filter_demands(demands_for(request.user), filters)
    if request.GET.get("format") == "xlsx":
        return _export(request, _("问题清单"), PROBLEM_HEADERS, rows, _problem_row)
    return _listing(request, "demands/list.html", rows, filters)


@requires(VIEW_DEMANDS)
def responsibility_list(request: HttpRequest) -> HttpResponse:
    """责任清单: the owner unit and person of each demand."""
    filters = parse_filters(request)
    rows = filter_demands(demands_for(request.user), filters).order_by("owner_unit__path", "id")
    if request.GET.get("format") == "xlsx":
        return _export(request, _("责任清单"), RESPONSIBILITY_HEADERS, rows, _responsibility_row)
    return _listing(request, "demands/responsibility.html", rows, filters)


@requires(VIEW_DEMANDS)
def task_list(request: HttpRequest) -> HttpResponse:
    """任务清单: actions with deadlines, per demand."""
    filters = parse_filters(request)
    rows = tasks_for(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return _export(request, _("任务清单"), TASK_HEADERS, rows, _task_row)
    return _listing(request, "demands/tasks.html", rows, filters)


@requires(VIEW_DEMANDS)
def mine(request: HttpRequest) -> HttpResponse:
    """A grid worker's phone page: the open demands with their unit or with them."""
    page = Paginator(my_demands(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "demands/mine.html",
        {
            "page": page,
            "now": timezone.now(),
            "can_record": has_permission(request.user, RECORD_DEMANDS),
        },
    )
