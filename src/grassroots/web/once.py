"""One write per form: a page's create form carries a one-time token, sent twice it saves once.

The template puts ``{% form_once %}`` inside the ``<form>`` (a hidden input with a new random
token on every rendering); the view is decorated with :func:`once_per_form`. The first submit
claims the token in the transaction of its write (``kernel/once.py``); a second submit of the
same page (a double click, a resend after a slow answer, several at once) writes nothing and is
sent where the first went, with a message. A submit without a valid token (a page rendered
before the form had one, or a stale copy) is turned back to a fresh form, with a message to
fill it in again; nothing is written.

The view must answer a successful submit with a redirect: any other answer (the form again,
with its errors) leaves the token unused, so the corrected form can be sent.

A form on a record's own page posts to a URL naming the record. Before the token is looked at,
every URL parameter the scope registry knows (``@scoped(url_kwargs=...)``) is fetched as the
user may see it: an id outside the user's scope is a 404 whatever the token, as on every page,
never a redirect that would tell it apart from an id that does not exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from grassroots.kernel import once
from grassroots.kernel.scope import get_visible_or_404, model_for_url_kwarg

FIELD = "form_once"

View = Callable[..., HttpResponse]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hidden_input() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


def _back_to_the_form(request: HttpRequest) -> HttpResponse:
    """To the page the form was on: the one it came from (a record's page posting to a POST-only
    URL), else the form's own URL."""
    messages.error(request, _("表单已失效，请重新填写后提交（页面可能打开太久或已更新）。"))
    came_from = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(came_from if safe else request.get_full_path())


def _ids_in_scope(request: HttpRequest, kwargs: dict[str, Any]) -> None:
    """Http404 unless every scoped id in the URL is one the user may see."""
    for name, value in kwargs.items():
        model = model_for_url_kwarg(name)
        if model is not None:
            get_visible_or_404(model, request.user, pk=value)


def once_per_form(view: View) -> View:
    """Run a create view's POST once per form token (see the module's description)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        _ids_in_scope(request, kwargs)
        token = request.POST.get(FIELD, "")
        if not once.TOKEN_PATTERN.fullmatch(token):
            return _back_to_the_form(request)
        outcome = once.submit_once(
            token=token,
            account=request.user,
            path=request.path,
            work=lambda: view(request, *args, **kwargs),
        )
        if not isinstance(outcome, once.Submitted):
            return outcome  # type: ignore[return-value]  # the view's own answer
        if not outcome.url:
            return _back_to_the_form(request)
        messages.info(request, _("该表单已提交，未重复保存。"))
        return HttpResponseRedirect(outcome.url)

    return wrapped
