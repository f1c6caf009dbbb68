"""Micro-wish pages: the lists per status, posting a wish (the household found by its address),
one wish with its photos and history, and the moves on it: a member's or a unit's claim and
fulfilment photo, the community's confirmation, return and cancellation. Photos are served
only within scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form
from grassroots.wishes import selectors
from grassroots.wishes.forms import ClaimForm, ConfirmForm, FulfilForm, ReasonForm, WishForm
from grassroots.wishes.models import WishStatus
from grassroots.wishes.plugin import CLAIM_WISHES, MANAGE_WISHES, VIEW_WISHES
from grassroots.wishes.services import (
    StaleWish,
    WishError,
    cancel_wish,
    claim_wish,
    confirm_wish,
    fulfil_wish,
    post_wish,
    return_fulfilment,
)

# The tabs of the list, in the order of a wish's life.
TABS = (
    (WishStatus.OPEN, gettext_lazy("待认领")),
    (WishStatus.CLAIMED, gettext_lazy("已认领")),
    (WishStatus.FULFILLED, gettext_lazy("待确认")),
    (WishStatus.CONFIRMED, gettext_lazy("已完成")),
    (WishStatus.CANCELLED, gettext_lazy("已取消")),
)

REASONS = {"return": gettext_lazy("退回原因"), "cancel": gettext_lazy("取消原因")}


@requires(VIEW_WISHES)
def wish_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in WishStatus.values:
        status = WishStatus.OPEN
    counts = selectors.status_counts(request.user)
    tabs = [(value, label, counts[value]) for value, label in TABS]
    return render(
        request,
        "wishes/list.html",
        {"wishes": selectors.wish_list(request.user, status), "status": status, "tabs": tabs},
    )


@requires(MANAGE_WISHES)
@once_per_form
def wish_new(request: HttpRequest) -> HttpResponse:
    """Post a wish: search the household by address within scope, then describe the wish."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    households = selectors.households_matching(request.user, query)
    form = WishForm(request.POST or None, households=households)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wish = post_wish(
                household=selectors.household_for(request.user, data["household"]),
                text=data["text"],
                value=data["value"],
                category=data["category"],
                actor=request.user,
            )
        except WishError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("微心愿已发布"))
            return redirect("wishes:detail", wish_id=wish.pk)
    return render(
        request, "wishes/new.html", {"form": form, "query": query, "households": households}
    )


def _forms(request: HttpRequest, page: selectors.WishPage) -> dict[str, Any]:
    """The forms the user may use on the wish, unbound, at its current version."""
    wish, initial = page.wish, {"version": page.wish.version}
    found: dict[str, Any] = {}
    if page.may_claim_as_member or page.units:
        found["claim_form"] = ClaimForm(
            initial=initial, units=page.units, as_member=page.may_claim_as_member
        )
    if page.may_fulfil:
        found["fulfil_form"] = FulfilForm(initial=initial)
    if page.may_manage and wish.status == WishStatus.FULFILLED:
        found["confirm_form"] = ConfirmForm(initial=initial)
        found["return_form"] = ReasonForm(initial=initial, prefix="return", label=REASONS["return"])
    if page.may_manage and wish.status in (
        WishStatus.OPEN,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
    ):
        found["cancel_form"] = ReasonForm(initial=initial, prefix="cancel", label=REASONS["cancel"])
    return found


def _detail(
    request: HttpRequest, wish_id: int, bound: dict[str, Any] | None = None
) -> HttpResponse:
    wish = selectors.wish_for(request.user, wish_id)
    page = selectors.wish_page(request.user, wish)
    context = {"page": page, "wish": page.wish, **_forms(request, page), **(bound or {})}
    return render(request, "wishes/detail.html", context)


@requires(VIEW_WISHES)
def wish_detail(request: HttpRequest, wish_id: int) -> HttpResponse:
    return _detail(request, wish_id)


def _refused(request: HttpRequest, wish_id: int, exc: WishError) -> HttpResponse:
    messages.error(request, str(exc))
    return redirect("wishes:detail", wish_id=wish_id)


@requires(CLAIM_WISHES)
@require_POST
def wish_claim(request: HttpRequest, wish_id: int) -> HttpResponse:
    wish = selectors.wish_for(request.user, wish_id)
    page = selectors.wish_page(request.user, wish)
    form = ClaimForm(request.POST, units=page.units, as_member=page.may_claim_as_member)
    if not form.is_valid():
        return _detail(request, wish_id, {"claim_form": form})
    unit_id = form.cleaned_data["unit"]
    unit = next((u for u in page.units if u.pk == unit_id), None)
    try:
        claim_wish(wish, version=form.cleaned_data["version"], actor=request.user, unit=unit)
    except WishError as exc:
        return _refused(request, wish_id, exc)
    messages.success(request, _("认领成功，请按心愿内容尽快完成并上传照片"))
    return redirect("wishes:detail", wish_id=wish_id)


@requires(CLAIM_WISHES)
@require_POST
def wish_fulfil(request: HttpRequest, wish_id: int) -> HttpResponse:
    wish = selectors.wish_for(request.user, wish_id)
    form = FulfilForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            fulfil_wish(
                wish,
                version=data["version"],
                upload=data["photo"],
                actor=request.user,
                note=data["note"],
            )
        except StaleWish as exc:
            return _refused(request, wish_id, exc)
        except WishError as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, _("已上传完成照片，等待社区确认"))
            return redirect("wishes:detail", wish_id=wish_id)
    return _detail(request, wish_id, {"fulfil_form": form})


@requires(MANAGE_WISHES)
@require_POST
def wish_confirm(request: HttpRequest, wish_id: int) -> HttpResponse:
    wish = selectors.wish_for(request.user, wish_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _detail(request, wish_id, {"confirm_form": form})
    try:
        confirm_wish(
            wish,
            version=form.cleaned_data["version"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except WishError as exc:
        return _refused(request, wish_id, exc)
    messages.success(request, _("已确认完成"))
    return redirect("wishes:detail", wish_id=wish_id)


def _with_reason(
    request: HttpRequest, wish_id: int, prefix: str, move: Any, done: str
) -> HttpResponse:
    wish = selectors.wish_for(request.user, wish_id)
    form = ReasonForm(request.POST, prefix=prefix, label=REASONS[prefix])
    if not form.is_valid():
        return _detail(request, wish_id, {f"{prefix}_form": form})
    try:
        move(
            wish,
            version=form.cleaned_data["version"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except StaleWish as exc:
        return _refused(request, wish_id, exc)
    except WishError as exc:
        form.add_error("reason", str(exc))
        return _detail(request, wish_id, {f"{prefix}_form": form})
    messages.success(request, done)
    return redirect("wishes:detail", wish_id=wish_id)


@requires(MANAGE_WISHES)
@require_POST
def wish_return(request: HttpRequest, wish_id: int) -> HttpResponse:
    return _with_reason(request, wish_id, "return", return_fulfilment, _("已退回认领人重新完成"))


@requires(MANAGE_WISHES)
@require_POST
def wish_cancel(request: HttpRequest, wish_id: int) -> HttpResponse:
    return _with_reason(request, wish_id, "cancel", cancel_wish, _("微心愿已取消"))


@requires(VIEW_WISHES)
def wish_photo(request: HttpRequest, wish_photo_id: int) -> HttpResponse:
    """A fulfilment photo, to those who may see its wish."""
    photo = selectors.photo_for(request.user, wish_photo_id)
    try:
        handle = photo.image.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
