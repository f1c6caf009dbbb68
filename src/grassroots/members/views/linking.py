"""The 一联十 page (分配联系户): a community secretary gives households to members.

One page per community: the target, each grid's count, the suggestion with one button to
accept it all, and one grid at a time (``?grid=``) with its members, their households and the
occupied households nobody is linked to yet. Every form posts to its own URL and comes back
to the page; a refusal shows next to its field.
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

from grassroots.members.plugin import MANAGE_MEMBERS
from grassroots.members.selectors import linking as selectors
from grassroots.members.services.linking import (
    MAX_TARGET,
    LinkError,
    accept_suggestion,
    link_household,
    set_link_target,
    unlink_household,
)
from grassroots.org.models import Level, OrgNode
from grassroots.web.decorators import requires

SKIPPED_LISTED = 20  # skipped proposals named in the message; the rest are counted


class AssignForm(forms.Form):
    member = forms.IntegerField(
        label=gettext_lazy("党员"), error_messages={"required": gettext_lazy("请选择党员")}
    )
    household = forms.IntegerField(
        label=gettext_lazy("联系户"), error_messages={"required": gettext_lazy("请选择一户")}
    )


class TargetForm(forms.Form):
    households = forms.IntegerField(
        label=gettext_lazy("每名党员联系户数"),
        min_value=1,
        max_value=MAX_TARGET,
        error_messages={"required": gettext_lazy("请填写联系户数")},
    )
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _page_url(community: OrgNode, grid_id: int | None = None) -> str:
    url = reverse("members:links_community", kwargs={"node_id": community.pk})
    return f"{url}?grid={grid_id}" if grid_id else url


def _community(request: HttpRequest, node_id: int) -> OrgNode:
    community = selectors.community_of(request.user, selectors.node(request.user, node_id))
    if community is None:
        raise Http404
    return community


def _page(
    request: HttpRequest,
    community: OrgNode,
    grid: OrgNode | None,
    *,
    assign: AssignForm | None = None,
    target: TargetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    board = selectors.board(request.user, community, grid)
    context: dict[str, Any] = {
        "board": board,
        "assign": assign or AssignForm(),
        "target_form": target
        or TargetForm(initial={"households": board.target, "expected": board.target}),
    }
    return render(request, "members/links.html", context, status=status)


def _chooser(request: HttpRequest, under: OrgNode | None) -> HttpResponse:
    communities = selectors.communities(request.user, under)
    return render(
        request, "members/links_choose.html", {"communities": communities, "under": under}
    )


@requires(MANAGE_MEMBERS)
def links_home(request: HttpRequest) -> HttpResponse:
    """The user's own community's page, or the communities to choose from above one."""
    at = request.user.org_node  # type: ignore[union-attr]
    community = selectors.community_of(request.user, at) if at is not None else None
    if community is not None:
        return redirect("members:links_community", node_id=community.pk)
    return _chooser(request, at)


@requires(MANAGE_MEMBERS)
def links_community(request: HttpRequest, node_id: int) -> HttpResponse:
    """One community's page; a grid's id opens its community at that grid, a street's the
    communities under it."""
    at = selectors.node(request.user, node_id)
    community = selectors.community_of(request.user, at)
    if community is None:
        return _chooser(request, at)
    grid = at if at.level == Level.GRID else None
    if grid is None and request.GET.get("grid"):
        grid = selectors.grid_in(request.user, community, request.GET["grid"])
    return _page(request, community, grid)


@requires(MANAGE_MEMBERS)
@require_POST
def links_assign(request: HttpRequest, node_id: int) -> HttpResponse:
    community = _community(request, node_id)
    form = AssignForm(request.POST)
    grid = None
    if form.is_valid():
        member = selectors.member_in(request.user, community, form.cleaned_data["member"])
        household = selectors.household_in(request.user, community, form.cleaned_data["household"])
        grid = member.grid
        try:
            link_household(member=member, household=household, actor=request.user, request=request)
        except LinkError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(
                request,
                _("已将%(address)s分配给党员%(name)s")
                % {"address": household.room.address, "name": member.person.name},
            )
            return redirect(_page_url(community, member.grid_id))
    return _page(request, community, grid, assign=form, status=400)


def _pairs(text: str) -> list[tuple[int, int]]:
    """``member:household,...`` as posted by the accept form; anything else is left out."""
    pairs = []
    for item in text.split(","):
        member, _sep, household = item.partition(":")
        if member.strip().isdigit() and household.strip().isdigit():
            pair = (int(member), int(household))
            if max(pair) <= selectors.MAX_ID:
                pairs.append(pair)
    return pairs


@requires(MANAGE_MEMBERS)
@require_POST
def links_accept(request: HttpRequest, node_id: int) -> HttpResponse:
    """Make every proposed link shown; those no longer possible are named, the rest made."""
    community = _community(request, node_id)
    pairs = _pairs(request.POST.get("pairs", ""))
    if not pairs:
        messages.error(request, _("没有可接受的建议"))
        return redirect(_page_url(community))
    result = accept_suggestion(
        community=community, pairs=pairs, actor=request.user, request=request
    )
    messages.success(request, _("已接受建议，新增%(n)s个联系户") % {"n": len(result.created)})
    if result.skipped:
        named = "；".join(
            f"{s.member_name} → {s.address}（{s.reason}）" for s in result.skipped[:SKIPPED_LISTED]
        )
        more = len(result.skipped) - SKIPPED_LISTED
        if more > 0:
            named += _("；另有%(n)s条") % {"n": more}
        messages.warning(
            request,
            _("以下%(n)s条建议未分配：%(list)s") % {"n": len(result.skipped), "list": named},
        )
    return redirect(_page_url(community))


@requires(MANAGE_MEMBERS)
@require_POST
def links_target(request: HttpRequest, node_id: int) -> HttpResponse:
    community = _community(request, node_id)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            set_link_target(
                community=community,
                households=form.cleaned_data["households"],
                expected=form.cleaned_data["expected"],
                actor=request.user,
                request=request,
            )
        except LinkError as error:
            form.add_error("households" if error.field else None, str(error))
        else:
            messages.success(
                request, _("每名党员联系户数已设为%(n)s户") % {"n": form.cleaned_data["households"]}
            )
            return redirect(_page_url(community))
    return _page(request, community, None, target=form, status=400)


@requires(MANAGE_MEMBERS)
@require_POST
def links_unlink(request: HttpRequest, link_id: int) -> HttpResponse:
    link = selectors.link(request.user, link_id)
    community = selectors.community_of(request.user, link.member.grid)
    if community is None:
        raise Http404
    try:
        unlink_household(link=link, actor=request.user, request=request)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已解除党员%(name)s与%(address)s的联系")
            % {"name": link.member.person.name, "address": link.household.room.address},
        )
    return redirect(_page_url(community, link.member.grid_id))
