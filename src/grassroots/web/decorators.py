"""View decorators: signed in, and holding a permission, or the page does not exist."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from grassroots.kernel.permissions import has_permission

View = Callable[..., HttpResponse]


def requires(permission: str) -> Callable[[View], View]:
    """Sign-in first; then a user without ``permission`` gets a 404, like an id out of scope.

    A 404 rather than a 403 so a page never confirms that something exists to someone who may
    not see it.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_permission(request.user, permission):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]  # scope walk
        return login_required(wrapped)

    return decorate
