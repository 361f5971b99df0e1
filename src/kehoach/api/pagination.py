"""Every list of the API pages (issue 25: nothing is cut silently): ``limit`` (1–1.000,
default 100) and ``offset`` in the query, the total in ``count``, the page in ``items`` —
django-ninja's limit/offset pagination, so that OpenAPI describes both."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass
class Listing:
    """The rows of a list (a queryset, or a list already computed) and how each becomes the
    item the schema describes; only the page asked for is converted."""

    rows: QuerySet[Any] | Sequence[Any]
    convert: Callable[[Any], Any]


class Paged(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="items per page")
        offset: int = Field(0, ge=0, le=10_000_000, description="items to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        convert: Callable[[Any], Any] = lambda row: row  # noqa: E731
        if isinstance(queryset, Listing):
            queryset, convert = queryset.rows, queryset.convert
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        page = list(queryset[offset : offset + limit])
        return {"items": [convert(row) for row in page], "count": self._items_count(queryset)}
