"""What every app's views share: the person's language, a refusal shown as a message in that
language, and a file download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language


def language() -> str:
    """``"en"`` or ``"vi"``: the language of the messages and findings shown."""
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def refuse(request: HttpRequest, exc: Any) -> None:
    """A service's refusal (``DomainError``, ``RenderError``: ``message_vi``/``message_en``) as
    an error message in the person's language."""
    messages.error(request, exc.message_en if language() == "en" else exc.message_vi)


def attachment(filename: str, mimetype: str, content: bytes) -> HttpResponse:
    """A file to download, never sniffed into another type by the browser; its name in a
    sanitised RFC 6266 header (kehoach.web.files), whatever characters it holds."""
    from kehoach.web.files import content_disposition

    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
