"""The member's own pages on the phone (我的联系户): their households, a contact in two taps, and
what they heard turned into a demand.

A member who is on no roster, or asks for a household or contact that is not theirs, gets the
same 404 as for one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grassroots.demands.selectors import active_categories
from grassroots.members.models import ContactKind
from grassroots.members.plugin import MEMBER_SELF
from grassroots.members.selectors import mine as selectors
from grassroots.members.services.contacts import (
    NOTE_LENGTH,
    ContactError,
    HeardDemand,
    add_contact_note,
    raise_demand_from_contact,
    record_contact,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("情况记录"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DemandForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=100)
    description = forms.CharField(
        label=gettext_lazy("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=gettext_lazy("类别"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories().order_by("full_name")


def _household_url(link_id: int, contact_id: int | None = None) -> str:
    url = reverse("members:mine_household", kwargs={"link_id": link_id})
    return f"{url}?new={contact_id}#contact-{contact_id}" if contact_id else url


@requires(MEMBER_SELF)
def mine(request: HttpRequest) -> HttpResponse:
    """All the member's households, the ones longest out of touch first."""
    member = selectors.my_member(request.user)
    context: dict[str, Any] = {"member": member, "quiet_days": selectors.QUIET_DAYS}
    if member is not None:
        cards = selectors.my_households(request.user)
        context |= {
            "cards": cards,
            "quiet": sum(1 for card in cards if card.quiet),
            "recent": selectors.my_recent_contacts(request.user),
            "raised": selectors.my_raised_contacts(request.user),
        }
    return render(request, "members/mine.html", context)


@requires(MEMBER_SELF)
def household(request: HttpRequest, link_id: int) -> HttpResponse:
    """One household: its residents, the contacts with it, a note for the latest."""
    card = selectors.my_household(request.user, link_id)
    fresh = request.GET.get("new", "")
    return render(
        request,
        "members/mine_household.html",
        {
            "card": card,
            "kinds": ContactKind.choices,
            "fresh": int(fresh) if fresh.isdigit() else None,
            "quiet_days": selectors.QUIET_DAYS,
        },
    )


@requires(MEMBER_SELF)
@require_POST
@once_per_form
def contact(request: HttpRequest, link_id: int) -> HttpResponse:
    """One tap: 走访 / 电话 / 微信 recorded at once; the note can follow on the next page."""
    card = selectors.my_household(request.user, link_id)
    try:
        made = record_contact(
            link=card.link,
            kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""),
            actor=request.user,
            request=request,
        )
    except ContactError as error:
        messages.error(request, str(error))
        return redirect(_household_url(link_id))
    messages.success(
        request,
        _("已记录%(kind)s：%(address)s")
        % {"kind": made.get_kind_display(), "address": card.address},
    )
    return redirect(_household_url(link_id, made.pk))


@requires(MEMBER_SELF)
@require_POST
def contact_note(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Add what was heard to a contact already recorded."""
    found = selectors.my_contact(request.user, contact_id)
    link = selectors.link_of_contact(request.user, found)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("情况记录不能超过%(n)d个字") % {"n": NOTE_LENGTH})
    else:
        try:
            add_contact_note(
                contact=found, note=form.cleaned_data["note"], actor=request.user, request=request
            )
        except ContactError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已保存情况记录"))
    if link is None:
        return redirect("members:mine")
    return redirect(_household_url(link.pk, found.pk))


@requires(MEMBER_SELF)
def raise_demand(request: HttpRequest, contact_id: int) -> HttpResponse:
    """What the member heard, as a demand of the household (channel 党员联系)."""
    found = selectors.my_contact(request.user, contact_id)
    link = selectors.link_of_contact(request.user, found)
    if link is None:
        raise Http404
    if found.demand_id is not None:
        messages.info(request, _("这条联系记录已转为诉求 %(code)s") % {"code": found.demand.code})
        return redirect(_household_url(link.pk))
    form = DemandForm(request.POST or None, initial={"description": found.note})
    if request.method == "POST" and form.is_valid():
        try:
            demand = raise_demand_from_contact(
                contact=found,
                heard=HeardDemand(**form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except ContactError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("已转为诉求，查询码 %(code)s，进入诉求办理流程") % {"code": demand.code}
            )
            return redirect(_household_url(link.pk))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/mine_demand.html",
        {"contact": found, "link": link, "form": form},
        status=status,
    )
