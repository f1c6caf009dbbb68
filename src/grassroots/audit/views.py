"""The audit log page (审计日志): administrators read who did what, newest first."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.audit.models import AuditEvent, Outcome, action_choices, action_labels
from grassroots.audit.plugin import VIEW_AUDIT
from grassroots.audit.selectors import audit_events_for
from grassroots.audit.services import record
from grassroots.audit.wording import detail_lines, target_names, word_value
from grassroots.kernel.exports import csv_cell
from grassroots.kernel.permissions import has_permission

PAGE_SIZE = 50
AUDIT_EXPORTED = "audit_exported"  # declared in audit/plugin.py


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("事件"), required=False, choices=[("", _("全部")), *action_choices()]
    )
    username = forms.CharField(label=_("账号"), required=False, max_length=150)
    day = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _outcome(event: AuditEvent) -> str:
    """成功 or 失败; a value some module once wrote there instead is worded as its detail."""
    if event.outcome in Outcome.values:
        return event.get_outcome_display()
    return word_value(event.action, "outcome", event.outcome)


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    # 404 rather than 403: the page's existence tells an unauthorised account nothing.
    if not has_permission(request.user, VIEW_AUDIT):
        raise Http404
    form = EventFilterForm(request.GET)
    form.is_valid()  # a bad field is shown as an error; the good ones still filter
    filters = form.cleaned_data
    rows = audit_events_for(
        request.user,
        action=filters.get("action") or "",
        username=(filters.get("username") or "").strip(),
        day=filters.get("day"),
    )
    return form, rows


@login_required
def events(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = target_names(e.target for e in page.object_list)
    events = [
        (e, names.get(e.target, e.target), detail_lines(e.action, e.detail), _outcome(e))
        for e in page.object_list
    ]
    return render(request, "audit/events.html", {"form": form, "page": page, "events": events})


class _Echo:
    """csv.writer's file: each written line is handed back to be streamed."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: QuerySet[AuditEvent]) -> Iterator[str]:
    writer: Any = csv.writer(_Echo())
    yield "\ufeff"  # so that Excel reads the Chinese as UTF-8
    headers = (
        _("序号"),
        _("时间"),
        _("账号"),
        _("单位"),
        _("事件"),
        _("结果"),
        _("地址"),
        _("对象"),
        _("详情"),
    )
    yield writer.writerow([str(h) for h in headers])
    labels = action_labels()
    for e in rows.iterator(chunk_size=2000):
        details = "；".join(
            f"{line.label}：{line.text}" for line in detail_lines(e.action, e.detail)
        )
        cells = (
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.node.name if e.node else "",
            labels.get(e.action, e.action),
            _outcome(e),
            e.address or "",
            e.target,
            details,
        )
        yield writer.writerow([csv_cell(c) for c in cells])


@login_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV, for the audit administrator to keep or review elsewhere; the
    export itself is audited."""
    _, rows = _filtered(request)
    record(
        AUDIT_EXPORTED,
        request=request,
        format="csv",
        rows=rows.count(),
        query=request.GET.urlencode()[:200],
    )
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = f"audit-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
