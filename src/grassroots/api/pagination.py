"""Page-number pagination with bounded inputs, so no page number can overflow a SQL OFFSET."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200
# Ids are 64-bit database keys; a larger number is malformed input (422), never a query.
MAX_ID = 2**63 - 1


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
        page_size: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"每页条数，最多 {MAX_PAGE_SIZE}",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="符合条件的总条数")
        page: int
        page_size: int

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
