"""Error pages in the app's layout, in Vietnamese: no traceback reaches a user.

A visitor who is not signed in (the public catalogue, a short link, a mistyped address) gets
them in the public layout, which has no form: no CSRF token is made, so no cookie is set —
the public site sets none, errors included (issue 21)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_page(
    request: HttpRequest, status: int, context: dict[str, Any] | None = None
) -> HttpResponse:
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    layout = "base.html" if signed_in else "public/base.html"
    return render(
        request, f"errors/{status}.html", {"layout": layout, **(context or {})}, status=status
    )


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(request, 400, {"where": getattr(exception, "where", "")})


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(request, 403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)
