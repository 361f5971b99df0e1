"""One way to page a list on the web (issue 25: every list paginates, says how many there are
and reaches all of them; nothing is cut silently).

A view wraps its rows — ``paginate(request, rows)`` — and its template adds
``{% include "web/_pagination.html" with page=… %}``. The page keeps the other query
parameters (filters) in its links; a page number out of range shows the last page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50
PARAM = "trang"


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int | None = None,
    param: str = PARAM,
) -> Page:
    """The page of ``rows`` the request asks for (``?trang=N``), with what the include needs:
    the total (``page.paginator.count``), the first and last item's numbers, and the query
    string of the other parameters (``page.query``) and the parameter's name
    (``page.param``)."""
    page = Paginator(rows, per_page or PAGE_SIZE, allow_empty_first_page=True).get_page(
        request.GET.get(param)
    )
    others = request.GET.copy()
    others.pop(param, None)
    page.query = others.urlencode()  # type: ignore[attr-defined]
    page.param = param  # type: ignore[attr-defined]
    return page
