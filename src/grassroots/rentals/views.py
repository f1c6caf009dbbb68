"""Pages of the group-rental campaign: the campaigns, a campaign's report, one case.

The case page carries the form a grid worker uses on a phone to record an action.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.rentals import selectors
from grassroots.rentals.choices import CaseStatus
from grassroots.rentals.forms import ActionForm, CampaignForm
from grassroots.rentals.models import RentalCase
from grassroots.rentals.plugin import MANAGE_RENTALS, RECORD_RENTALS, VIEW_RENTALS
from grassroots.rentals.services import ActionEntry, RentalError, open_campaign, record_action
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


@requires(VIEW_RENTALS)
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = (
        selectors.campaigns(request.user).select_related("node").order_by("-starts_on", "-pk")
    )
    return render(request, "rentals/campaigns.html", {"campaigns": campaigns})


@requires(MANAGE_RENTALS)
@once_per_form
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = open_campaign(
                area=data["area"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=request.user,
                request=request,
            )
        except RentalError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已开展群租房整治行动"))
            return redirect("rentals:report", rental_campaign_id=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "rentals/campaign_form.html", {"form": form}, status=status)


def _as_of(request: HttpRequest) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None


@requires(VIEW_RENTALS)
def campaign_report(request: HttpRequest, rental_campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign(request.user, rental_campaign_id)
    report = selectors.report(request.user, campaign, _as_of(request))
    return render(request, "rentals/report.html", {"campaign": campaign, "report": report})


def _case_context(request: HttpRequest, case: RentalCase, form: ActionForm | None) -> dict:
    can_record = has_permission(request.user, RECORD_RENTALS) and case.status == CaseStatus.OPEN
    if can_record and form is None:
        form = ActionForm(initial={"version": case.version})
    return {"case": case, **selectors.case_history(case), "form": form if can_record else None}


@requires(VIEW_RENTALS)
def case_detail(request: HttpRequest, rental_case_id: int) -> HttpResponse:
    case = selectors.case(request.user, rental_case_id)
    return render(request, "rentals/case.html", _case_context(request, case, None))


@requires(RECORD_RENTALS)
@require_POST
def case_record(request: HttpRequest, rental_case_id: int) -> HttpResponse:
    case = selectors.case(request.user, rental_case_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        entry = ActionEntry(
            on=data["on"],
            method=data["method"],
            outcome=data["outcome"],
            new_use=data["new_use"] or "",
            notes=data["notes"],
        )
        try:
            record_action(case, entry, actor=request.user, version=data["version"], request=request)
        except RentalError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已记录整治措施"))
            return redirect("rentals:case", rental_case_id=case.pk)
    return render(request, "rentals/case.html", _case_context(request, case, form), status=400)
