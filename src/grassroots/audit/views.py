"""The audit log page (审计日志): administrators read who did what, newest first."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from grassroots.audit.models import AuditEvent, Outcome, action_choices
from grassroots.audit.plugin import VIEW_AUDIT
from grassroots.audit.selectors import audit_events_for
from grassroots.audit.wording import detail_lines, target_names, word_value
from grassroots.kernel.permissions import has_permission

PAGE_SIZE = 50


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


@login_required
def events(request: HttpRequest) -> HttpResponse:
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
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = target_names(e.target for e in page.object_list)
    events = [
        (e, names.get(e.target, e.target), detail_lines(e.action, e.detail), _outcome(e))
        for e in page.object_list
    ]
    return render(request, "audit/events.html", {"form": form, "page": page, "events": events})
