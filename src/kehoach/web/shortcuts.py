"""What every app's views share: the person's language, a refusal shown as a message in that
language, and a file download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from kehoach.web.files import content_disposition
from kehoach.web.language import current, say

# The language of the messages and findings shown: one helper for every edge (issue 24).
language = current


def refuse(request: HttpRequest, exc: Any) -> None:
    """A service's refusal (any :class:`kehoach.core.messages.Refusal`) as an error message in
    the person's language."""
    messages.error(request, say(exc))


def attachment(filename: str, mimetype: str, content: bytes) -> HttpResponse:
    """A file to download, never sniffed into another type by the browser; its name in a
    sanitised RFC 6266 header (kehoach.web.files), whatever characters it holds."""
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
