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
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from grassroots.kernel import once

FIELD = "form_once"

View = Callable[..., HttpResponse]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hidden_input() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


def _back_to_the_form(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("表单已失效，请重新填写后提交（页面可能打开太久或已更新）。"))
    return HttpResponseRedirect(request.get_full_path())


def once_per_form(view: View) -> View:
    """Run a create view's POST once per form token (see the module's description)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
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
