"""Issue 23, one language per answer: the OpenAPI description (/api/v1/openapi.json) is one
document in one language. It describes a program's interface, English like its paths and field
names (docs/api.md), so every text in it (the API's description, each operation's summary and
description, each schema's and field's) is English, whatever the requester's language, and the
answer says so (``Content-Language: en``); the API's errors stay in the requester's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.test import Client

from tests.test_said_in_one_language import english

TEXTS = ("description", "summary", "title")


def texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every human text of an OpenAPI document, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXTS and isinstance(value, str):
                yield f"{path}/{key}", value
            else:
                yield from texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{path}[{i}]")


def openapi(language: str | None) -> tuple[dict[str, Any], str]:
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json(), response["Content-Language"]


def test_the_openapi_description_is_english_whatever_the_requesters_language():
    default, default_language = openapi(None)  # Vietnamese is the default language
    asked, asked_language = openapi("en")
    found = dict(texts(default))
    assert "/info/description" in found and len(found) > 100
    for where, text in found.items():
        assert english(text), where
    assert "docs/api.md" in default["info"]["description"]
    assert default == asked and default_language == asked_language == "en"


def test_the_apis_errors_still_follow_the_requesters_language():
    vietnamese = Client().get("/api/v1/plans")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.get("/api/v1/plans")
    assert vietnamese.status_code == answer.status_code == 401
    assert vietnamese["Content-Language"] == "vi" and answer["Content-Language"] == "en"
    assert vietnamese.json()["message"].startswith("Thiếu mã truy cập API")
    assert english(answer.json()["message"]) == answer.json()["message_en"]
