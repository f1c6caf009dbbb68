"""Posting a page's create form in a test as the browser would: with its one-time token."""

from __future__ import annotations

from typing import Any

from grassroots.web.once import FIELD, new_token


def once(data: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """``data`` and ``fields`` plus a new form token ({% form_once %} in the template)."""
    return {**(data or {}), **fields, FIELD: new_token()}
