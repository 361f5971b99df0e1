"""Two small request guards: the language (Vietnamese by default), and NUL characters refused
in query strings.

Vietnamese by default: the language is the one the person chose (the language cookie set by
the switch in the header), never guessed from the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from kehoach.web.views import error_page


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NulMiddleware:
    """A NUL character in a query parameter is refused with a 400 page saying which parameter:
    no document holds one, and PostgreSQL refuses it in text (a search would end in a server
    error). Form fields are covered by Django's own validator, the API by its schemas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)  # the API answers in JSON (its own 422)
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                where = key.replace("\x00", "\\u0000")[:40]
                return error_page(request, 400, {"where": where})
        return self.get_response(request)
