"""Which activity kind and which medium a phrase speaks of ("20 phóng sự ngắn truyền hình" ->
report, tv). The words live in ``data/activity_kinds.json``; this module only applies them."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from kehoach.core.text import fold

_LEADING_NUMBER = re.compile(r"^\s*[\d.,]+\s*")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("kehoach.core").joinpath("data/activity_kinds.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", fold(text)).strip() + " "


def _strip_lead(folded: str) -> str:
    leads = [fold(w) for w in _data()["lead_words"]]
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if folded.startswith(f" {lead} "):
                folded = folded[len(lead) + 1 :]
                changed = True
    return folded


def activity_kind(text: str, *, anywhere: bool = True) -> str | None:
    """The kind a phrase names, looked for first at its start (after a number and lead words
    such as "xây dựng"), then, if ``anywhere``, inside it."""
    folded = _strip_lead(_words(_LEADING_NUMBER.sub("", text)))
    kinds = _data()["kinds"]
    for kind in kinds:
        for keyword in kind["keywords"]:
            if folded.startswith(f" {fold(keyword)} "):
                return str(kind["code"])
    if not anywhere:
        return None
    for kind in kinds:
        prefix_only = {fold(k) for k in kind.get("prefix_only", [])}
        for keyword in kind["keywords"]:
            key = fold(keyword)
            if key not in prefix_only and f" {key} " in folded:
                return str(kind["code"])
    return None


def medium(text: str) -> str | None:
    """tv, radio or print when the phrase names exactly one of them."""
    folded = _words(text)
    found = {
        str(code)
        for code, words in _data()["media"].items()
        if any(f" {fold(w)} " in folded for w in words)
    }
    # "Đài Truyền thanh - Truyền hình" names two media: the phrase does not decide.
    return found.pop() if len(found) == 1 else None


def kind_label(code: str | None, lang: str = "vi") -> str:
    for kind in _data()["kinds"]:
        if kind["code"] == code:
            return str(kind[lang])
    return code or ""
