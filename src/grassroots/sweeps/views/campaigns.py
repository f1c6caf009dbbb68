"""Campaign pages for those who run sweeps: list, create, coverage, not yet visited, quality."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_editable_or_404, get_visible_or_404
from grassroots.org.models import Level
from grassroots.registry.plugin import VIEW_REGISTRY
from grassroots.sweeps import quality, selectors
from grassroots.sweeps.choices import CampaignStatus
from grassroots.sweeps.forms import CampaignForm
from grassroots.sweeps.models import Campaign, Visit
from grassroots.sweeps.plugin import MANAGE_SWEEPS, RECORD_SWEEP
from grassroots.sweeps.services import (
    TRANSITIONS,
    SweepError,
    create_campaign,
    set_campaign_status,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

PAGE_SIZE = 50


@requires(MANAGE_SWEEPS)
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.campaigns_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "sweeps/campaigns.html", {"page": page})


@requires(MANAGE_SWEEPS)
@once_per_form
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = create_campaign(
                node=data["node"],
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                start=data["start"],
                actor=request.user,
                request=request,
            )
        except SweepError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已创建扫楼任务：%(name)s") % {"name": campaign.name})
            return redirect("sweeps:campaign", campaign_id=campaign.pk)
    return render(request, "sweeps/campaign_form.html", {"form": form})


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    return get_visible_or_404(Campaign, request.user, pk=campaign_id)


@requires(VIEW_REGISTRY)
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Coverage of the part of the subtree the user sees, and per building for one grid
    (``?node=``). A campaign run above the user's unit is read here, never changed."""
    campaign = _campaign(request, campaign_id)
    node = selectors.campaign_node(campaign, request.user, request.GET.get("node"))
    buildings = []
    if node.level == Level.GRID:
        shares = selectors.building_shares(campaign, node.pk)
        buildings = [
            (b, shares.get(b.pk, selectors.Share())) for b in selectors.buildings_in_grid(node)
        ]
    rows = selectors.coverage(campaign, request.user)
    run_here = selectors.run_here(campaign, request.user)
    return render(
        request,
        "sweeps/campaign.html",
        {
            "campaign": campaign,
            "rows": rows,
            "total": rows[0] if rows else None,
            "bars": _bars(rows),
            "node": node,
            "buildings": buildings,
            "building_bars": [(f"{b.estate.name}{b.name}", share, False) for b, share in buildings],
            "run_here": run_here,
            "can_manage": has_permission(request.user, MANAGE_SWEEPS),
            "can_run": run_here and has_permission(request.user, MANAGE_SWEEPS),
            "next_statuses": _next_statuses(campaign),
            "changes": campaign.changes.select_related("actor"),
        },
    )


def _bars(rows: list[selectors.NodeCoverage]) -> list[tuple[str, selectors.Share, bool]]:
    """The bars above the table: the top unit the user sees and the units right below it
    (the table lists every level)."""
    if not rows:
        return []
    depth = rows[0].node["depth"]
    return [
        (row.node["name"], row.share, n == 0)
        for n, row in enumerate(rows)
        if row.node["depth"] <= depth + 1
    ]


def _next_statuses(campaign: Campaign) -> list[tuple[str, str]]:
    """The moves offered as buttons: starting (again); ending has its own confirmation page."""
    labels = {
        CampaignStatus.RUNNING: _("开始")
        if campaign.status == CampaignStatus.PLANNED
        else _("重新开始"),
    }
    return [
        (s, labels[s]) for s in sorted(TRANSITIONS[CampaignStatus(campaign.status)]) if s in labels
    ]


def _can_finish(campaign: Campaign) -> bool:
    return CampaignStatus.FINISHED in TRANSITIONS[CampaignStatus(campaign.status)]


@requires(MANAGE_SWEEPS)
@require_POST
def campaign_status(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_editable_or_404(Campaign, request.user, pk=campaign_id)
    status = request.POST.get("status", "")
    if status == CampaignStatus.FINISHED and request.POST.get("confirmed") != "yes":
        # Ending stops every grid's visits: only from the confirmation page.
        return redirect("sweeps:campaign_finish", campaign_id=campaign.pk)
    try:
        set_campaign_status(
            campaign,
            status=status,
            version=int(request.POST.get("version") or 0),
            actor=request.user,
            request=request,
        )
    except (SweepError, ValueError) as error:
        messages.error(request, str(error) if isinstance(error, SweepError) else _("无效的状态"))
    else:
        messages.success(request, _("已更新扫楼任务状态"))
    return redirect("sweeps:campaign", campaign_id=campaign.pk)


@requires(MANAGE_SWEEPS)
def campaign_finish(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Ending a campaign, asked once more: what it stops, and how far the sweep got."""
    campaign = get_editable_or_404(Campaign, request.user, pk=campaign_id)
    if not _can_finish(campaign):
        messages.error(request, _("该扫楼任务当前不能结束"))
        return redirect("sweeps:campaign", campaign_id=campaign.pk)
    rows = selectors.coverage(campaign, request.user)
    return render(
        request,
        "sweeps/campaign_finish.html",
        {"campaign": campaign, "total": rows[0] if rows else None},
    )


@requires(VIEW_REGISTRY)
def campaign_unvisited(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    node = selectors.campaign_node(campaign, request.user, request.GET.get("node"))
    page = Paginator(selectors.unvisited_rooms(campaign, node, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "sweeps/unvisited.html", {"campaign": campaign, "node": node, "page": page}
    )


@requires(MANAGE_SWEEPS)
def campaign_quality(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    report, mismatch_total = quality.quality_report(campaign, request.user)
    workers = selectors.workers_by_id(
        {*(b.worker_id for b in report.pace), *(d.worker_id for d in report.off_hours)}
    )
    return render(
        request,
        "sweeps/quality.html",
        {
            "campaign": campaign,
            "report": report,
            "mismatch_total": mismatch_total,
            "workers": workers,
            "limits": quality.thresholds(),
        },
    )


def _moment(text: str | None) -> datetime.datetime | None:
    value = parse_datetime(text or "")
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@requires(VIEW_REGISTRY)
def campaign_visits(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Visits of the campaign, narrowed by worker, time span or room (the quality links)."""
    campaign = _campaign(request, campaign_id)
    visits = selectors.campaign_visits(request.user, campaign)
    worker, start, end = (
        request.GET.get("worker"),
        _moment(request.GET.get("from")),
        _moment(request.GET.get("to")),
    )
    if worker and worker.isdigit():
        visits = visits.filter(worker_id=int(worker))
    if start:
        visits = visits.filter(visited_at__gte=start)
    if end:
        visits = visits.filter(visited_at__lte=end)
    if request.GET.get("day"):
        visits = visits.filter(visited_at__date=request.GET["day"][:10])
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sweeps/visits.html", {"campaign": campaign, "page": page})


@requires(RECORD_SWEEP)
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_visible_or_404(Visit, request.user, pk=visit_id)
    ids = {*visit.residents.get("present", []), *visit.residents.get("moved_out", [])}
    people = selectors.residents_by_id(request.user, ids)
    return render(
        request,
        "sweeps/visit.html",
        {
            "visit": visit,
            "hazards": visit.hazards.all(),
            "present": [people[i] for i in visit.residents.get("present", []) if i in people],
            "moved_out": [people[i] for i in visit.residents.get("moved_out", []) if i in people],
            "added": set(visit.residents.get("added", [])),
        },
    )
