"""Template helpers of the sweep pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """``{{ workers|get_item:flag.worker_id }}``."""
    return mapping.get(key, "")
