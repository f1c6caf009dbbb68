"""Pages of owners' votes: the votes, a vote's live tally with paper-ballot entry, the printed
ballots and the result notice, the estates' bodies, and the owner's own online ballot (no
sign-in: the signed one-time link in ``?t=`` is the owner's key)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.owners import documents, selectors, services
from grassroots.owners.forms import (
    CommitteeForm,
    CompanyForm,
    OnlineBallotForm,
    PaperBallotForm,
    VoteForm,
)
from grassroots.owners.models import Vote
from grassroots.owners.plugin import MANAGE_OWNERS, RECORD_BALLOTS, VIEW_OWNERS
from grassroots.owners.text import threshold_text
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@requires(VIEW_OWNERS)
def vote_list(request: HttpRequest) -> HttpResponse:
    votes = selectors.votes(request.user).order_by("-opens_at", "-pk")[:200]
    return render(
        request,
        "owners/votes.html",
        {
            "votes": votes,
            "now": timezone.now(),
            "may_manage": has_permission(request.user, MANAGE_OWNERS),
        },
    )


@requires(MANAGE_OWNERS)
@once_per_form
def vote_create(request: HttpRequest) -> HttpResponse:
    form = VoteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closes = datetime.datetime.combine(data["closes_on"], datetime.time(23, 59, 59))
        try:
            vote = services.open_vote(
                estate=data["estate"],
                title=data["title"],
                kind=data["kind"],
                matter=data["matter"],
                closes_at=timezone.make_aware(closes),
                buildings=data["buildings"].replace("，", ",").split(","),
                actor=request.user,
            )
        except services.OwnersError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已发起业主表决"))
            return redirect("owners:vote", vote_id=vote.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "owners/vote_form.html", {"form": form}, status=status)


def _tally_context(request: HttpRequest, vote: Vote) -> dict:
    result = selectors.tally(vote)
    return {
        "vote": vote,
        "result": result,
        "bars": selectors.bars(vote, result),
        "is_open": services.is_open(vote),
        "threshold": threshold_text(vote),
    }


@requires(VIEW_OWNERS)
def vote_detail(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = get_visible_or_404(Vote, request.user, pk=vote_id)
    may_record = has_permission(request.user, RECORD_BALLOTS)
    form = PaperBallotForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            raise Http404
        if form.is_valid():
            c = form.cleaned_data
            room = selectors.find_vote_room(
                vote, building=c["building"], unit=c["unit"], number=c["number"]
            )
            if room is None:
                form.add_error("number", _("该房屋不在本次表决范围内"))
            else:
                try:
                    services.enter_ballot(
                        vote, room=room, opinion=c["opinion"], actor=request.user, request=request
                    )
                except services.OwnersError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("已录入%(room)s的表决票") % {"room": room.address})
                    return redirect("owners:vote", vote_id=vote.pk)
    context = _tally_context(request, vote)
    context.update(
        form=form,
        may_record=may_record,
        may_manage=has_permission(request.user, MANAGE_OWNERS),
        buildings=selectors.vote_buildings(vote),
        recent=selectors.recent_ballots(vote) if may_record else [],
    )
    status = 400 if form.is_bound else 200
    return render(request, "owners/vote.html", context, status=status)


@requires(VIEW_OWNERS)
def vote_tally(request: HttpRequest, vote_id: int) -> HttpResponse:
    """The tally alone, for the page to refresh every few seconds."""
    vote = get_visible_or_404(Vote, request.user, pk=vote_id)
    return render(request, "owners/_tally.html", _tally_context(request, vote))


@require_POST
@requires(MANAGE_OWNERS)
def vote_close(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = get_visible_or_404(Vote, request.user, pk=vote_id)
    try:
        result = services.close_vote(vote, actor=request.user)
    except services.OwnersError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("表决已结束：%(r)s") % {"r": _("通过") if result.passed else _("未通过")},
        )
    return redirect("owners:vote", vote_id=vote.pk)


def online_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("owners:online")) + "?" + urlencode({"t": token})


@requires(RECORD_BALLOTS)
def vote_ballots(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Every owner's paper ballot with the QR code of their one-time link."""
    vote = get_visible_or_404(Vote, request.user, pk=vote_id)
    heads = selectors.heads_of(vote)
    tokens = services.links_for(vote, [h.room_id for h in heads])
    doc = documents.ballots_document(vote, heads, lambda h: online_url(request, tokens[h.room_id]))
    return _download(documents.to_bytes(doc), f"ballots-{vote.pk}.docx")


@requires(VIEW_OWNERS)
def vote_notice(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = get_visible_or_404(Vote, request.user, pk=vote_id)
    doc = documents.notice_document(vote, selectors.tally(vote))
    return _download(documents.to_bytes(doc), f"vote-{vote.pk}-notice.docx")


@requires(VIEW_OWNERS)
def estate_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "owners/estates.html",
        {
            "estates": selectors.estate_bodies(request.user),
            "may_manage": has_permission(request.user, MANAGE_OWNERS),
        },
    )


@requires(MANAGE_OWNERS)
@once_per_form
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_property_company(**form.cleaned_data, actor=request.user)
        except services.OwnersError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已登记物业服务企业"))
            return redirect("owners:estates")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("登记物业服务企业")}
    return render(request, "owners/body_form.html", context, status=status)


@requires(MANAGE_OWNERS)
@once_per_form
def committee_create(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_committee(**form.cleaned_data, actor=request.user)
        except services.OwnersError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已登记业主委员会"))
            return redirect("owners:estates")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("登记业主委员会")}
    return render(request, "owners/body_form.html", context, status=status)


def online_ballot(request: HttpRequest) -> HttpResponse:
    """The owner's own ballot by their one-time link; a bad link is a 404."""
    token = request.GET.get("t", "")
    link = services.link_from_token(token)
    if link is None:
        raise Http404
    vote = link.vote
    head = selectors.head_of_room(vote, link.room_id)
    form = OnlineBallotForm(request.POST or None)
    error = ""
    if form.is_bound and form.is_valid():
        try:
            services.cast_online(link, opinion=form.cleaned_data["opinion"], request=request)
        except services.OwnersError as refused:
            error = str(refused)
        else:
            return redirect(f"{reverse('owners:online')}?{urlencode({'t': token})}")
    link = services.link_from_token(token)
    context = {
        "vote": vote,
        "head": head,
        "form": form,
        "error": error,
        "used": link is not None and link.used_at is not None,
        "own_ballot": selectors.link_ballot(link) if link is not None else None,
        "is_open": services.is_open(vote),
    }
    status = 400 if form.is_bound else 200
    return render(request, "owners/online.html", context, status=status)
