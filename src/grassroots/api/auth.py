"""Permission checks for API operations (接口权限).

Who the caller is (a Bearer token or the session of a signed-in browser) is settled by the
authentication classes that accounts provide (``accounts/api_auth.py``); this is what every
app's API module asks once the caller is known.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError

from grassroots.kernel.permissions import has_permission


def require_permission(account: Any, permission: str) -> None:
    """403 unless the account's roles grant ``permission``; checked before any lookup by id."""
    if not has_permission(account, permission):
        raise AuthorizationError(message=_("您的角色无权进行此操作"))
